import { splitSentences } from '../corpus/splitter.js';

/**
 * A statement is the unit an extractive answer quotes: a sentence of prose, or a lead-in
 * ("It shall be an affirmative defense … that the defendant") joined with the enumerated
 * items that complete it ("(1) possessed less than three matters …; and (2) …"). Statutes put
 * one sentence across many paragraphs, and quoting one paragraph alone would misquote it.
 */
export interface Statement {
  /** The statement's text, quoted from the passage (whitespace folded). */
  readonly text: string;
  /** For a joined statement, its parts: the lead-in first, then each item. */
  readonly parts: readonly string[];
}

const enumeratorStart = /^\((?:[a-z]{1,2}|[0-9]{1,3}|[A-Z]{1,2}|[ivxlc]{1,6}|[IVXLC]{1,6})\)\s*/;
/** A paragraph that continues into an enumerated list: it ends without closing punctuation. */
const opensAList =
  /(?:[—–:-]|\bthat|\bwho|\bwhich|\bif|\bmeans|\bto|\bby|\bof|\bthe|\bwhoever|\bor|\band|\bincluding)\s*$/i;
const endsStatement = /[.!?]["”’)]*\s*$/;

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Splits a passage's text into statements, keeping enumerated lists with their lead-in. */
export function passageStatements(text: string): Statement[] {
  const paragraphs = text
    .split(/\n{2,}/)
    .map(fold)
    .filter((paragraph) => paragraph.length > 0);
  const statements: Statement[] = [];
  let open: string[] | undefined;
  const close = () => {
    if (open && open.length > 0) statements.push({ text: open.join(' '), parts: open });
    open = undefined;
  };
  for (const paragraph of paragraphs) {
    const isItem = enumeratorStart.test(paragraph);
    if (open && isItem) {
      open.push(paragraph);
      if (endsStatement.test(paragraph) && !/;\s*(?:and|or)?$/.test(paragraph)) close();
      continue;
    }
    close();
    const isBareMarker =
      enumeratorStart.test(paragraph) && paragraph.replace(enumeratorStart, '').length === 0;
    if (isBareMarker) {
      open = [paragraph];
      continue;
    }
    if (!endsStatement.test(paragraph) && (opensAList.test(paragraph) || !/[.;]$/.test(paragraph))) {
      open = [paragraph];
      continue;
    }
    for (const sentence of splitSentences(paragraph)) {
      const folded = fold(sentence);
      if (folded.length > 0) statements.push({ text: folded, parts: [folded] });
    }
  }
  close();
  return attachCaptions(statements);
}

/** "(2) Excited Utterance." or "(c) Affirmative Defense ." alone: a caption, not a statement. */
const caption =
  /^(?:\([A-Za-z0-9]{1,6}\)\s*)*[A-Z][A-Za-z’'-]*(?:\s+(?:[A-Z][A-Za-z’'-]*|of|and|or|the|for|to|in|on|a|an))*\s*\.?$/;

/** Sentence-case captions ("(4) Visual depictions of apparent child pornography.") have no verb. */
const verbs = /\b(?:shall|may|must|means|is|are|was|were|has|have|will|includes?|applies|does|do)\b/;

function isCaption(text: string): boolean {
  const words = text.split(' ').length;
  if (words > 8) return false;
  if (caption.test(text)) return true;
  return enumeratorStart.test(text) && /\.$/.test(text) && !verbs.test(text) && words <= 7;
}

/**
 * Joins a caption to the statement after it, so the quoted text keeps its context
 * ("(2) Excited Utterance. A statement relating to a startling event …"), and drops
 * fragments too short to be a statement.
 */
function attachCaptions(statements: readonly Statement[]): Statement[] {
  const result: Statement[] = [];
  let pendingCaption: string | undefined;
  for (const statement of statements) {
    const text = statement.text.replace(/\s+\./g, '.');
    if (isCaption(text)) {
      pendingCaption = pendingCaption ? `${pendingCaption} ${text}` : text;
      continue;
    }
    const parts = statement.parts.map((part) => part.replace(/\s+\./g, '.'));
    if (pendingCaption) {
      const [first = '', ...rest] = parts;
      result.push({ text: `${pendingCaption} ${text}`, parts: [`${pendingCaption} ${first}`, ...rest] });
      pendingCaption = undefined;
    } else {
      result.push({ text, parts });
    }
  }
  // A caption with nothing after it (the passage ends there) is a heading, not a statement.
  return result.filter((statement) => statement.text.replace(enumeratorStart, '').length >= 12);
}

/**
 * Shortens a statement to at most `maxWords` words without changing what it quotes: items are
 * kept in order while they fit and the rest is marked "…" (an item is never kept without the
 * items before it, which may be its parents); a single long sentence is cut at a word.
 */
export function trimStatement(statement: Statement, maxWords: number): string {
  const words = (text: string) => text.split(' ').length;
  if (words(statement.text) <= maxWords) return statement.text;
  const [leadIn = '', ...items] = statement.parts;
  if (items.length > 0 && words(leadIn) < maxWords * 0.75) {
    const pieces = [leadIn];
    let used = words(leadIn);
    for (const item of items) {
      if (used + words(item) > maxWords) break;
      pieces.push(item);
      used += words(item);
    }
    if (pieces.length > 1) return `${pieces.join(' ').replace(/[,;:—–-]*\s*(?:and|or)?$/, '')} …`;
  }
  return cutWords(statement.text, maxWords);
}

function cutWords(text: string, maxWords: number): string {
  const words = text.split(' ');
  if (words.length <= maxWords) return text;
  return `${words
    .slice(0, maxWords)
    .join(' ')
    .replace(/[,;:—–-]+$/, '')} …`;
}
