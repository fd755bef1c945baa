import type { SourceType } from '../core/source-types.js';
import type { CollectionSummary } from '../store/passage-store.js';
import type { AnswerSource } from './answer.js';
import { describeJurisdiction } from './jurisdiction.js';

const sourceTypeNames: Record<SourceType, string> = {
  statute: 'statutes',
  'court-rule': 'court rules',
  regulation: 'regulations',
  case: 'case law',
  guide: 'guides',
  secondary: 'secondary sources',
};

/** Sources older than this are flagged: later amendments are likely missing. */
const staleYears = 5;

function yearsBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (365.25 * 24 * 60 * 60 * 1000);
}

/**
 * What an answer rests on and what it cannot say: the kinds of sources cited and how current
 * they are (old rule sets are flagged), unvetted sources, and the kinds of law the whole vetted
 * corpus lacks (no case law means nothing on how courts apply a provision).
 */
export function describeLimitations(
  sources: readonly AnswerSource[],
  corpus: readonly CollectionSummary[],
  checkedOn: string,
  extra: readonly string[] = [],
): string {
  const sentences: string[] = [];
  if (sources.length > 0) {
    const groups = new Map<string, { type: SourceType; jurisdiction: string; asOf: string; count: number }>();
    for (const source of sources) {
      const key = `${source.sourceType}|${source.jurisdiction}|${source.asOf}`;
      const group = groups.get(key);
      if (group) group.count += 1;
      else
        groups.set(key, {
          type: source.sourceType,
          jurisdiction: source.jurisdiction,
          asOf: source.asOf,
          count: 1,
        });
    }
    const parts = [...groups.values()].map((group) => {
      const age = yearsBetween(group.asOf, checkedOn);
      const stale =
        age > staleYears ? ` — more than ${Math.floor(age)} years old, so later amendments are missing` : '';
      const place =
        group.jurisdiction === 'US-federal'
          ? 'federal'
          : describeJurisdiction(group.jurisdiction).replace(/ law$/, '');
      return `${place} ${sourceTypeNames[group.type]} current to ${group.asOf}${stale}`;
    });
    sentences.push(`This answer rests only on ${parts.join('; and ')}.`);
    const unvetted = sources.filter((source) => !source.vetted).map((source) => `[${source.n}]`);
    if (unvetted.length > 0) {
      sentences.push(
        `Source ${unvetted.join(', ')} comes from a collection that has not been vetted; treat it with extra care.`,
      );
    }
  }
  const corpusTypes = new Set(corpus.map((collection) => collection.sourceType));
  const missingTypes = (['case', 'regulation'] as const).filter((type) => !corpusTypes.has(type));
  if (missingTypes.length > 0) {
    const names = missingTypes.map((type) => sourceTypeNames[type]).join(' or ');
    sentences.push(
      `The vetted sources include no ${names}, so this cannot say how courts have interpreted or applied these provisions.`,
    );
  }
  const jurisdictions = [...new Set(corpus.map((collection) => collection.jurisdiction))];
  if (jurisdictions.length === 1 && jurisdictions[0] === 'US-federal') {
    sentences.push('State law is not covered.');
  }
  sentences.push(...extra);
  return sentences.join(' ');
}
