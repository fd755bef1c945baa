import { analyzeTerm, termSet } from '../../answer/question-terms.js';
import { tokenize } from '../../retrieval/text-analysis.js';

/**
 * Which words of a passage support the answer sentence that cited it, as character ranges of
 * the passage text, so the console can mark them. Extractive answers quote their passages
 * (whitespace folded, long statements cut with "…"), so the quoted pieces are found verbatim
 * first; a paraphrase (an LLM answer) falls back to the passage words that share a term with
 * the sentence.
 */
export interface Highlight {
  /** UTF-16 offsets into the passage text, as JavaScript strings count them; `end` exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface SupportMatch {
  /** `quote`: the sentence's words appear verbatim; `terms`: shared words only; `none`: no overlap. */
  readonly match: 'quote' | 'terms' | 'none';
  readonly highlights: readonly Highlight[];
}

/** A quoted piece shorter than this (without spaces) is too weak to count as a quotation. */
const minimumQuoteLength = 12;

interface CompactText {
  /** Lowercased text with all whitespace removed. */
  readonly text: string;
  /** For each character of `text`, its offset in the original. */
  readonly offsets: readonly number[];
}

function compact(original: string): CompactText {
  let text = '';
  const offsets: number[] = [];
  for (let index = 0; index < original.length; index++) {
    const character = original[index]!;
    if (/\s/.test(character)) continue;
    text += character.toLowerCase();
    offsets.push(index);
  }
  return { text, offsets };
}

/** The sentence's quoted pieces: the text between ellipses, with trailing joiners trimmed. */
function quotedPieces(sentence: string): string[] {
  return sentence
    .split(/…|\.\.\./)
    .map((piece) =>
      piece
        .replace(/\s+/g, '')
        .toLowerCase()
        .replace(/[,;:—–-]+$/, ''),
    )
    .filter((piece) => piece.length >= minimumQuoteLength);
}

function quoteHighlights(passage: string, sentence: string): Highlight[] {
  const compactPassage = compact(passage);
  const highlights: Highlight[] = [];
  let from = 0;
  for (const piece of quotedPieces(sentence)) {
    let at = compactPassage.text.indexOf(piece, from);
    if (at < 0) at = compactPassage.text.indexOf(piece);
    if (at < 0) continue;
    const start = compactPassage.offsets[at]!;
    const end = compactPassage.offsets[at + piece.length - 1]! + 1;
    highlights.push({ start, end });
    from = at + piece.length;
  }
  return mergeRanges(highlights, passage);
}

const wordPattern = /[\p{L}\p{N}]+(?:['\u2019\u02bc.-][\p{L}\p{N}]+)*/gu;

function termHighlights(passage: string, sentence: string): Highlight[] {
  const sentenceTerms = termSet(sentence);
  if (sentenceTerms.size === 0) return [];
  const highlights: Highlight[] = [];
  for (const match of passage.matchAll(wordPattern)) {
    const shared = tokenize(match[0]).some((token) => {
      const term = analyzeTerm(token);
      return term !== undefined && sentenceTerms.has(term);
    });
    if (shared) highlights.push({ start: match.index, end: match.index + match[0].length });
  }
  return mergeRanges(highlights, passage);
}

/** Sorts ranges and joins those that overlap or are separated only by spaces and punctuation. */
export function mergeRanges(ranges: readonly Highlight[], text: string): Highlight[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Highlight[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && (range.start <= last.end || /^[\s,;:()"'’“”—–-]*$/.test(text.slice(last.end, range.start)))) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

export function supportingSpans(passage: string, sentence: string): SupportMatch {
  const quoted = quoteHighlights(passage, sentence);
  if (quoted.length > 0) return { match: 'quote', highlights: quoted };
  const terms = termHighlights(passage, sentence);
  if (terms.length > 0) return { match: 'terms', highlights: terms };
  return { match: 'none', highlights: [] };
}
