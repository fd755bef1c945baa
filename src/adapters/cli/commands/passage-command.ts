import type { Command } from 'commander';
import { openCorpusDatabase } from '../../../application.js';
import { AmicusError, ErrorCode } from '../../../core/errors.js';
import { lookupPassages } from '../../../corpus/passage-lookup.js';
import { LexicalSearch } from '../../../retrieval/lexical-search.js';
import type { SqliteDatabase } from '../../../store/database.js';
import type { StoredPassage } from '../../../store/passage-rows.js';
import { PassageStore } from '../../../store/passage-store.js';
import type { CommandContext } from '../../shared/command-context.js';

export function registerPassageCommand(program: Command, context: CommandContext): void {
  program
    .command('passage')
    .description('print a passage, by id or citation label (e.g. "18 U.S.C. § 2252(c)"), with its metadata')
    .argument('<id-or-label>', 'passage id, citation label, or a citation as people write it ("FRE 803(2)")')
    .option('--json', 'print as JSON')
    .action(async (idOrLabel: string, options: { json?: boolean }) => {
      const config = context.loadConfig();
      const corpus = await openCorpusDatabase(config);
      const database = corpus.database;
      try {
        const store = new PassageStore(database);
        const passages = lookUp(store, database, idOrLabel);
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
        await corpus.close();
      }
    });
}

/**
 * By id or label (with pinpoints: `Fed. R. Evid. 803(2)` finds the passage holding (2)); failing
 * that, the text is read as a citation the way people write it (`FRE 803(2)`, `18 usc 1030`).
 */
function lookUp(store: PassageStore, database: SqliteDatabase, idOrLabel: string): StoredPassage[] {
  const direct = lookupPassages(store, idOrLabel);
  if (direct.length > 0) return direct;
  const lexical = new LexicalSearch(database);
  try {
    // A pinpoint the section does not hold finds nothing, rather than the whole section.
    const held = lexical
      .citedProvisions(idOrLabel)
      .flatMap((provision) => provision.sections)
      .filter((section) => section.pinpointHeld);
    const pinpointed = held.flatMap((section) =>
      section.pinpointRowids.length > 0 ? section.pinpointRowids : section.rowids,
    );
    return [...store.getManyByRowid(pinpointed).values()].sort(
      (left, right) => pinpointed.indexOf(left.rowid) - pinpointed.indexOf(right.rowid),
    );
  } finally {
    lexical.close();
  }
}
