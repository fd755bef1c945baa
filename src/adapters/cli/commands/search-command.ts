import { type Command, Option } from 'commander';
import { openConfiguredApplication } from '../../../application.js';
import { AmicusError, ErrorCode } from '../../../core/errors.js';
import type { RetrievalMode, RetrievedPassage } from '../../../retrieval/retriever.js';
import { parseFilterExpressions } from '../../../retrieval/search-filters.js';
import type { CommandContext } from '../../shared/command-context.js';

interface SearchOptions {
  readonly k?: string;
  readonly json?: boolean;
  readonly filter?: string[];
  readonly mode?: RetrievalMode;
}

export function parsePositiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 1000) {
    throw new AmicusError(
      ErrorCode.Usage,
      `${option} must be a whole number from 1 to 1000, got "${value}"`,
      {
        location: option,
      },
    );
  }
  return parsed;
}

/** One line of a passage, for listings: whitespace folded, cut at a word boundary. */
export function snippet(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length - 20))}…`;
}

export function searchResultJson(result: RetrievedPassage) {
  const passage = result.passage;
  return {
    id: passage.id,
    label: passage.label,
    score: Number.isFinite(result.score) ? result.score : null,
    citedAs: result.citedAs ?? null,
    lexicalRank: result.lexicalRank ?? null,
    vectorRank: result.vectorRank ?? null,
    collection: passage.collectionId,
    jurisdiction: passage.jurisdiction,
    sourceType: passage.sourceType,
    asOf: passage.asOf,
    url: passage.url ?? null,
    snippet: snippet(passage.text, 300),
  };
}

export function registerSearchCommand(program: Command, context: CommandContext): void {
  program
    .command('search')
    .description('search the vetted sources: citation lookup, lexical and vector retrieval, fused')
    .argument('<query>', 'the question or search terms')
    .option('--k <n>', 'number of results (default: retrieval.k)')
    .option('--json', 'print as JSON')
    .option(
      '--filter <field=value>',
      'collection, jurisdiction or sourceType filter; repeatable',
      collect,
      [],
    )
    .addOption(
      new Option('--mode <mode>', 'retrieval mode')
        .choices(['hybrid', 'lexical', 'vector'])
        .default('hybrid'),
    )
    .action(async (query: string, options: SearchOptions) => {
      const config = context.loadConfig();
      const k = parsePositiveInteger(options.k, '--k', config.retrieval.k);
      const filters = parseFilterExpressions(options.filter ?? []);
      const application = await openConfiguredApplication(config, { oneShot: true });
      try {
        const results = await application.retriever.retrieve({
          query,
          k,
          filters,
          mode: options.mode ?? 'hybrid',
        });
        if (options.json) {
          context.output.out(
            JSON.stringify({ query, k, filters, results: results.map(searchResultJson) }, null, 2),
          );
          return;
        }
        if (results.length === 0) {
          context.output.out(
            'No passages match. Try other words, or check `amicus sources` for what is covered.',
          );
          return;
        }
        for (const [index, result] of results.entries()) {
          const score = result.citedAs ? `cited as "${result.citedAs}"` : `score ${result.score.toFixed(4)}`;
          context.output.out(
            `${index + 1}. ${result.passage.label}  (${score})\n   ${snippet(result.passage.text)}`,
          );
        }
      } finally {
        await application.close();
      }
    });
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
