import type { Command } from 'commander';
import { AmicusError, ErrorCode } from '../../../core/errors.js';
import { openDatabase } from '../../../store/database.js';
import { PassageStore } from '../../../store/passage-store.js';
import type { CommandContext } from '../program.js';

export function registerPassageCommand(program: Command, context: CommandContext): void {
  program
    .command('passage')
    .description('print a passage, by id or citation label (e.g. "18 U.S.C. § 2252(c)"), with its metadata')
    .argument('<id-or-label>', 'passage id or citation label')
    .option('--json', 'print as JSON')
    .action((idOrLabel: string, options: { json?: boolean }) => {
      const config = context.loadConfig();
      const database = openDatabase(config.dataDirectory);
      try {
        const store = new PassageStore(database);
        const passages = store.lookup(idOrLabel);
        if (passages.length === 0) {
          throw new AmicusError(ErrorCode.NotFound, `No passage with id or label "${idOrLabel}"`, {
            location: idOrLabel,
          });
        }
        if (options.json) {
          context.output.out(JSON.stringify(passages, null, 2));
          return;
        }
        for (const passage of passages) {
          const collection = store.getCollection(passage.collectionId);
          const vetting = collection?.vetted
            ? `vetted by ${collection.vettedBy} on ${collection.vettedOn}`
            : 'UNVETTED';
          context.output.out(
            [
              `${passage.label}`,
              `  ${passage.breadcrumb.join(' › ')}`,
              `  id ${passage.id}; ${passage.collectionId}/${passage.documentPath}`,
              `  ${passage.sourceType}, ${passage.jurisdiction}, current to ${passage.asOf}; ${vetting}`,
              passage.url ? `  ${passage.url}` : undefined,
              '',
              passage.text,
              '',
            ]
              .filter((line) => line !== undefined)
              .join('\n'),
          );
        }
      } finally {
        database.close();
      }
    });
}
