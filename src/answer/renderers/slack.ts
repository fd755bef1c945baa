import type { Answer, AnswerSource } from '../answer.js';
import {
  defuseMentions,
  describeReferral,
  describeSource,
  type InlineRun,
  outlineAnswer,
  sectionTitles,
} from './outline.js';

/**
 * Slack Block Kit rendering of an answer, in the outline's order: the question, notices (crisis
 * resources first in an emergency), the summary and sections with `[n]` linked to their sources,
 * gaps, limitations, referrals, follow-up buttons, the sources as context blocks, 👍/👎 feedback
 * buttons and, closing every message, the disclaimer.
 *
 * Slack's limits are owned here: at most 50 blocks a message and 3,000 characters a text, so a
 * long answer is split into several messages, each ending with the disclaimer. Every string of
 * the answer is untrusted: `&`, `<` and `>` are escaped for mrkdwn (so no `<!channel>`, link or
 * user mention can come from corpus text), mass mentions are defused, and control and bidi
 * characters are dropped.
 */

export interface SlackMrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: SlackPlainText;
  value?: string;
  style?: 'primary' | 'danger';
  accessibility_label?: string;
}

export interface SlackSectionBlock {
  type: 'section';
  block_id?: string;
  text: SlackMrkdwnText;
  accessory?: SlackButton;
}

export interface SlackContextBlock {
  type: 'context';
  block_id?: string;
  elements: SlackMrkdwnText[];
}

export interface SlackActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: SlackButton[];
}

export interface SlackDividerBlock {
  type: 'divider';
}

export type SlackBlock = SlackSectionBlock | SlackContextBlock | SlackActionsBlock | SlackDividerBlock;

/** One Slack message: `text` is the notification and accessibility fallback, always set. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented limits for the parts this renderer uses. */
export const slackLimits = {
  blocksPerMessage: 50,
  textLength: 3000,
  buttonValue: 2000,
  buttonText: 75,
  blockId: 255,
  contextElements: 10,
} as const;

export const slackActionIds = {
  /** Followed by the follow-up's index: `amicus_follow_up_0`, `amicus_follow_up_1`, … */
  followUpPrefix: 'amicus_follow_up_',
  feedbackUp: 'amicus_feedback_up',
  feedbackDown: 'amicus_feedback_down',
} as const;

/** Matches the action id of any follow-up button. */
export const followUpActionPattern = /^amicus_follow_up_\d+$/;

export function followUpActionId(index: number): string {
  return `${slackActionIds.followUpPrefix}${index}`;
}

const followUpBlockPrefix = 'amicus_follow_up';
const feedbackBlockId = 'amicus_feedback';

export interface SlackRenderOptions {
  /**
   * An opaque key (at most 200 characters) that the adapter needs back when a follow-up button
   * is clicked, such as the conversation thread it continues. It is stored in the follow-up
   * blocks' `block_id` and read back with `conversationKeyFromBlockId`.
   */
  readonly conversationKey?: string;
  /** 👍/👎 buttons (default true). */
  readonly feedback?: boolean;
  /** Follow-up questions as buttons (default true); without them they are listed as text. */
  readonly followUpButtons?: boolean;
  /** Default 50 (Slack's limit); lower only in tests. */
  readonly maxBlocks?: number;
  /** Longest text of one block element; default 3,000 (Slack's limit). */
  readonly maxTextLength?: number;
  /**
   * Characters of block text per message before the answer continues in another message, so
   * Slack does not fold a long answer away behind "Show more". Default 12,000.
   */
  readonly maxMessageLength?: number;
}

/** Characters that must never reach a Slack client from corpus text: C0 (but tab and newline), DEL, C1, bidi controls. */
const unsafeCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function stripUnsafe(text: string): string {
  return text.replace(unsafeCharacters, '');
}

/** Untrusted text for mrkdwn: `&`, `<`, `>` escaped, mass mentions defused, control characters dropped. */
export function escapeMrkdwn(text: string): string {
  return defuseMentions(stripUnsafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/**
 * Untrusted text for a `plain_text` object (button labels) or a button value. Slack does not
 * parse these, but angle brackets are still replaced with look-alikes so nothing that looks like
 * `<!channel>` ever appears in a payload.
 */
export function escapePlainText(text: string): string {
  return defuseMentions(stripUnsafe(text).replace(/</g, '\u2039').replace(/>/g, '\u203a'));
}

/**
 * An http(s) address fit for `<url|label>`; anything else (javascript:, data:, junk) gives null.
 * User info is dropped, and `@`, `|`, `<`, `>`, quotes and spaces are percent-encoded, so an
 * address can neither end the link early nor carry a mention.
 */
export function slackUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    return `${parsed.origin}${rest.replace(/[@|<>\s"]/g, (character) => encodeURIComponent(character))}`;
  } catch {
    return null;
  }
}

/** A mrkdwn link with an escaped label, or the escaped label alone when the address is unusable. */
export function slackLink(url: string | null | undefined, label: string): string {
  const address = slackUrl(url);
  return address ? `<${address}|${escapeMrkdwn(label)}>` : escapeMrkdwn(label);
}

/** Cuts untrusted text to at most `limit` characters (not counting the ellipsis), never inside a surrogate pair. */
export function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = limit;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** The units a mrkdwn string may be cut between: entities, `<…>` links and whole characters. */
const mrkdwnToken = /&(?:amp|lt|gt);|<[^<>]*>|[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g;

/**
 * Cuts rendered mrkdwn into pieces of at most `limit` characters, at a line or word boundary
 * when there is one in the second half of the piece, and never inside an entity, a link or a
 * surrogate pair. Cut pieces end with an ellipsis.
 */
export function splitMrkdwn(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  if (limit < 10) throw new RangeError(`Cannot cut mrkdwn into pieces of ${limit} characters`);
  const tokens = text.match(mrkdwnToken) ?? [];
  const pieces: string[] = [];
  const budget = limit - 1; // room for the ellipsis
  let current: string[] = [];
  let length = 0;
  const cut = () => {
    let breakAt = -1;
    let position = 0;
    for (const [index, candidate] of current.entries()) {
      position += candidate.length;
      if ((candidate === '\n' || candidate === ' ') && position > budget / 2) breakAt = index;
    }
    const kept = breakAt > 0 ? current.slice(0, breakAt) : current;
    current = breakAt > 0 ? current.slice(breakAt + 1) : [];
    length = current.reduce((total, piece) => total + piece.length, 0);
    pieces.push(`${kept.join('').trimEnd()}…`);
  };
  for (const token of tokens) {
    if (token.length > budget) {
      // Only a link can be this long: show it as its escaped text instead.
      while (current.length > 0) cut();
      pieces.push(...splitMrkdwn(escapeMrkdwn(token), limit));
      continue;
    }
    while (current.length > 0 && length + token.length > budget) cut();
    current.push(token);
    length += token.length;
  }
  const rest = current.join('').trim();
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** The disclaimer as a context block, in as many elements as its length needs. */
export function disclaimerBlock(
  disclaimer: string,
  maxTextLength: number = slackLimits.textLength,
): SlackContextBlock {
  const text = `*${sectionTitles.disclaimer}:* ${escapeMrkdwn(disclaimer)}`;
  const elements = splitMrkdwn(text, maxTextLength)
    .slice(0, slackLimits.contextElements)
    .map((piece): SlackMrkdwnText => ({ type: 'mrkdwn', text: piece }));
  return { type: 'context', block_id: 'amicus_disclaimer', elements };
}

/** The fallback `text` of a message: escaped, at most `limit` characters, ending with the disclaimer when it fits. */
export function fallbackText(
  headline: string,
  disclaimer: string,
  limit: number = slackLimits.textLength,
): string {
  const disclaimerLine = `${sectionTitles.disclaimer}: ${escapeMrkdwn(disclaimer)}`;
  const room = Math.max(200, limit - disclaimerLine.length - 2);
  const head = splitMrkdwn(escapeMrkdwn(headline), room)[0] ?? '';
  return splitMrkdwn(`${head}\n\n${disclaimerLine}`, limit)[0] ?? head;
}

/**
 * A message of the adapter's own (placeholder, notice, error) with the disclaimer. `mrkdwn` is
 * trusted markup: callers escape any untrusted part of it with `escapeMrkdwn`. `fallback` is the
 * same message as raw text for notifications; it is escaped here.
 */
export function slackNotice(notice: { mrkdwn: string; fallback: string; disclaimer: string }): SlackMessage {
  const blocks: SlackBlock[] = splitMrkdwn(notice.mrkdwn, slackLimits.textLength).map(
    (piece): SlackSectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }),
  );
  blocks.push(disclaimerBlock(notice.disclaimer));
  return { text: fallbackText(notice.fallback, notice.disclaimer), blocks };
}

/** The conversation key a follow-up block carries, or undefined for a block of another kind. */
export function conversationKeyFromBlockId(blockId: string | undefined): string | undefined {
  if (!blockId?.startsWith(`${followUpBlockPrefix}|`)) return undefined;
  const rest = blockId.slice(followUpBlockPrefix.length + 1);
  const separator = rest.indexOf('|');
  if (separator < 0) return undefined;
  const key = rest.slice(separator + 1);
  return key.length > 0 ? key : undefined;
}

interface Unit {
  readonly blocks: SlackBlock[];
}

/** Untrusted text as one bold line of at most `limit` characters. */
function boldLine(text: string, limit: number): string {
  return `*${splitMrkdwn(escapeMrkdwn(shorten(text, 500)), limit - 2)[0] ?? ''}*`;
}

function section(text: string, extra: Partial<SlackSectionBlock> = {}): SlackSectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text }, ...extra };
}

function citationMarker(n: number, answer: Answer): string {
  const source = answer.sources.find((candidate) => candidate.n === n);
  const address = slackUrl(source?.url);
  return address ? `<${address}|[${n}]>` : `[${n}]`;
}

function renderRuns(runs: readonly InlineRun[], answer: Answer): string {
  return runs
    .map((run) => (run.kind === 'text' ? escapeMrkdwn(run.text) : ` ${citationMarker(run.n, answer)}`))
    .join('');
}

const noticeEmoji = {
  info: ':information_source:',
  warning: ':warning:',
  urgent: ':rotating_light:',
} as const;

function sourceLine(source: AnswerSource): string {
  const details = describeSource(source).slice(source.label.length + 3);
  return `*[${source.n}]* ${slackLink(source.url, source.label)} — ${escapeMrkdwn(details)}`;
}

function referralLine(referral: Answer['referrals'][number]): string {
  const name = slackUrl(referral.url)
    ? slackLink(referral.url, referral.name)
    : `*${escapeMrkdwn(referral.name)}*`;
  const rest = describeReferral(referral).slice(referral.name.length + 2);
  return `• ${name}: ${escapeMrkdwn(rest)}`;
}

/** Sections whose text is `heading` (when given) followed by `body`, each at most `limit` characters. */
function textUnit(heading: string | undefined, body: string, limit: number): Unit {
  const prefix = heading === undefined ? '' : `${boldLine(heading, Math.floor(limit / 3))}\n`;
  const pieces = splitMrkdwn(body, limit - prefix.length);
  return {
    blocks: pieces.map((piece, index) => section(index === 0 ? `${prefix}${piece}` : piece)),
  };
}

function followUpUnit(
  heading: string,
  items: readonly string[],
  options: Required<SlackRenderOptions>,
): Unit {
  if (!options.followUpButtons) {
    return textUnit(
      heading,
      items.map((item) => `• ${escapeMrkdwn(item)}`).join('\n'),
      options.maxTextLength,
    );
  }
  const key = shorten(options.conversationKey, 200);
  const blocks: SlackBlock[] = [section(boldLine(heading, options.maxTextLength))];
  for (const [index, item] of items.entries()) {
    const question = escapePlainText(shorten(item, slackLimits.buttonValue - 1));
    blocks.push(
      section(splitMrkdwn(escapeMrkdwn(item), options.maxTextLength)[0] ?? '', {
        block_id: `${followUpBlockPrefix}|${index}|${key}`.slice(0, slackLimits.blockId),
        accessory: {
          type: 'button',
          action_id: followUpActionId(index),
          text: { type: 'plain_text', text: 'Ask this', emoji: true },
          value: question,
          accessibility_label: shorten(`Ask: ${question}`, slackLimits.buttonText - 1),
        },
      }),
    );
  }
  return { blocks };
}

function feedbackUnit(answer: Answer): Unit {
  const value = answer.id.slice(0, slackLimits.buttonValue);
  return {
    blocks: [
      {
        type: 'actions',
        block_id: feedbackBlockId,
        elements: [
          {
            type: 'button',
            action_id: slackActionIds.feedbackUp,
            text: { type: 'plain_text', text: '👍 Helpful', emoji: true },
            value,
            accessibility_label: 'This answer was helpful',
          },
          {
            type: 'button',
            action_id: slackActionIds.feedbackDown,
            text: { type: 'plain_text', text: '👎 Not helpful', emoji: true },
            value,
            accessibility_label: 'This answer was not helpful; tell us why',
          },
        ],
      },
    ],
  };
}

/** The answer as units of blocks that belong together, in the outline's order (the disclaimer excluded). */
function renderUnits(answer: Answer, options: Required<SlackRenderOptions>): Unit[] {
  const outline = outlineAnswer(answer);
  const units: Unit[] = [];
  let pendingHeading: string | undefined;
  const limit = options.maxTextLength;
  for (const block of outline) {
    const heading = pendingHeading;
    pendingHeading = undefined;
    switch (block.kind) {
      case 'title':
        units.push({ blocks: [section(boldLine(block.text, limit))] });
        break;
      case 'checked-on':
        units.push({
          blocks: [
            {
              type: 'context',
              elements: [{ type: 'mrkdwn', text: `Checked on ${escapeMrkdwn(block.date)}` }],
            },
          ],
        });
        break;
      case 'notice':
        units.push(textUnit(undefined, `${noticeEmoji[block.tone]} ${escapeMrkdwn(block.text)}`, limit));
        break;
      case 'heading':
        pendingHeading = block.text;
        break;
      case 'paragraph':
        units.push(textUnit(heading, renderRuns(block.runs, answer), limit));
        break;
      case 'list':
        if (heading === sectionTitles.followUps) units.push(followUpUnit(heading, block.items, options));
        else
          units.push(
            textUnit(heading, block.items.map((item) => `• ${escapeMrkdwn(item)}`).join('\n'), limit),
          );
        break;
      case 'referrals':
        units.push(textUnit(heading, block.referrals.map(referralLine).join('\n'), limit));
        break;
      case 'related':
        units.push(
          textUnit(
            heading,
            block.related
              .map((source) => `• ${slackLink(source.url, source.label)} — ${escapeMrkdwn(source.title)}`)
              .join('\n'),
            limit,
          ),
        );
        break;
      case 'sources':
        units.push(sourcesUnit(heading, block.sources, limit));
        break;
      case 'disclaimer':
        break;
      default:
        assertNever(block);
    }
  }
  if (options.feedback) units.push(feedbackUnit(answer));
  return units.map((unit) => ({ blocks: unit.blocks.flatMap(withoutEmptyText) }));
}

/** Slack rejects blank texts; a block whose text is blank (all control characters, say) is left out. */
function withoutEmptyText(block: SlackBlock): SlackBlock[] {
  if (block.type === 'section') return block.text.text.trim().length > 0 ? [block] : [];
  if (block.type === 'context') {
    const elements = block.elements.filter((element) => element.text.trim().length > 0);
    return elements.length > 0 ? [{ ...block, elements }] : [];
  }
  return [block];
}

function sourcesUnit(heading: string | undefined, sources: readonly AnswerSource[], limit: number): Unit {
  const blocks: SlackBlock[] = [];
  if (heading !== undefined) blocks.push(section(boldLine(heading, limit)));
  for (const source of sources) {
    const elements = splitMrkdwn(sourceLine(source), limit)
      .slice(0, slackLimits.contextElements)
      .map((text): SlackMrkdwnText => ({ type: 'mrkdwn', text }));
    blocks.push({ type: 'context', block_id: `amicus_source_${source.n}`, elements });
  }
  return { blocks };
}

function assertNever(value: never): never {
  throw new Error(`Unexpected outline block ${JSON.stringify(value)}`);
}

function blockLength(block: SlackBlock): number {
  switch (block.type) {
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((total, element) => total + element.text.length, 0);
    case 'actions':
      return block.elements.reduce((total, element) => total + element.text.text.length, 0);
    case 'divider':
      return 0;
  }
}

/** Packs units into messages of at most `maxBlocks` blocks and about `maxLength` characters; a unit stays whole when it fits. */
function packUnits(units: readonly Unit[], maxBlocks: number, maxLength: number): SlackBlock[][] {
  const parts: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  let length = 0;
  const flush = () => {
    if (current.length > 0) parts.push(current);
    current = [];
    length = 0;
  };
  const add = (block: SlackBlock) => {
    const size = blockLength(block);
    if (current.length >= maxBlocks || (current.length > 0 && length + size > maxLength)) flush();
    current.push(block);
    length += size;
  };
  for (const unit of units) {
    const size = unit.blocks.reduce((total, block) => total + blockLength(block), 0);
    const fits = current.length + unit.blocks.length <= maxBlocks && length + size <= maxLength;
    if (!fits && unit.blocks.length <= maxBlocks && size <= maxLength) flush();
    for (const block of unit.blocks) add(block);
  }
  flush();
  return parts;
}

function headline(answer: Answer): string {
  const summary = answer.summary.map((sentence) => sentence.text).join(' ');
  return (
    [answer.notice, summary].filter((text) => text !== undefined && text.length > 0).join(' ') ||
    answer.question
  );
}

/**
 * Renders an answer as one or more Slack messages. Each has at most 50 blocks, no text over
 * 3,000 characters, and the disclaimer as its last block; later parts start with a note that
 * they continue the answer. Follow-up buttons carry the question in their value; feedback
 * buttons carry the answer's id.
 */
export function renderSlackMessages(answer: Answer, options: SlackRenderOptions = {}): SlackMessage[] {
  const settings: Required<SlackRenderOptions> = {
    conversationKey: options.conversationKey ?? answer.id,
    feedback: options.feedback ?? true,
    followUpButtons: options.followUpButtons ?? true,
    maxBlocks: Math.min(options.maxBlocks ?? slackLimits.blocksPerMessage, slackLimits.blocksPerMessage),
    maxTextLength: Math.min(options.maxTextLength ?? slackLimits.textLength, slackLimits.textLength),
    maxMessageLength: options.maxMessageLength ?? 12_000,
  };
  if (settings.maxBlocks < 4) throw new RangeError('A Slack message needs room for at least 4 blocks');
  if (settings.maxTextLength < 300)
    throw new RangeError('A Slack text limit below 300 characters leaves no room');
  const closing = disclaimerBlock(answer.disclaimer, settings.maxTextLength);
  // Every part keeps one block for the disclaimer and one for the "continued" note.
  const packed = packUnits(renderUnits(answer, settings), settings.maxBlocks - 2, settings.maxMessageLength);
  // Even an answer with nothing to show is one message: the disclaimer is never left out.
  const parts = packed.length > 0 ? packed : [[]];
  const question = shorten(answer.question, 150);
  return parts.map((blocks, index) => {
    const continued: SlackBlock[] =
      index === 0
        ? []
        : [
            {
              type: 'context',
              block_id: 'amicus_continued',
              elements: [
                {
                  type: 'mrkdwn',
                  text:
                    splitMrkdwn(
                      `Part ${index + 1} of ${parts.length}, continuing the answer to: ${escapeMrkdwn(question)}`,
                      settings.maxTextLength,
                    )[0] ?? `Part ${index + 1} of ${parts.length}`,
                },
              ],
            },
          ];
    const partHeadline =
      index === 0
        ? `${headline(answer)}${parts.length > 1 ? ` (part 1 of ${parts.length})` : ''}`
        : `Part ${index + 1} of ${parts.length}: ${answer.question}`;
    return {
      text: fallbackText(partHeadline, answer.disclaimer, settings.maxTextLength),
      blocks: [...continued, ...blocks, closing],
    };
  });
}

/** Every block's visible text, for tests and logs of shape (never logged with content). */
export function slackMessageTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((block: SlackBlock): string[] => {
    if (block.type === 'section') return [block.text.text];
    if (block.type === 'context') return block.elements.map((element) => element.text);
    if (block.type === 'actions') return block.elements.map((element) => element.text.text);
    return [];
  });
}
