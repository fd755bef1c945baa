import type { Command } from 'commander';
import { openCorpusDatabase } from '../../../application.js';
import { PassageStore } from '../../../store/passage-store.js';
import { vettingWarnings } from '../../../store/vetting.js';
import type { CommandContext } from '../../shared/command-context.js';

export function registerSourcesCommand(program: Command, context: CommandContext): void {
  program
    .command('sources')
    .description('list ingested collections with their asOf date, vetting and counts')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = context.loadConfig();
      const corpus = await openCorpusDatabase(config);
      try {
        const collections = new PassageStore(corpus.database).listCollections();
        const warnings = vettingWarnings(collections, config.vetting.maxAgeDays, new Date());
        if (options.json) {
          context.output.out(JSON.stringify({ collections, warnings }, null, 2));
          return;
        }
        if (collections.length === 0) {
          context.output.out('No collections ingested yet. Run `amicus ingest <path>`.');
          return;
        }
        for (const collection of collections) {
          const vetting = collection.vetted
            ? `vetted by ${collection.vettedBy} on ${collection.vettedOn}`
            : 'UNVETTED';
          context.output.out(
            [
              `${collection.id}  ${collection.title}`,
              `  ${collection.sourceType}, ${collection.jurisdiction}, current to ${collection.asOf}; ${vetting}`,
              `  ${collection.documentCount} documents, ${collection.passageCount} passages; ingested ${collection.ingestedAt}`,
            ].join('\n'),
          );
        }
        for (const warning of warnings) context.output.error(`warning: ${warning.message}`);
      } finally {
        await corpus.close();
      }
    });
}
