import type { Command } from 'commander';
import { openConfiguredApplication } from '../../../application.js';
import type { AmicusConfig } from '../../../core/config.js';
import type { IngestReport } from '../../../corpus/ingest.js';
import type { CommandContext } from '../../shared/command-context.js';
import { ProgressBar } from '../progress.js';

interface IngestCommandOptions {
  readonly allowUnvetted?: boolean;
  readonly replace?: boolean;
  readonly json?: boolean;
}

/** The `ingest` section of the configuration, as the ingester takes it. */
function ingestLimits(config: AmicusConfig, output: CommandContext['output']) {
  const dataDirectory = config.dataDirectory;
  return {
    maxFileBytes: config.ingest.maxFileBytes,
    maxRecordBytes: config.ingest.maxRecordBytes,
    maxPassagesPerDocument: config.ingest.maxPassagesPerDocument,
    lockWaitMs: config.ingest.lockWaitSeconds * 1000,
    onWaiting: () =>
      output.error(
        `Another ingest is running on ${dataDirectory}; waiting up to ${config.ingest.lockWaitSeconds} s for it to finish (ingest.lockWaitSeconds)…`,
      ),
  };
}

export function registerIngestCommand(program: Command, context: CommandContext): void {
  program
    .command('ingest')
    .description('ingest collections (folders with collection.json, or .jsonl[.gz] files) into the store')
    .argument('<path...>', 'collection folders, JSON-lines collection files, or folders of collections')
    .option('--allow-unvetted', 'ingest collections without vettedBy/vettedOn, marked unvetted')
    .option('--replace', 'replace a stored collection of the same id that was ingested from another path')
    .option('--json', 'print the report as JSON')
    .action(async (paths: string[], options: IngestCommandOptions) => {
      const config = context.loadConfig();
      const application = await openConfiguredApplication(config, { create: true });
      const progress = new ProgressBar();
      try {
        const report = await application.createIngester().ingest(paths, {
          ...ingestLimits(config, context.output),
          allowUnvetted: options.allowUnvetted ?? false,
          replace: options.replace ?? false,
          onProgress: (event) =>
            progress.update(`${event.phase} ${event.collectionId}`, event.done, event.total),
        });
        progress.clear();
        // An approved answer whose cited passage this ingest changed or removed stops being
        // served now, and its item goes back to the review queue.
        const expired = await application.review.approved.checkSources();
        context.output.out(
          options.json
            ? JSON.stringify({ ...report, expiredApprovals: expired.map((approval) => approval.id) }, null, 2)
            : formatIngestReport(report),
        );
        if (!options.json && expired.length > 0) {
          context.output.out(
            `${expired.length} approved answer${expired.length === 1 ? '' : 's'} cite${expired.length === 1 ? 's' : ''} a changed passage: no longer served, back in the review queue (amicus review list --reason source-changed).`,
          );
        }
      } finally {
        progress.clear();
        await application.close();
      }
    });

  program
    .command('reindex')
    .description('rebuild the search indexes from the store (after changing the embedder)')
    .action(async () => {
      const config = context.loadConfig();
      const application = await openConfiguredApplication(config);
      const progress = new ProgressBar();
      try {
        const started = performance.now();
        await application.createIngester({ reindex: true }).ingest([], {
          ...ingestLimits(config, context.output),
          onProgress: (event) =>
            progress.update(`${event.phase} ${event.collectionId}`, event.done, event.total),
        });
        progress.clear();
        context.output.out(
          `Rebuilt the lexical and vector indexes of ${application.store.passageCount()} passages in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      } finally {
        progress.clear();
        await application.close();
      }
    });
}

export function formatIngestReport(report: IngestReport): string {
  const lines: string[] = [];
  let documents = 0;
  let passages = 0;
  for (const collection of report.collections) {
    documents += collection.documents;
    passages += collection.passages;
    const change =
      collection.status === 'unchanged'
        ? 'unchanged'
        : `${collection.status}: +${collection.added} ~${collection.updated} -${collection.removed}`;
    const vetting = collection.vetted ? '' : ' [UNVETTED]';
    lines.push(
      `  ${collection.id.padEnd(28)} ${String(collection.documents).padStart(7)} documents ${String(collection.passages).padStart(8)} passages  (${change})${vetting}`,
    );
  }
  lines.unshift(
    `Ingested ${report.collections.length} collection(s): ${documents} documents, ${passages} passages in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  if (report.skipped.length > 0) {
    lines.push(`Skipped ${report.skipped.length} file(s):`);
    const shown = report.skipped.slice(0, 50);
    for (const file of shown) lines.push(`  ${file.collectionId}/${file.path}: ${file.reason}`);
    if (report.skipped.length > shown.length) {
      lines.push(`  … and ${report.skipped.length - shown.length} more (use --json for the full list)`);
    }
  }
  return lines.join('\n');
}
