import type { StoredPassage } from '../store/passage-rows.js';
import type { PassageStore } from '../store/passage-store.js';
import { normalizeCitationText } from './citation.js';
import {
  formatPinpoint,
  paragraphPinpoints,
  parsePinpoint,
  passagesHoldingPinpoint,
  pathAt,
} from './pinpoints.js';

/**
 * Finding passages by citation. The store answers exact questions (this id, this stored label,
 * this section); how people write a citation (`§1030` or `§ 1030`, a pinpoint such as
 * `Fed. R. Evid. 803(2)` inside a passage labelled at the rule) is corpus knowledge, kept here
 * so the store never depends on the corpus.
 */

/** Passages with exactly this label (after normalizing § spacing), in document order. */
export function findByLabel(store: PassageStore, label: string): StoredPassage[] {
  return store.findByStoredLabel(normalizeCitationText(label).trim());
}

/** Every passage of a section (`18 U.S.C. § 2252`), in document order. */
export function findBySection(store: PassageStore, sectionLabel: string): StoredPassage[] {
  return store.findBySection(normalizeCitationText(sectionLabel).trim());
}

/**
 * The passages that hold a pinpoint citation (`Fed. R. Evid. 803(2)`, `18 U.S.C. § 1030(a)(2)(C)`),
 * even when the passage is labelled at a parent subdivision: the passage where the
 * subdivision starts first, then those that continue it. A citation without subdivisions
 * gives the whole section. Empty when the section, or the pinpoint in it, is not held.
 */
export function findByPinpoint(store: PassageStore, citation: string): StoredPassage[] {
  const { sectionLabel, subdivisions } = splitPinpointCitation(citation);
  const section = store.findBySection(sectionLabel);
  if (section.length === 0 || subdivisions === '') return section;
  const markers = parsePinpoint(subdivisions);
  return markers.length === 0 ? [] : passagesHoldingPinpoint(section, markers);
}

/**
 * The pinpoint citation of the subdivision holding a character offset of a passage's text:
 * a sentence quoted from the middle of `Fed. R. Evid. 803` (the passage holding the lead-in,
 * (1) and (2)) is cited `Fed. R. Evid. 803(2)` when it is the excited-utterance exception.
 * Text outside any subdivision gets the section label. For a composer that cites sentences.
 */
export function pinpointAt(store: PassageStore, passage: StoredPassage, offset: number): string {
  const section = store.findBySection(passage.sectionLabel);
  const position = section.findIndex((candidate) => candidate.rowid === passage.rowid);
  if (position < 0) return passage.label;
  const paragraphs = paragraphPinpoints(section.slice(0, position + 1)).at(-1) ?? [];
  return `${passage.sectionLabel}${formatPinpoint(pathAt(paragraphs, offset))}`;
}

/**
 * A passage by id, else by exact label, else the passages holding the pinpoint (so
 * `amicus passage "Fed. R. Evid. 803(2)"` finds the passage that starts at the rule's lead-in
 * and holds (1) and (2)), else the first passages whose label starts with the given text.
 */
export function lookupPassages(store: PassageStore, idOrLabel: string): StoredPassage[] {
  const trimmed = idOrLabel.trim();
  const byId = store.getById(trimmed);
  if (byId) return [byId];
  const byLabel = findByLabel(store, trimmed);
  if (byLabel.length > 0) return byLabel;
  const byPinpoint = findByPinpoint(store, trimmed);
  if (byPinpoint.length > 0) return byPinpoint;
  return store.findByLabelPrefix(normalizeCitationText(trimmed), 20);
}

/** `Fed. R. Evid. 803(2)` → `Fed. R. Evid. 803` and `(2)`; a label without subdivisions keeps `''`. */
export function splitPinpointCitation(citation: string): { sectionLabel: string; subdivisions: string } {
  const normalized = normalizeCitationText(citation).trim();
  const match = /^(.*?[0-9A-Za-z])\s?((?:\([0-9A-Za-z]{1,6}\))+)$/.exec(normalized);
  return match
    ? { sectionLabel: match[1]!, subdivisions: match[2]! }
    : { sectionLabel: normalized, subdivisions: '' };
}
