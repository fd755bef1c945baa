import type { CollectionSummary } from './passage-store.js';

const dayMilliseconds = 24 * 60 * 60 * 1000;

export interface VettingWarning {
  readonly collectionId: string;
  readonly message: string;
}

/** Collections whose vetting is missing or older than the configured age. */
export function vettingWarnings(
  collections: readonly CollectionSummary[],
  maxAgeDays: number,
  today: Date,
): VettingWarning[] {
  const warnings: VettingWarning[] = [];
  for (const collection of collections) {
    if (!collection.vetted || collection.vettedOn === undefined) {
      warnings.push({
        collectionId: collection.id,
        message: `${collection.id} is UNVETTED: answers from it say so`,
      });
      continue;
    }
    const ageDays = Math.floor(
      (today.getTime() - Date.parse(`${collection.vettedOn}T00:00:00Z`)) / dayMilliseconds,
    );
    if (ageDays > maxAgeDays) {
      warnings.push({
        collectionId: collection.id,
        message: `${collection.id} was vetted ${ageDays} days ago (${collection.vettedOn}), more than the ${maxAgeDays}-day limit: have it reviewed again`,
      });
    }
  }
  return warnings;
}
