/**
 * The order of the passages a question cites by number. They go ahead of every ranked
 * passage; this decides which of them leads:
 *   - citations in the order the question gives them;
 *   - for a bare citation that several rule sets or titles hold ("Rule 11 sanctions"), the
 *     section whose passages best match the rest of the question first;
 *   - within a section, the passages holding the cited subdivision first; then, without one,
 *     the passage that best matches the rest of the question ("18 U.S.C. 1030 penalties" leads
 *     with § 1030(c)), else document order (a bare "28 USC 1331" starts at the beginning).
 */

import { normalizeCitationText } from '../corpus/citation.js';
import type { StoredPassage } from '../store/passage-rows.js';
import type { CitationHit } from './lexical-search.js';

/** How well a passage matches the words of the question outside its citations; 0 for none. */
export type RemainderScore = (passage: StoredPassage) => number;

export interface CitedOrder {
  /** The first passage of each cited section, in the order described above. */
  readonly leads: number[];
  /** The other passages of the cited sections, after the leads. */
  readonly others: number[];
}

export function orderCitedPassages(
  hits: readonly CitationHit[],
  passages: ReadonlyMap<number, StoredPassage>,
  score: RemainderScore,
): CitedOrder {
  const scores = new Map<number, number>();
  const scoreOf = (rowid: number): number => {
    let value = scores.get(rowid);
    if (value === undefined) {
      const passage = passages.get(rowid);
      value = passage === undefined ? 0 : score(passage);
      scores.set(rowid, value);
    }
    return value;
  };

  // Group the hits: citation (in order) → section (in the citation's order) → rowids.
  const citations: Array<{ readonly sections: Map<string, number[]> }> = [];
  const byCitation = new Map<object, Map<string, number[]>>();
  for (const hit of hits) {
    if (!passages.has(hit.rowid)) continue;
    let sections = byCitation.get(hit.citation);
    if (!sections) {
      sections = new Map();
      byCitation.set(hit.citation, sections);
      citations.push({ sections });
    }
    const rowids = sections.get(hit.sectionLabel) ?? [];
    rowids.push(hit.rowid);
    sections.set(hit.sectionLabel, rowids);
  }
  const pinpointed = new Set(hits.filter((hit) => hit.holdsPinpoint).map((hit) => hit.rowid));

  const leads: number[] = [];
  const others: number[] = [];
  const placed = new Set<number>();
  for (const { sections } of citations) {
    const ordered = [...sections.entries()].map(([sectionLabel, rowids], position) => {
      // Pinpoint holders keep their lead; otherwise the best-matching passage, ties in document order.
      const holders = rowids.filter((rowid) => pinpointed.has(rowid));
      const rest = rowids
        .filter((rowid) => !pinpointed.has(rowid))
        .map((rowid, index) => ({ rowid, index, value: scoreOf(rowid) }))
        .sort((left, right) => right.value - left.value || left.index - right.index)
        .map((entry) => entry.rowid);
      const inOrder = [...holders, ...rest];
      const best = Math.max(0, ...rowids.map(scoreOf));
      return { sectionLabel, inOrder, best, position };
    });
    ordered.sort((left, right) => right.best - left.best || left.position - right.position);
    for (const { inOrder } of ordered) {
      const fresh = inOrder.filter((rowid) => !placed.has(rowid));
      for (const rowid of fresh) placed.add(rowid);
      if (fresh.length === 0) continue;
      leads.push(fresh[0]!);
      others.push(...fresh.slice(1));
    }
  }
  return { leads, others };
}

/**
 * Words that ask what a cited provision says as a whole ("What does 18 U.S.C. 1030 prohibit?",
 * "FRCP 26 requires what?"), rather than about one part of it. Left in, "prohibit" would lead
 * with the one subsection that happens to contain the word.
 */
const provisionFramingWords =
  /\b(?:say|says|said|prohibit|prohibits|prohibited|require|requires|required|allow|allows|mean|means|cover|covers|provide|provides|state|states|do|does|explain|text|apply|applies|about|under|rule|rules|section|sections|statute|law|violation|violations|violate|violates|violated)\b/gi;

/** The question with its citations and framing words cut out: what it asks about the cited provisions. */
export function questionOutsideCitations(query: string, hits: readonly CitationHit[]): string {
  let remainder = normalizeCitationText(query);
  for (const text of new Set(hits.map((hit) => hit.citation.text)))
    remainder = remainder.split(text).join(' ');
  return remainder.replace(provisionFramingWords, ' ');
}
