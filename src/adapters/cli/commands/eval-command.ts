import { type Command, Option } from 'commander';
import { type Application, openApplication } from '../../../application.js';
import {
  answerMetrics,
  citesGold,
  type ItemAnswerMetrics,
  itemAnswerMetrics,
} from '../../../evaluation/answer-metrics.js';
import { readEvaluationFile } from '../../../evaluation/question-file.js';
import { firstGoldRank, retrievalMetrics } from '../../../evaluation/retrieval-metrics.js';
import type { RetrievalMode } from '../../../retrieval/retriever.js';
import type { CommandContext } from '../program.js';
import { parsePositiveInteger } from './search-command.js';

interface EvalOptions {
  readonly json?: boolean;
  readonly k?: string;
  readonly mode?: RetrievalMode;
}

export function registerEvalCommand(program: Command, context: CommandContext): void {
  program
    .command('eval')
    .description('evaluate retrieval and answers on a JSON-lines question file')
    .argument('<file>', 'JSON lines with id, question, gold, answerable')
    .option('--json', 'print items and metrics as JSON')
    .option('--k <n>', 'passages retrieved per question (default 10)')
    .addOption(
      new Option('--mode <mode>', 'retrieval mode')
        .choices(['hybrid', 'lexical', 'vector'])
        .default('hybrid'),
    )
    .action(async (file: string, options: EvalOptions) => {
      const config = context.loadConfig();
      const k = parsePositiveInteger(options.k, '--k', 10);
      const evaluationFile = readEvaluationFile(file);
      const application = openApplication(config);
      try {
        if (evaluationFile.kind === 'advice') {
          await evaluateAdvice(application, evaluationFile.items, context, options.json ?? false);
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
        if (options.json) {
          context.output.out(JSON.stringify({ items, metrics }, null, 2));
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
      } finally {
        application.close();
      }
    });
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
  readonly kind: string;
  readonly flagged: boolean;
  readonly signals: readonly string[];
}

/**
 * Advice files (`text`, `individualized`): each text goes through the whole pipeline; it counts
 * as flagged when the reply is individualized or refused (or an emergency that also found a
 * personal legal question). Texts are not echoed in the output, since they may be personal.
 */
async function evaluateAdvice(
  application: Application,
  items: ReadonlyArray<{ id?: string | undefined; text: string; individualized: boolean; line: number }>,
  context: CommandContext,
  json: boolean,
): Promise<void> {
  const results: AdviceEvaluationItem[] = [];
  for (const item of items) {
    const decision = await application.policy.classify(item.text);
    const answer = await application.answers.ask({ question: item.text });
    const flagged = answer.kind === 'individualized' || answer.kind === 'refused' || decision.individualized;
    results.push({
      id: item.id ?? `line ${item.line}`,
      individualized: item.individualized,
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
  };
  if (json) {
    context.output.out(JSON.stringify({ items: results, metrics }, null, 2));
    return;
  }
  for (const result of results) {
    const outcome =
      result.flagged === result.individualized ? 'ok' : result.individualized ? 'MISSED' : 'FALSE POSITIVE';
    context.output.out(
      `${result.id.padEnd(10)} ${result.kind.padEnd(15)} ${outcome.padEnd(15)} ${result.signals.join(',')}`,
    );
  }
  context.output.out(
    Object.entries(metrics)
      .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(3)}`)
      .join('  '),
  );
}
