import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { Answer } from '../../../answer/answer.js';
import { type Application, openConfiguredApplication } from '../../../application.js';
import { type Audience, audiences } from '../../../core/config.js';
import { AmicusError, ErrorCode } from '../../../core/errors.js';
import { formatZodIssues } from '../../../core/zod-errors.js';
import {
  answerMetrics,
  citesGold,
  type ItemAnswerMetrics,
  itemAnswerMetrics,
} from '../../../evaluation/answer-metrics.js';
import {
  compareEvaluations,
  type EvaluatedItem,
  type EvaluationComparison,
  earlierEvaluationSchema,
} from '../../../evaluation/compare.js';
import { meetsExpectation, policyMetrics } from '../../../evaluation/policy-metrics.js';
import { type AdviceItem, readEvaluationFile } from '../../../evaluation/question-file.js';
import { firstGoldRank, retrievalMetrics } from '../../../evaluation/retrieval-metrics.js';
import type { RetrievalMode } from '../../../retrieval/retriever.js';
import type { CommandContext } from '../../shared/command-context.js';
import { parsePositiveInteger } from './search-command.js';

interface EvalOptions {
  readonly json?: boolean;
  readonly k?: string;
  readonly mode?: RetrievalMode;
  readonly audience?: Audience;
  readonly compare?: string;
}

export function registerEvalCommand(program: Command, context: CommandContext): void {
  program
    .command('eval')
    .description('evaluate retrieval and answers on a JSON-lines question file')
    .argument('<file>', 'JSON lines with id, question, gold, answerable')
    .option('--json', 'print items and metrics as JSON')
    .option('--k <n>', 'passages retrieved per question (default 10)')
    .option(
      '--compare <file>',
      'an earlier `amicus eval --json` output: print which items got better or worse',
    )
    .addOption(
      new Option('--mode <mode>', 'retrieval mode')
        .choices(['hybrid', 'lexical', 'vector'])
        .default('hybrid'),
    )
    .addOption(
      new Option(
        '--audience <audience>',
        'who asks, for an advice file (default: deployment.audience)',
      ).choices(audiences),
    )
    .action(async (file: string, options: EvalOptions) => {
      const config = context.loadConfig();
      const k = parsePositiveInteger(options.k, '--k', 10);
      const evaluationFile = readEvaluationFile(file);
      const earlier = options.compare === undefined ? undefined : readEarlierEvaluation(options.compare);
      const application = await openConfiguredApplication(config);
      try {
        if (evaluationFile.kind === 'advice') {
          await evaluateAdvice(application, evaluationFile.items, context, {
            json: options.json ?? false,
            audience: options.audience ?? config.deployment.audience,
          });
          return;
        }
        const items = [];
        for (const item of evaluationFile.items) {
          const results = await application.retriever.retrieve({
            query: item.question,
            k: Math.max(k, 10),
            mode: options.mode ?? 'hybrid',
          });
          const answer = await application.answers.ask({ question: item.question });
          items.push({
            id: item.id,
            question: item.question,
            answerable: item.answerable,
            gold: item.gold,
            retrieved: results.map((result) => result.passage.label),
            kind: answer.kind,
            cited: answer.sources.map((source) => source.label),
            answerMetrics: itemAnswerMetrics({ answerable: item.answerable, gold: item.gold, answer }),
            answer,
          });
        }
        const metrics = { ...retrievalMetrics(items), ...answerMetrics(items) };
        const comparison = earlier === undefined ? undefined : compareEvaluations(earlier, items);
        if (options.json) {
          context.output.out(
            JSON.stringify({ items, metrics, ...(comparison ? { comparison } : {}) }, null, 2),
          );
          return;
        }
        for (const item of items) {
          const rank = item.gold.length > 0 ? firstGoldRank(item.retrieved, item.gold) : undefined;
          const goldCited =
            item.gold.length > 0 ? (citesGold(item.answer, item.gold) ? 'cites gold' : 'no gold cited') : '';
          const outcome =
            item.gold.length === 0 ? 'no gold' : rank === undefined ? 'MISS' : `gold at ${rank}`;
          context.output.out(
            `${item.id.padEnd(10)} ${outcome.padEnd(10)} ${item.kind.padEnd(10)} ${goldCited.padEnd(13)} ${item.retrieved.slice(0, 3).join(' | ')}  — ${describeAnswer(item.answerMetrics)}`,
          );
        }
        context.output.out(
          Object.entries(metrics)
            .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(3)}`)
            .join('  '),
        );
        if (comparison) context.output.out(describeComparison(comparison, options.compare ?? ''));
      } finally {
        await application.close();
      }
    });
}

/** The items of an earlier `amicus eval --json` run, validated, naming the file and field on error. */
function readEarlierEvaluation(file: string): EvaluatedItem[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AmicusError(
      ErrorCode.InputInvalid,
      `--compare ${file}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)})`,
      { location: file },
    );
  }
  const parsed = earlierEvaluationSchema.safeParse(value);
  if (!parsed.success) {
    throw new AmicusError(
      ErrorCode.InputInvalid,
      `--compare ${file}: not an \`amicus eval --json\` output of a question file (${formatZodIssues(parsed.error)})`,
      { location: file },
    );
  }
  return parsed.data.items;
}

function describeComparison(comparison: EvaluationComparison, file: string): string {
  const lines = [
    `Compared with ${file}: ${comparison.better.length} better, ${comparison.worse.length} worse, ${comparison.unchanged} unchanged`,
  ];
  for (const change of comparison.better)
    lines.push(`  better  ${change.id}: ${change.before} → ${change.after}`);
  for (const change of comparison.worse)
    lines.push(`  WORSE   ${change.id}: ${change.before} → ${change.after}`);
  if (comparison.added.length > 0) lines.push(`  new items: ${comparison.added.join(', ')}`);
  if (comparison.removed.length > 0)
    lines.push(`  items no longer in the file: ${comparison.removed.join(', ')}`);
  return lines.join('\n');
}

/** "first gold  precision 0.50  132 words  3 sources", or "FALSE NO-ANSWER". */
function describeAnswer(metrics: ItemAnswerMetrics): string {
  if (metrics.falseNoAnswer) return 'FALSE NO-ANSWER';
  const first =
    metrics.firstCitedGold === undefined ? '' : metrics.firstCitedGold ? 'first gold' : 'first not gold';
  const precision =
    metrics.citationPrecision === undefined ? '' : `precision ${metrics.citationPrecision.toFixed(2)}`;
  const size = metrics.sources === 0 ? '' : `${metrics.words} words ${metrics.sources} sources`;
  return [first, precision, size].filter((part) => part.length > 0).join('  ');
}

interface AdviceEvaluationItem {
  readonly id: string;
  readonly individualized: boolean;
  readonly expected: AdviceItem['expected'];
  readonly kind: Answer['kind'];
  readonly flagged: boolean;
  readonly signals: readonly string[];
}

/**
 * Advice files (`text`, `individualized`): each text goes through the whole pipeline; it counts
 * as flagged when the reply is individualized or refused (or an emergency that also found a
 * personal legal question). Items with `expected` are also compared by kind, per category.
 * Texts are not echoed in the output, since they may be personal.
 */
async function evaluateAdvice(
  application: Application,
  items: ReadonlyArray<AdviceItem & { line: number }>,
  context: CommandContext,
  options: { json: boolean; audience: Audience },
): Promise<void> {
  const { json, audience } = options;
  const results: AdviceEvaluationItem[] = [];
  for (const item of items) {
    const decision = await application.policy.classify(item.text, { audience });
    const answer = await application.answers.ask({ question: item.text, audience });
    const flagged = answer.kind === 'individualized' || answer.kind === 'refused' || decision.individualized;
    results.push({
      id: item.id ?? `line ${item.line}`,
      individualized: item.individualized,
      expected: item.expected,
      kind: answer.kind,
      flagged,
      signals: decision.signals,
    });
  }
  const personal = results.filter((result) => result.individualized);
  const general = results.filter((result) => !result.individualized);
  const share = (count: number, total: number) => (total === 0 ? 0 : count / total);
  const metrics = {
    items: results.length,
    individualizedItems: personal.length,
    generalItems: general.length,
    individualizedRecall: share(personal.filter((result) => result.flagged).length, personal.length),
    falsePositiveRate: share(general.filter((result) => result.flagged).length, general.length),
    ...policyMetrics(
      results.flatMap((result) =>
        result.expected === undefined ? [] : [{ expected: result.expected, kind: result.kind }],
      ),
    ),
  };
  if (json) {
    context.output.out(JSON.stringify({ items: results, metrics }, null, 2));
    return;
  }
  for (const result of results) {
    const outcome =
      result.expected !== undefined
        ? meetsExpectation({ expected: result.expected, kind: result.kind })
          ? 'ok'
          : `WANTED ${result.expected}`
        : result.flagged === result.individualized
          ? 'ok'
          : result.individualized
            ? 'MISSED'
            : 'FALSE POSITIVE';
    context.output.out(
      `${result.id.padEnd(10)} ${result.kind.padEnd(15)} ${outcome.padEnd(22)} ${result.signals.join(',')}`,
    );
  }
  context.output.out(
    Object.entries(metrics)
      .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(3)}`)
      .join('  '),
  );
}
