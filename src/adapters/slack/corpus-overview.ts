import type { CollectionSummary } from '../../store/passage-store.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** Collections listed by name before the rest are counted ("and 3 more"). */
const listedCollections = 12;

/** One collection as a mrkdwn line: title, jurisdiction, how current it is and who vetted it when. */
export function collectionLine(collection: CollectionSummary): string {
  const vetting = collection.vetted
    ? `vetted${collection.vettedBy ? ` by ${collection.vettedBy}` : ''}${collection.vettedOn ? ` on ${collection.vettedOn}` : ''}`
    : 'not vetted';
  return `• *${escapeMrkdwn(collection.title)}* (${escapeMrkdwn(collection.jurisdiction)}): current to ${escapeMrkdwn(collection.asOf)}, ${escapeMrkdwn(vetting)}`;
}

/** The collections as mrkdwn lines, the first twelve by name; an empty corpus says so. */
export function collectionLines(collections: readonly CollectionSummary[]): string {
  if (collections.length === 0)
    return '• No collections are ingested yet, so there is nothing to answer from.';
  const lines = collections.slice(0, listedCollections).map(collectionLine);
  const rest = collections.length - listedCollections;
  if (rest > 0) lines.push(`• and ${rest} more ${rest === 1 ? 'collection' : 'collections'}`);
  return lines.join('\n');
}
