import { AmicusError, ErrorCode } from '../../core/errors.js';

/**
 * The one text cutter of every surface. A surface renders the blocks of its outline as chunks;
 * `packIntoParts` packs them into messages of at most `maxLength` characters that each end with
 * the footer (the disclaimer), `truncateToOne` keeps what fits in one message, `cutToFit` cuts
 * a text that is too long for one message or one block, and `truncate` keeps the start of one.
 * The footer is never cut and never left out.
 *
 * Each surface describes its markup as a `TextSyntax`: `plainSyntax` (no markup),
 * `terminalSyntax` (plain text with ANSI colours, plain-text.ts), `markdownSyntax`
 * (markdown.ts), `mrkdwnSyntax` (Slack, adapters/slack/mrkdwn.ts) and `discordMarkdownSyntax`
 * (adapters/discord/discord-markdown.ts).
 *
 * A cut reads the text through the surface's `TextSyntax`, so that:
 * - it never falls inside a unit: a character with its combining marks (no half emoji), a
 *   Markdown escape or entity, a terminal colour code, a citation marker;
 * - a sentence's last word and its citation markers stay together (GUIDE §1: no sentence is
 *   shown without its markers); when they cannot fit, the cut goes inside the sentence;
 * - a heading (a chunk's `lead`) never ends a message without the start of its section;
 * - a span (a terminal style, a Markdown link or emphasis) short enough for one message is
 *   never cut; a longer one is closed before the cut and reopened after it, so no colour is
 *   left on and no bracket is left open; a span whose own markup is too long for a piece (a
 *   link to a very long address) is shown without its markup;
 * - it prefers, in order: after a citation group, a line or a sentence; between words; and
 *   only then inside a word too long for a message.
 */

/** A rendered block. A `lead` (a heading, the checked-on date) stays with the start of `text`. */
export type Chunk = string | { readonly lead: string; readonly text: string };

export function chunkText(chunk: Chunk): string {
  return typeof chunk === 'string' ? chunk : `${chunk.lead}\n${chunk.text}`;
}

/**
 * One kind of token of a surface's syntax, found with a sticky (`y`) pattern:
 * - `glyph`: one character as a reader sees it; group 1, if any, is the character shown
 *   (the `!` of the escape `\!`);
 * - `citation`: a citation marker the renderer wrote; it stays with the text before it;
 * - `lead-in`: a list bullet, source number or heading mark; it stays with the text after it;
 * - `open`/`close`: a span, closed by `closeWith(match)`; `toggle` opens or closes (`**`).
 * Patterns are sticky (`y`) and without the `u` flag, as a syntax's rules are also searched
 * as one pattern.
 */
export interface TokenRule {
  readonly kind: 'glyph' | 'citation' | 'lead-in' | 'open' | 'close' | 'toggle';
  readonly pattern: RegExp;
  readonly closeWith?: (match: RegExpExecArray) => string;
}

export interface TextSyntax {
  /** Tried in order at every position, before spaces, line breaks and plain characters. */
  readonly rules: readonly TokenRule[];
  /** Whether text would read as markup at the start of a message (Markdown "3." is a list). */
  readonly startsMarkup?: (text: string) => boolean;
  /** A citation marker without its link: for markers too long to stay with their sentence. */
  readonly unlinkCitation?: (marker: string) => string;
}

/** Text without markup: only characters, spaces and line breaks. */
export const plainSyntax: TextSyntax = { rules: [] };

const ellipsis = '…';
/** The least room beside the footer that still makes a readable message. */
const minimumRoom = 40;
export const shortenedNotice = '… (answer shortened to fit; ask for the full answer)';

/** A message limit too small for the disclaimer is the deployment's to fix: a configuration error. */
function noRoomBesideFooter(maxLength: number, footer: string): AmicusError {
  return new AmicusError(
    ErrorCode.ConfigInvalid,
    `A message limit of ${maxLength} characters leaves no room beside the disclaimer (${footer.length} characters); shorten the disclaimer`,
    { location: 'deployment.disclaimer' },
  );
}

/** Packs chunks into messages of at most `maxLength` characters, each ending with the footer. */
export function packIntoParts(
  chunks: readonly Chunk[],
  footer: string,
  maxLength: number,
  separator = '\n\n',
  syntax: TextSyntax = plainSyntax,
): string[] {
  const budget = maxLength - footer.length - separator.length;
  if (budget < minimumRoom) throw noRoomBesideFooter(maxLength, footer);
  const bodies: string[] = [];
  let current = '';
  for (const chunk of chunks) {
    const text = chunkText(chunk);
    const room = current.length === 0 ? budget : budget - current.length - separator.length;
    if (text.length <= room) {
      current = current.length === 0 ? text : `${current}${separator}${text}`;
      continue;
    }
    // A chunk that fits in a message is never cut. A longer one starts in the room left in this
    // message if it can be cut cleanly there, else in a new message.
    const start = text.length > budget ? cutStart(chunk, room, budget, syntax, 0) : undefined;
    if (start) current = current.length === 0 ? start.piece : `${current}${separator}${start.piece}`;
    const pieces = cutChunk(start ? start.rest : chunk, budget, syntax);
    if (current.length > 0) bodies.push(current);
    current = pieces.pop()!;
    bodies.push(...pieces);
  }
  if (current.length > 0) bodies.push(current);
  return bodies.length > 0 ? bodies.map((body) => `${body}${separator}${footer}`) : [footer];
}

/**
 * The answer in one message of at most `maxLength` characters: whole when it fits, else as
 * much as fits, then `shortenedNotice`, then the footer. The limit is checked before the
 * content, like `packIntoParts` does: a limit with no room for a shortened answer beside the
 * footer is a configuration error, better found on the first answer than on the first long one.
 */
export function truncateToOne(
  chunks: readonly Chunk[],
  footer: string,
  maxLength: number,
  separator = '\n\n',
  syntax: TextSyntax = plainSyntax,
): string {
  const room = maxLength - footer.length - shortenedNotice.length - 2 * separator.length;
  if (room < minimumRoom) throw noRoomBesideFooter(maxLength, footer);
  const whole = [...chunks.map(chunkText), footer].join(separator);
  if (whole.length <= maxLength) return whole;
  let body = '';
  for (const chunk of chunks) {
    const text = chunkText(chunk);
    const joined = body.length === 0 ? text : `${body}${separator}${text}`;
    if (joined.length <= room) {
      body = joined;
      continue;
    }
    // Fill the rest of the room with the start of this chunk, if it keeps its heading.
    const left = body.length === 0 ? room : room - body.length - separator.length;
    const start = cutStart(chunk, left, room, syntax, 1);
    if (start) body = body.length === 0 ? start.piece : `${body}${separator}${start.piece}`;
    break;
  }
  return [body, shortenedNotice, footer].filter((text) => text.length > 0).join(separator);
}

/** Cuts text into pieces of at most `limit` characters; see the rules at the top of the file. */
export function cutToFit(text: string, limit: number, syntax: TextSyntax = plainSyntax): string[] {
  return cutChunk(text, limit, syntax);
}

/** The text whole when it has at most `limit` characters, else its start cut like `cutToFit`, with an ellipsis. */
export function truncate(text: string, limit: number, syntax: TextSyntax = plainSyntax): string {
  return text.length <= limit ? text : (cutChunk(text, limit, syntax)[0] ?? '');
}

function cutChunk(chunk: Chunk, limit: number, syntax: TextSyntax): string[] {
  const text = chunkText(chunk);
  if (text.length <= limit) return [text];
  const tokens = tokenize(text, limit, syntax);
  const pieces: string[] = [];
  let rest: Rest = { start: 0, reopened: [], keepUntil: leadEnd(chunk, tokens) };
  let restWidth = widthOf(tokens);
  while (widthOf(rest.reopened) + restWidth > limit) {
    const cut = cutOnce(tokens, rest, limit, syntax);
    pieces.push(cut.piece);
    restWidth -= widthOf(tokens.slice(rest.start, cut.rest.start));
    rest = cut.rest;
  }
  if (rest.start < tokens.length) pieces.push(textOf([...rest.reopened, ...tokens.slice(rest.start)]));
  return pieces;
}

/**
 * The start of a chunk cut to fit in `room`, and the rest, when a cut of at most `highestCost`
 * fits there (see `Candidate`); `limit` is the size of a whole message.
 */
function cutStart(chunk: Chunk, room: number, limit: number, syntax: TextSyntax, highestCost: number) {
  const leadLength = typeof chunk === 'string' ? 0 : chunk.lead.length + 1;
  if (room < leadLength + minimumRoom) return undefined;
  const tokens = tokenize(chunkText(chunk), limit, syntax);
  const cut = cutOnce(tokens, { start: 0, reopened: [], keepUntil: leadEnd(chunk, tokens) }, room, syntax);
  if (cut.cost > highestCost) return undefined;
  return { piece: cut.piece, rest: textOf([...cut.rest.reopened, ...tokens.slice(cut.rest.start)]) };
}

/** What is left to cut: the spans reopened after the last cut, then the tokens from `start`. */
interface Rest {
  readonly start: number;
  readonly reopened: readonly Token[];
  /** Until the first cut, the index of the first token after the lead. */
  readonly keepUntil: number;
}

function cutOnce(tokens: readonly Token[], rest: Rest, limit: number, syntax: TextSyntax) {
  // A piece is at most `limit` characters; the window adds what a cut looks ahead at (the next
  // word, the end of a span), so a long chunk is not walked again at every cut.
  const window = [...rest.reopened, ...tokens.slice(rest.start, rest.start + 2 * limit + 32)];
  const cut = findCut(window, limit, rest.keepUntil, syntax);
  const closes = cut.open.map((token) => token.close).reverse();
  const piece = `${textOf(dropTrailingSpace(window.slice(0, cut.at)))}${ellipsis}${closes.join('')}`;
  let start = rest.start + cut.at - rest.reopened.length;
  while (isSpace(tokens[start])) start++;
  return { piece, cost: cut.cost, rest: { start, reopened: cut.open, keepUntil: 0 } };
}

function leadEnd(chunk: Chunk, tokens: readonly Token[]): number {
  return typeof chunk === 'string' ? 0 : tokenIndexAt(tokens, chunk.lead.length + 1);
}

// ---------------------------------------------------------------------------------------------
// Tokens

type TokenKind = 'glyph' | 'space' | 'newline' | 'citation' | 'lead-in' | 'open' | 'close';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** The character a reader sees, for a glyph. */
  readonly shows: string;
  /** What closes an `open` token. */
  readonly close: string;
}

interface RawToken extends Omit<Token, 'kind'> {
  readonly kind: TokenKind | 'toggle';
}

/** One character with its combining marks, emoji modifiers and joined emoji (close to a grapheme). */
const character = /(?:\p{RI}\p{RI}|[\s\S])(?:\p{M}|\p{Emoji_Modifier}|\u200d\p{Extended_Pictographic})*/uy;

/** For each syntax, one pattern that finds where any of its rules matches next. */
const ruleFinders = new WeakMap<TextSyntax, RegExp>();

function ruleFinder(syntax: TextSyntax): RegExp {
  let finder = ruleFinders.get(syntax);
  if (!finder) {
    const sources = syntax.rules.map((rule) => `(?:${rule.pattern.source})`);
    finder = new RegExp(sources.length > 0 ? sources.join('|') : '(?!)', 'g');
    ruleFinders.set(syntax, finder);
  }
  return finder;
}

function tokenize(text: string, limit: number, syntax: TextSyntax): Token[] {
  const raw: RawToken[] = [];
  const finder = ruleFinder(syntax);
  for (let at = 0; at < text.length; ) {
    // Plain characters up to the next place a rule of the syntax matches, then that token.
    finder.lastIndex = at;
    const next = finder.exec(text)?.index ?? text.length;
    while (at < next) {
      const token = plainToken(text, at, next);
      raw.push(token);
      at += token.text.length;
    }
    if (at === text.length) break;
    const token = ruleToken(text, at, syntax.rules) ?? plainToken(text, at, text.length);
    raw.push(token);
    at += token.text.length;
  }
  const tooLong = limit - Math.min(20, limit / 2);
  const tokens = unlinkLongCitations(dropOversizedSpans(pairSpans(raw), tooLong), limit, tooLong, syntax);
  // A unit too long for any piece (a character with hundreds of marks, a citation marker with a
  // huge address) is cut like plain characters, as it cannot be kept whole.
  if (tokens.every((token) => token.text.length <= tooLong)) return tokens;
  return pairSpans(
    tokens.flatMap((token) => (token.text.length > tooLong ? codePoints(token.text) : [token])),
  );
}

function ruleToken(text: string, at: number, rules: readonly TokenRule[]): RawToken | undefined {
  for (const rule of rules) {
    rule.pattern.lastIndex = at;
    const match = rule.pattern.exec(text);
    if (!match || match[0].length === 0) continue;
    const close = rule.kind === 'toggle' ? match[0] : (rule.closeWith?.(match) ?? '');
    return { kind: rule.kind, text: match[0], shows: match[1] ?? match[0], close };
  }
  return undefined;
}

function plain(kind: TokenKind, text: string): RawToken {
  return { kind, text, shows: text, close: '' };
}

/** A space, a line break or a character starting at `at`, ending by `end`. */
function plainToken(text: string, at: number, end: number): RawToken {
  const code = text.charCodeAt(at);
  if (code === 0x20 || code === 0x09) return plain('space', text[at]!);
  if (code === 0x0d && text[at + 1] === '\n' && at + 1 < end) return plain('newline', '\r\n');
  if (code === 0x0a || code === 0x0d) return plain('newline', text[at]!);
  // Most characters stand alone: no surrogate pair, and no combining mark or joiner after them.
  if (code < 0xd800 && !(text.charCodeAt(at + 1) >= 0x300)) return plain('glyph', text[at]!);
  character.lastIndex = at;
  const [glyph] = character.exec(text)!;
  return plain('glyph', at + glyph.length <= end ? glyph : String.fromCodePoint(text.codePointAt(at)!));
}

function codePoints(text: string): RawToken[] {
  return [...text].map((point) => plainToken(point, 0, point.length));
}

/**
 * Resolves toggles into opens and closes, and turns any open or close without its partner into
 * a plain character, so that only well-nested spans are closed and reopened at a cut.
 */
function pairSpans(raw: readonly RawToken[]): Token[] {
  const kinds: TokenKind[] = [];
  const open: number[] = [];
  for (const [index, token] of raw.entries()) {
    const top = open.at(-1);
    const closesTop = top !== undefined && raw[top]!.close === token.text;
    if (token.kind === 'close' || (token.kind === 'toggle' && closesTop)) {
      kinds.push(closesTop ? 'close' : 'glyph');
      if (closesTop) open.pop();
    } else if (token.kind === 'open' || token.kind === 'toggle') {
      kinds.push('open');
      open.push(index);
    } else {
      kinds.push(token.kind);
    }
  }
  for (const index of open) kinds[index] = 'glyph';
  return raw.map((token, index) =>
    token.kind === kinds[index] ? (token as Token) : { ...token, kind: kinds[index]! },
  );
}

/**
 * A span whose opening or closing markup is longer than `tooLong` (a link to a huge address)
 * could neither stay whole nor be closed and reopened at a cut: its markup is dropped and its
 * text stays, so the reader loses the link but no words.
 */
function dropOversizedSpans(tokens: Token[], tooLong: number): Token[] {
  const dropped = new Set<number>();
  const open: number[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'open') open.push(index);
    if (token.kind !== 'close') continue;
    const opening = open.pop()!;
    if (tokens[opening]!.text.length > tooLong || token.text.length > tooLong) {
      dropped.add(opening);
      dropped.add(index);
    }
  }
  return dropped.size === 0 ? tokens : tokens.filter((_, index) => !dropped.has(index));
}

/**
 * A group of linked citation markers can be longer than a message (three Markdown links are
 * about 170 characters). Then the group is written without links, so it can stay with its
 * sentence; the sources list keeps the links. So is a marker too long to stay one unit
 * (`tooLong`): cut into characters, its link's `<` would be left open in a piece.
 */
function unlinkLongCitations(tokens: Token[], limit: number, tooLong: number, syntax: TextSyntax): Token[] {
  const unlink = syntax.unlinkCitation;
  if (!unlink) return tokens;
  const result = [...tokens];
  for (let start = 0; start < result.length; start++) {
    if (result[start]!.kind !== 'citation') continue;
    let end = start;
    while (result[end]?.kind === 'citation') end++;
    const lastWord = Math.min(24, widthOf(takeWordBefore(result, start)));
    const group = result.slice(start, end);
    const longest = Math.max(...group.map((token) => token.text.length));
    if (lastWord + widthOf(group) + ellipsis.length > limit || longest > tooLong) {
      for (let index = start; index < end; index++) {
        const token = result[index]!;
        result[index] = { ...token, text: unlink(token.text) };
      }
    }
    start = end;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Finding the cut

type CutKind = 'citations' | 'line' | 'sentence' | 'word' | 'inside-word';

interface Candidate {
  /** The cut falls before `tokens[at]`. */
  readonly at: number;
  readonly kind: CutKind;
  /** Length of the piece before the cut, without trailing space. */
  readonly width: number;
  /**
   * 0: a good cut. 1: inside a span that would fit whole in a piece. 2: in the lead (a heading
   * too long for a piece). 3: breaks a rule: parts markers from their sentence, a bullet from
   * its item, or leaves a span empty; only when nothing else fits (markers longer than a piece).
   */
  readonly cost: 0 | 1 | 2 | 3;
}

const structural: readonly CutKind[] = ['citations', 'line', 'sentence'];

/** Where to cut, and the spans open there: closed at the end of the piece, reopened after it. */
function findCut(
  tokens: readonly Token[],
  limit: number,
  keepUntil: number,
  syntax: TextSyntax,
): { at: number; open: Token[]; cost: number } {
  const candidates = cutCandidates(tokens, limit, keepUntil);
  // Whether the next message would start with markup; checked only on the candidates being
  // considered, as it looks ahead.
  const startsMarkup = syntax.startsMarkup;
  const usable = startsMarkup
    ? (candidate: Candidate) =>
        !startsMarkup(textOf(dropLeadingSpace(tokens.slice(candidate.at, candidate.at + 16))))
    : () => true;
  for (const highestCost of [0, 1, 2, 3]) {
    const allowed = candidates.filter((candidate) => candidate.cost <= highestCost);
    const choice = chooseCut(allowed, tokens, limit, usable);
    if (choice) return { at: choice.at, open: openSpansBefore(tokens, choice.at), cost: choice.cost };
  }
  // Not one unit fits beside the spans to close: take one unit anyway, so the cutting ends.
  const at = tokens.findIndex((token) => token.kind !== 'open') + 1;
  return { at, open: openSpansBefore(tokens, at), cost: 4 };
}

function chooseCut(
  allowed: readonly Candidate[],
  tokens: readonly Token[],
  limit: number,
  usable: (candidate: Candidate) => boolean,
): Candidate | undefined {
  const lastOf = (kinds: readonly CutKind[]) =>
    allowed.findLast((candidate) => kinds.includes(candidate.kind) && usable(candidate));
  const afterStructure = lastOf(structural);
  if (afterStructure && afterStructure.width > limit / 2) return afterStructure;
  const betweenWords = lastOf([...structural, 'word']);
  // A short piece is better than a word cut in two, unless the word is too long for any piece.
  if (betweenWords && (betweenWords.width > limit / 5 || wordWidthAt(tokens, betweenWords.at) < limit)) {
    return betweenWords;
  }
  return allowed.findLast(usable);
}

function cutCandidates(tokens: readonly Token[], limit: number, keepUntil: number): Candidate[] {
  const spanWidths = measureSpans(tokens);
  const candidates: Candidate[] = [];
  const open: number[] = [];
  let closingWidth = 0;
  let shortSpansOpen = 0;
  const isShort = (index: number) => spanWidths.get(index)! + ellipsis.length <= limit;
  let width = 0;
  let trailingSpace = 0;
  let lastSolid: Token | undefined;
  for (let at = 1; at < tokens.length; at++) {
    const before = tokens[at - 1]!;
    const after = tokens[at]!;
    width += before.text.length;
    if (before.kind === 'open') {
      open.push(at - 1);
      closingWidth += before.close.length;
      if (isShort(at - 1)) shortSpansOpen++;
    } else if (before.kind === 'close') {
      const opening = open.pop()!;
      closingWidth -= tokens[opening]!.close.length;
      if (isShort(opening)) shortSpansOpen--;
    }
    trailingSpace = isSpace(before) ? trailingSpace + before.text.length : 0;
    if (!isSpace(before)) lastSolid = before;
    const kept = width - trailingSpace;
    if (kept > limit) break;
    if (kept + ellipsis.length + closingWidth > limit) continue;
    // Markers stay with their sentence, a bullet with its item, a span is not left empty.
    const breaksRule =
      after.kind === 'citation' ||
      after.kind === 'close' ||
      before.kind === 'lead-in' ||
      before.kind === 'open';
    const cost = breaksRule ? 3 : at <= keepUntil ? 2 : shortSpansOpen > 0 ? 1 : 0;
    candidates.push({ at, kind: cutKind(before, lastSolid), width: kept, cost });
  }
  return candidates;
}

function cutKind(before: Token, lastSolid: Token | undefined): CutKind {
  if (before.kind === 'newline') return 'line';
  if (before.kind !== 'space') return 'inside-word';
  if (lastSolid?.kind === 'citation') return 'citations';
  if (lastSolid && /^[.;?!]$/.test(lastSolid.shows)) return 'sentence';
  return 'word';
}

/** The width of every span, by the index of its opening token; unclosed ones are unbounded. */
function measureSpans(tokens: readonly Token[]): Map<number, number> {
  const widths = new Map<number, number>();
  const open: { index: number; offset: number }[] = [];
  let offset = 0;
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'open') open.push({ index, offset });
    offset += token.text.length;
    if (token.kind === 'close') {
      const start = open.pop();
      if (start) widths.set(start.index, offset - start.offset);
    }
  }
  for (const start of open) widths.set(start.index, Number.POSITIVE_INFINITY);
  return widths;
}

function openSpansBefore(tokens: readonly Token[], at: number): Token[] {
  const open: Token[] = [];
  for (const token of tokens.slice(0, at)) {
    if (token.kind === 'open') open.push(token);
    if (token.kind === 'close') open.pop();
  }
  return open;
}

/** The width of the word that starts at `at` (after any space), its citation markers included. */
function wordWidthAt(tokens: readonly Token[], at: number): number {
  let width = 0;
  let index = at;
  while (isSpace(tokens[index])) index++;
  for (; index < tokens.length && !isSpace(tokens[index]); index++) width += tokens[index]!.text.length;
  return width;
}

function takeWordBefore(tokens: readonly Token[], end: number): Token[] {
  let start = end;
  while (start > 0 && !isSpace(tokens[start - 1])) start--;
  return tokens.slice(start, end);
}

function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  let width = 0;
  let index = 0;
  while (index < tokens.length && width < offset) width += tokens[index++]!.text.length;
  return index;
}

function isSpace(token: Token | undefined): boolean {
  return token?.kind === 'space' || token?.kind === 'newline';
}

function dropLeadingSpace(tokens: Token[]): Token[] {
  const first = tokens.findIndex((token) => !isSpace(token));
  return first === -1 ? [] : tokens.slice(first);
}

function dropTrailingSpace(tokens: Token[]): Token[] {
  return tokens.slice(0, tokens.findLastIndex((token) => !isSpace(token)) + 1);
}

function widthOf(tokens: readonly Token[]): number {
  return tokens.reduce((sum, token) => sum + token.text.length, 0);
}

function textOf(tokens: readonly Token[]): string {
  return tokens.map((token) => token.text).join('');
}
