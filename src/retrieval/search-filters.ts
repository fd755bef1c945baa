import { z } from 'zod';
import { AmicusError, ErrorCode } from '../core/errors.js';

/** Metadata filters a search may apply. Values within a field are alternatives (OR). */
export interface SearchFilters {
  readonly collections?: readonly string[];
  readonly jurisdictions?: readonly string[];
  readonly sourceTypes?: readonly string[];
}

const filterFields = {
  collection: 'collections',
  jurisdiction: 'jurisdictions',
  sourceType: 'sourceTypes',
} as const;

const filterExpression = z
  .string()
  .regex(/^[A-Za-z]+=[^=]+$/, 'expected field=value, e.g. jurisdiction=US-federal');

/**
 * Parses `--filter field=value` options. A field may repeat or list values with commas:
 * `--filter collection=usc-title-18,usc-title-28`.
 */
export function parseFilterExpressions(expressions: readonly string[]): SearchFilters {
  const collected: Record<'collections' | 'jurisdictions' | 'sourceTypes', string[]> = {
    collections: [],
    jurisdictions: [],
    sourceTypes: [],
  };
  for (const expression of expressions) {
    const parsed = filterExpression.safeParse(expression.trim());
    if (!parsed.success) {
      throw new AmicusError(ErrorCode.Usage, `--filter "${expression}": ${parsed.error.issues[0]?.message}`, {
        location: '--filter',
      });
    }
    const [field = '', value = ''] = parsed.data.split('=');
    const key = filterFields[field as keyof typeof filterFields];
    if (key === undefined) {
      throw new AmicusError(
        ErrorCode.Usage,
        `--filter "${expression}": unknown field "${field}"; use ${Object.keys(filterFields).join(', ')}`,
        { location: '--filter' },
      );
    }
    collected[key].push(
      ...value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    );
  }
  return {
    ...(collected.collections.length > 0 ? { collections: collected.collections } : {}),
    ...(collected.jurisdictions.length > 0 ? { jurisdictions: collected.jurisdictions } : {}),
    ...(collected.sourceTypes.length > 0 ? { sourceTypes: collected.sourceTypes } : {}),
  };
}

export function hasFilters(filters: SearchFilters | undefined): boolean {
  return Boolean(
    filters?.collections?.length || filters?.jurisdictions?.length || filters?.sourceTypes?.length,
  );
}

/** A SQL condition over the `passages` table (aliased `alias`) and its parameters. */
export function filterCondition(
  filters: SearchFilters | undefined,
  alias: string,
): { sql: string; parameters: string[] } {
  const clauses: string[] = [];
  const parameters: string[] = [];
  const add = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    clauses.push(`${alias}.${column} IN (${values.map(() => '?').join(', ')})`);
    parameters.push(...values);
  };
  add('collection_id', filters?.collections);
  add('jurisdiction', filters?.jurisdictions);
  add('source_type', filters?.sourceTypes);
  return { sql: clauses.length === 0 ? '1' : clauses.join(' AND '), parameters };
}

/** A stable key for caching per-filter data. */
export function filterKey(filters: SearchFilters | undefined): string {
  return JSON.stringify([
    [...(filters?.collections ?? [])].sort(),
    [...(filters?.jurisdictions ?? [])].sort(),
    [...(filters?.sourceTypes ?? [])].sort(),
  ]);
}
