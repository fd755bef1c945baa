import { splitSentences } from '../corpus/sentences.js';

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
  /(?:[—–:-]|\bthat|\bwho|\bwhich|\bif|\bmeans|\bto|\bby|\bof|\bthe|\bwhoever|\bor|\band|\bincluding|\binclude|\bincludes|\bfollowing|\bare|\bis)\s*$/i;
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
export function trimStatement(
  statement: Statement,
  maxWords: number,
  relevance: (part: string) => number = () => 0,
  keepSubject = false,
): string {
  const words = (text: string) => text.split(' ').length;
  if (words(statement.text) <= maxWords) return statement.text;
  const [fullLeadIn = '', ...items] = statement.parts;
  // A long lead-in before a list is cut to its last sentence, which is what introduces the items.
  const lastSentence = splitSentences(fullLeadIn).at(-1)?.trim() ?? fullLeadIn;
  const leadIn =
    items.length > 0 && words(fullLeadIn) >= maxWords * 0.75 && lastSentence !== fullLeadIn
      ? `… ${lastSentence}`
      : fullLeadIn;
  if (items.length > 0 && words(leadIn) < maxWords * 0.75) {
    // The items that speak to the question are kept first (an offence's "knowingly possesses"
    // rather than its jurisdictional clause), then the others in order while they fit; the
    // quote keeps document order and marks every gap with "…".
    const ranked = items
      .map((item, index) => ({ index, weight: relevance(item) }))
      .sort((left, right) => right.weight - left.weight || left.index - right.index);
    const kept = new Set<number>();
    let used = words(leadIn);
    for (const { index } of ranked) {
      const length = words(items[index] ?? '');
      if (used + length > maxWords) continue;
      kept.add(index);
      used += length;
    }
    const mostRelevant = ranked[0];
    const bestLeftOut =
      mostRelevant !== undefined && mostRelevant.weight > 0 && !kept.has(mostRelevant.index);
    if (kept.size === 0 || bestLeftOut) {
      // The item that speaks to the question does not fit whole (and the ones that fit speak
      // to it less): quote its most relevant stretch rather than the items around it.
      const best = items[mostRelevant?.index ?? 0] ?? '';
      const stretch = relevantWindow(best, maxWords - Math.min(8, words(leadIn)), relevance);
      return `${cutWords(leadIn, 8).replace(/ …$/, '')} ${stretch.startsWith('…') ? stretch : `… ${stretch}`}`;
    }
    const pieces = [leadIn];
    let skipped = false;
    for (const [index, item] of items.entries()) {
      if (!kept.has(index)) {
        skipped = true;
        continue;
      }
      if (skipped && pieces.at(-1) !== '…') pieces.push('…');
      pieces.push(item);
      skipped = false;
    }
    const text = pieces.join(' ');
    return skipped ? `${text.replace(/[,;:—–-]*\s*(?:and|or)?$/, '')} …` : text;
  }
  if (keepSubject) return subjectAndWindow(statement.text, maxWords, relevance);
  return relevantWindow(statement.text, maxWords, relevance);
}

/**
 * A long sentence cut to its opening (who or what it is about: "Whoever, by force and
 * violence, …") and its most relevant stretch (the penalty at its end), so a summary keeps both
 * the subject and the fact asked for. The opening stops at a clause boundary where it can.
 */
function subjectAndWindow(text: string, maxWords: number, relevance: (part: string) => number): string {
  const words = text.split(' ');
  const whole = relevantWindow(text, maxWords, relevance);
  if (words.length <= maxWords || !whole.startsWith('…')) return whole;
  const openingLimit = Math.min(14, Math.floor(maxWords / 3));
  let openingEnd = openingLimit;
  for (let index = openingLimit; index >= 4; index -= 1) {
    if (/[,;:]$/.test(words[index - 1] ?? '')) {
      openingEnd = index;
      break;
    }
  }
  const opening = words
    .slice(0, openingEnd)
    .join(' ')
    .replace(/[,;:—–-]+$/, '');
  const rest = words.slice(openingEnd).join(' ');
  const window = relevantWindow(rest, maxWords - openingEnd, relevance);
  return `${opening} ${window.startsWith('…') ? window : `… ${window}`}`;
}

/**
 * The stretch of `maxWords` words of a long sentence that covers the question best, marked
 * with "…" where it was cut; the start of the sentence when nothing is more relevant. Among
 * equally relevant stretches, one that starts a clause (after a comma, semicolon, colon or
 * closing parenthesis) is preferred, and then the earliest: "… knowingly possesses, or
 * knowingly accesses …" reads as a quote, "… of the United States Government, or …" does not.
 */
function relevantWindow(text: string, maxWords: number, relevance: (part: string) => number): string {
  const words = text.split(' ');
  if (words.length <= maxWords) return text;
  const startsClause = (start: number) => start === 0 || /[,;:)]$/.test(words[start - 1] ?? '');
  let bestStart = 0;
  let bestScore = relevance(words.slice(0, maxWords).join(' '));
  for (let start = 1; start + maxWords <= words.length + 4; start += 1) {
    // Every clause start is tried; other starts only every fifth word, as before.
    if (!startsClause(start) && start % 5 !== 0) continue;
    const score = relevance(words.slice(start, start + maxWords).join(' '));
    const better =
      score > bestScore || (score === bestScore && startsClause(start) && !startsClause(bestStart));
    if (better) {
      bestScore = score;
      bestStart = start;
    }
  }
  if (bestStart === 0) return cutWords(text, maxWords);
  // A sentence that ends a few words after the stretch is quoted to its end: "… imprisoned not
  // more than five years, or both." reads as the provision, "… five years, or …" does not.
  // The stretch moves to the end rather than growing, so the word budget holds.
  const tail = words.length - (bestStart + maxWords);
  const start = tail > 0 && tail <= 3 ? bestStart + tail : bestStart;
  const end = Math.min(words.length, start + maxWords);
  const middle = words
    .slice(start, end)
    .join(' ')
    .replace(/^[,;:—–-]+\s*/, '');
  if (end < words.length) return `… ${middle} …`;
  // An item that ends "…; or" leads on to the next item, which the quote leaves out.
  const closing = /[;,]\s*(?:or|and)$/.exec(middle);
  return closing ? `… ${middle.slice(0, closing.index)} …` : `… ${middle}`;
}

function cutWords(text: string, maxWords: number): string {
  const words = text.split(' ');
  if (words.length <= maxWords) return text;
  return `${words
    .slice(0, maxWords)
    .join(' ')
    .replace(/[,;:—–-]+$/, '')} …`;
}
