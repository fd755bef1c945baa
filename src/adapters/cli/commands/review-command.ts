import { type Command, Option } from 'commander';
import type { z } from 'zod';
import { renderPlainText } from '../../../answer/renderers/plain-text.js';
import { type Application, openConfiguredApplication } from '../../../application.js';
import { AmicusError, ErrorCode } from '../../../core/errors.js';
import { formatZodIssues } from '../../../core/zod-errors.js';
import type { ApprovalStatus } from '../../../review/approved-answers.js';
import {
  type AuditEntry,
  type ReviewItem,
  type ReviewReason,
  type ReviewStatus,
  type ReviewVerdict,
  reviewerNameSchema,
  reviewNoteSchema,
  reviewReasons,
  reviewStatuses,
  reviewVerdicts,
} from '../../../review/review-store.js';
import type { CommandContext } from '../../shared/command-context.js';

/**
 * `amicus review …`: the review queue from the command line. Reviewers list and open items,
 * resolve them with a verdict, approve answers to be served again, and export their judgements
 * as an evaluation set. Every action names its reviewer (`--by`) for the audit trail.
 */
export function registerReviewCommand(program: Command, context: CommandContext): void {
  const review = program.command('review').description('the staff review queue and approved answers');

  review
    .command('list')
    .description('list review items, newest first')
    .option('--json', 'print as JSON')
    .addOption(new Option('--status <status>', 'only open or resolved items').choices(reviewStatuses))
    .addOption(new Option('--reason <reason>', 'only items with this reason').choices(reviewReasons))
    .action(async (options: { json?: boolean; status?: ReviewStatus; reason?: ReviewReason }) =>
      withApplication(context, async (application) => {
        const items = await application.review.queue.list({ status: options.status, reason: options.reason });
        if (options.json) {
          context.output.out(JSON.stringify({ items }, null, 2));
          return;
        }
        if (items.length === 0) {
          context.output.out('No review items.');
          return;
        }
        for (const item of items) context.output.out(describeItem(item));
      }),
    );

  review
    .command('show')
    .description('show one item: the question, the answer, its reasons and its audit trail')
    .argument('<id>', 'the item number')
    .option('--json', 'print as JSON')
    .action(async (id: string, options: { json?: boolean }) =>
      withApplication(context, async (application) => {
        const { item, audit } = await application.review.queue.show(parseItemId(id));
        if (options.json) {
          context.output.out(JSON.stringify({ item, audit }, null, 2));
          return;
        }
        context.output.out(showItem(item, audit));
      }),
    );

  review
    .command('resolve')
    .description('resolve an item: correct, wrong (with a note) or needs-source')
    .argument('<id>', 'the item number')
    .addOption(new Option('--verdict <verdict>', 'the verdict').choices(reviewVerdicts).makeOptionMandatory())
    .option('--note <text>', 'what is wrong, or what source is missing')
    .requiredOption('--by <name>', 'who resolves it (kept in the audit trail)')
    .action(async (id: string, options: { verdict: ReviewVerdict; note?: string; by: string }) =>
      withApplication(context, async (application) => {
        const item = await application.review.queue.resolve(parseItemId(id), {
          verdict: options.verdict,
          note:
            options.note === undefined ? undefined : parseOption(reviewNoteSchema, options.note, '--note'),
          by: parseOption(reviewerNameSchema, options.by, '--by'),
        });
        context.output.out(`Item ${item.id} resolved as ${item.verdict} by ${item.resolvedBy}.`);
      }),
    );

  review
    .command('approve')
    .description('approve an answer: it is served again for the same question and close paraphrases')
    .argument('<answerId>', 'the id of a recorded answer (the "id" field of its JSON)')
    .requiredOption('--by <name>', 'who approves it (shown as "Reviewed by <name>")')
    .option(
      '--question-pattern <words>',
      'also serve it for questions matching these words; * matches any words',
    )
    .action(async (answerId: string, options: { by: string; questionPattern?: string }) =>
      withApplication(context, async (application) => {
        const approval = await application.review.approved.approve({
          answerId,
          by: parseOption(reviewerNameSchema, options.by, '--by'),
          questionPattern: options.questionPattern,
        });
        context.output.out(
          `Approved answer ${approval.answerId} (approval ${approval.id}) by ${approval.approvedBy} on ${approval.approvedOn}; ` +
            `it cites ${approval.passages.length} passage${approval.passages.length === 1 ? '' : 's'}, and expires when any of them changes.`,
        );
      }),
    );

  review
    .command('approved')
    .description('list approved answers and whether they are still served')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) =>
      withApplication(context, async (application) => {
        // A re-ingest since the last question may have changed a cited passage: check first.
        await application.review.approved.checkSources();
        const approvals = await application.review.approved.list();
        if (options.json) {
          context.output.out(JSON.stringify({ approvals }, null, 2));
          return;
        }
        if (approvals.length === 0) {
          context.output.out('No approved answers.');
          return;
        }
        for (const status of approvals) context.output.out(describeApproval(status));
      }),
    );

  review
    .command('export')
    .description('write resolved items as an evaluation file (JSON lines) on stdout')
    .addOption(new Option('--format <format>', 'output format').choices(['eval']).makeOptionMandatory())
    .action(async () =>
      withApplication(context, async (application) => {
        const lines = await application.review.exportEval();
        if (lines.length > 0) context.output.out(lines.join('\n'));
        context.output.error(
          `Exported ${lines.length} item${lines.length === 1 ? '' : 's'} (correct and needs-source verdicts).`,
        );
      }),
    );
}

/** `amicus gaps [--json] [--since YYYY-MM-DD]`. */
export function registerGapsCommand(program: Command, context: CommandContext): void {
  program
    .command('gaps')
    .description('questions the corpus could not answer, grouped into topics (what to vet next)')
    .option('--json', 'print as JSON')
    .option('--since <date>', 'only questions from this date on (YYYY-MM-DD)')
    .action(async (options: { json?: boolean; since?: string }) => {
      if (options.since !== undefined && !isIsoDate(options.since)) {
        throw new AmicusError(
          ErrorCode.Usage,
          `--since must be a date as YYYY-MM-DD, got "${options.since}"`,
          {
            location: '--since',
          },
        );
      }
      await withApplication(context, async (application) => {
        const gaps = await application.review.gaps(options.since);
        if (options.json) {
          context.output.out(JSON.stringify({ since: options.since ?? null, gaps }, null, 2));
          return;
        }
        if (gaps.length === 0) {
          context.output.out('No coverage gaps recorded.');
          return;
        }
        for (const gap of gaps) {
          context.output.out(
            [
              `${String(gap.count).padStart(4)}  ${gap.topic}  (no-answer ${gap.reasons.noAnswer}, needs-source ${gap.reasons.needsSource})`,
              ...gap.examples.map((example) => `        - ${oneLine(example, 110)}`),
            ].join('\n'),
          );
        }
      });
    });
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/**
 * Opens the configured store: with `store.url` the queue every replica files into is in
 * PostgreSQL, and the data directory's state.db would be an empty queue of this machine's own.
 */
async function withApplication(
  context: CommandContext,
  action: (application: Application) => Promise<void>,
): Promise<void> {
  const application = await openConfiguredApplication(context.loadConfig());
  try {
    await action(application);
  } finally {
    await application.close();
  }
}

function parseItemId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) {
    throw new AmicusError(ErrorCode.Usage, `<id> must be an item number such as 12, got "${value}"`, {
      location: '<id>',
    });
  }
  return id;
}

function parseOption<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  option: string,
): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AmicusError(ErrorCode.Usage, `${option}: ${formatZodIssues(parsed.error)}`, {
      location: option,
    });
  return parsed.data;
}

function oneLine(text: string, length: number): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length <= length ? folded : `${folded.slice(0, length - 1)}…`;
}

function reasonList(item: ReviewItem): string {
  return [...new Set(item.reasons.map((entry) => entry.reason))].join(',');
}

function describeItem(item: ReviewItem): string {
  const where = item.channel ? `${item.surface} ${item.channel}` : item.surface;
  const verdict = item.verdict ? ` ${item.verdict}` : '';
  return `#${String(item.id).padEnd(5)} ${item.status}${verdict}  ${reasonList(item)}  ${where}  ${item.createdAt.slice(0, 16)}  ${oneLine(item.question, 80)}`;
}

function showItem(item: ReviewItem, audit: readonly AuditEntry[]): string {
  const lines = [
    `Item ${item.id} (${item.status}${item.verdict ? `, ${item.verdict}` : ''})`,
    `Question: ${item.question}`,
    `Answer: ${item.answerId} (${item.answer.kind}, ${item.answer.generatedBy})`,
    `Surface: ${item.surface}${item.channel ? `, channel ${item.channel}` : ''}${item.userId ? `, user ${item.userId}` : ''}`,
    `Created ${item.createdAt}; updated ${item.updatedAt}`,
  ];
  if (item.resolvedBy)
    lines.push(`Resolved by ${item.resolvedBy} on ${item.resolvedAt}${item.note ? `: ${item.note}` : ''}`);
  lines.push('', 'Reasons:');
  for (const entry of item.reasons) {
    lines.push(`  ${entry.at.slice(0, 16)} ${entry.reason}${entry.detail ? `: ${entry.detail}` : ''}`);
    for (const change of entry.diffs) lines.push(`    ${change.label} ${change.change}: ${change.diff}`);
  }
  lines.push('', 'Answer as served:', renderPlainText(item.answer, { colour: false }), '', 'Audit trail:');
  for (const entry of audit)
    lines.push(
      `  ${entry.at.slice(0, 19)}  ${entry.actor}  ${entry.action}${entry.detail ? `  ${entry.detail}` : ''}`,
    );
  return lines.join('\n');
}

function describeApproval({ approval, changes }: ApprovalStatus): string {
  const state =
    approval.state === 'expired'
      ? `expired ${approval.expiredAt?.slice(0, 10) ?? ''}`
      : changes.length > 0
        ? 'sources changed (expires when next asked)'
        : 'served';
  const pattern = approval.questionPattern ? `  pattern "${approval.questionPattern}"` : '';
  return [
    `${String(approval.id).padEnd(4)} ${state}  by ${approval.approvedBy} on ${approval.approvedOn}  served ${approval.servedCount}×  ${approval.answerId}${pattern}`,
    `     ${oneLine(approval.question, 100)}`,
    `     cites ${approval.passages.map((passage) => passage.label).join('; ')}`,
  ].join('\n');
}
