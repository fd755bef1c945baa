import type {
  ActionsBlock,
  Button,
  ContextBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
} from '@slack/types';
import type { Answer, AnswerSource } from '../../answer/answer.js';
import {
  type InlineRun,
  type OutlineRole,
  outlineAnswer,
  referralDetails,
  sectionTitles,
  sourceDetails,
} from '../../answer/renderers/outline.js';
import { safeUrl } from '../../answer/renderers/sanitize.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import {
  feedbackButtonValue,
  followUpActionId,
  followUpBlockId,
  slackActionIds,
  slackBlockIds,
  sourceBlockId,
  staffButtonValue,
} from './action-ids.js';
import {
  cutMrkdwn,
  escapeMrkdwn,
  escapePlainText,
  slackLink,
  truncateMrkdwn,
  truncatePlain,
} from './mrkdwn.js';

/**
 * Slack Block Kit rendering of an answer, in the outline's order: the question, notices (crisis
 * resources first in an emergency), the summary and sections with `[n]` linked to their sources,
 * gaps, limitations, referrals, follow-up buttons, the sources as context blocks, 👍/👎 feedback
 * buttons and, closing every message, the disclaimer.
 *
 * Slack's limits are owned here: at most 50 blocks a message and 3,000 characters a text, so a
 * long answer is split into several messages, each ending with the disclaimer. Texts are cut by
 * the one text cutter with the mrkdwn syntax (mrkdwn.ts), which also escapes every string.
 */

/** One Slack message: `text` is the notification and accessibility fallback, always set. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
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

export interface SlackRenderOptions {
  /**
   * An opaque key (at most 200 characters) that the adapter needs back when a follow-up button
   * is clicked, such as the conversation thread it continues. It is stored in the follow-up
   * blocks' `block_id` and read back with `conversationKeyFromBlockId`.
   */
  readonly conversationKey?: string;
  /** 👍/👎 buttons (default true). */
  readonly feedback?: boolean;
  /**
   * `native`: Slack's `feedback_buttons` element in a `context_actions` block, for the agent's
   * (and assistant's) direct-message threads and streamed answers; `buttons` (the default): two
   * ordinary buttons, everywhere else (channels, ephemeral replies).
   */
  readonly feedbackStyle?: 'buttons' | 'native';
  /**
   * Parts left out because the surface already showed them: a streamed answer's message ends
   * with the rest (`title`, `summary` and `section` were streamed). Default none.
   */
  readonly omitRoles?: readonly OutlineRole[];
  /**
   * "Ask a staff member" beside the feedback buttons (default false): shown only when the
   * deployment has a staff channel (`slack.staffChannel`).
   */
  readonly handOff?: boolean;
  /** "Share in channel" beside the feedback buttons (default false): for answers sent privately. */
  readonly share?: boolean;
  /** The Slack user id who shared this answer from a private reply; shown above it. */
  readonly sharedBy?: string | undefined;
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

function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** The disclaimer as a context block, in as many elements as its length needs. */
export function disclaimerBlock(
  disclaimer: string,
  maxTextLength: number = slackLimits.textLength,
): ContextBlock {
  const text = `*${sectionTitles.disclaimer}:* ${escapeMrkdwn(disclaimer)}`;
  const elements = cutMrkdwn(text, maxTextLength).slice(0, slackLimits.contextElements).map(mrkdwn);
  return { type: 'context', block_id: slackBlockIds.disclaimer, elements };
}

/**
 * The disclaimer's short form, for the first words of a streamed answer: its first sentence, at
 * most 200 characters (the full disclaimer closes the message).
 */
export function shortDisclaimer(disclaimer: string): string {
  const first = /^.+?[.!?](?=\s|$)/s.exec(disclaimer.trim())?.[0] ?? disclaimer.trim();
  return truncatePlain(first, 200);
}

/** The fallback `text` of a message: escaped, at most `limit` characters, ending with the disclaimer when it fits. */
export function fallbackText(
  headline: string,
  disclaimer: string,
  limit: number = slackLimits.textLength,
): string {
  const disclaimerLine = `${sectionTitles.disclaimer}: ${escapeMrkdwn(disclaimer)}`;
  const room = Math.max(200, limit - disclaimerLine.length - 2);
  const head = truncateMrkdwn(escapeMrkdwn(headline), room);
  return truncateMrkdwn(`${head}\n\n${disclaimerLine}`, limit);
}

/**
 * A message of the adapter's own (placeholder, notice, error) with the disclaimer. `mrkdwn` is
 * trusted markup: callers escape any untrusted part of it with `escapeMrkdwn`. `fallback` is the
 * same message as raw text for notifications; it is escaped here.
 */
export function slackNotice(notice: { mrkdwn: string; fallback: string; disclaimer: string }): SlackMessage {
  const blocks: KnownBlock[] = cutMrkdwn(notice.mrkdwn, slackLimits.textLength).map((piece) =>
    section(piece),
  );
  blocks.push(disclaimerBlock(notice.disclaimer));
  return { text: fallbackText(notice.fallback, notice.disclaimer), blocks };
}

interface Unit {
  readonly blocks: KnownBlock[];
}

/** Untrusted text as one bold line of at most `limit` characters (and at most 500). */
function boldLine(text: string, limit: number): string {
  return `*${truncateMrkdwn(escapeMrkdwn(text), Math.min(500, limit - 2))}*`;
}

function section(text: string, extra: Partial<SectionBlock> = {}): SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...extra };
}

function citationMarker(n: number, answer: Answer): string {
  const address = safeUrl(answer.sources.find((candidate) => candidate.n === n)?.url);
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
  return `*[${source.n}]* ${slackLink(source.url, source.label)} — ${escapeMrkdwn(sourceDetails(source))}`;
}

function referralLine(referral: Answer['referrals'][number]): string {
  const name = safeUrl(referral.url)
    ? slackLink(referral.url, referral.name)
    : `*${escapeMrkdwn(referral.name)}*`;
  return `• ${name}: ${escapeMrkdwn(referralDetails(referral))}`;
}

function bulletList(items: readonly string[]): string {
  return items.map((item) => `• ${escapeMrkdwn(item)}`).join('\n');
}

/** Sections whose text is `heading` (when given) followed by `body`, each at most `limit` characters. */
function textUnit(heading: string | undefined, body: string, limit: number): Unit {
  const prefix = heading === undefined ? '' : `${boldLine(heading, Math.floor(limit / 3))}\n`;
  const pieces = cutMrkdwn(body, limit - prefix.length);
  return { blocks: pieces.map((piece, index) => section(index === 0 ? `${prefix}${piece}` : piece)) };
}

function followUpUnit(
  heading: string | undefined,
  items: readonly string[],
  options: Required<SlackRenderOptions>,
): Unit {
  if (!options.followUpButtons) return textUnit(heading, bulletList(items), options.maxTextLength);
  const key = truncatePlain(options.conversationKey, 200);
  const blocks: KnownBlock[] =
    heading === undefined ? [] : [section(boldLine(heading, options.maxTextLength))];
  for (const [index, item] of items.entries()) {
    // Escaped before it is cut: defusing a mention adds characters.
    const question = truncatePlain(escapePlainText(item), slackLimits.buttonValue);
    const button: Button = {
      type: 'button',
      action_id: followUpActionId(index),
      text: { type: 'plain_text', text: 'Ask this', emoji: true },
      value: question,
      accessibility_label: truncatePlain(`Ask: ${question}`, slackLimits.buttonText),
    };
    blocks.push(
      section(truncateMrkdwn(escapeMrkdwn(item), options.maxTextLength), {
        block_id: followUpBlockId(index, key),
        accessory: button,
      }),
    );
  }
  return { blocks };
}

/** Slack's native 👍/👎 (`feedback_buttons` in a `context_actions` block), carrying the answer's id. */
export function nativeFeedbackBlock(answerId: string): KnownBlock {
  return {
    type: 'context_actions',
    block_id: slackBlockIds.feedback,
    elements: [
      {
        type: 'feedback_buttons',
        action_id: slackActionIds.feedbackButtons,
        positive_button: {
          text: { type: 'plain_text', text: '👍' },
          value: feedbackButtonValue('up', answerId),
          accessibility_label: 'This answer was helpful',
        },
        negative_button: {
          text: { type: 'plain_text', text: '👎' },
          value: feedbackButtonValue('down', answerId),
          accessibility_label: 'This answer was not helpful; tell us why',
        },
      },
    ],
  };
}

function button(actionId: string, text: string, value: string, label: string): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text, emoji: true },
    value,
    accessibility_label: label,
  };
}

/** The hand-off and share buttons the options ask for, carrying the answer's id and conversation. */
function staffButtons(answer: Answer, options: Required<SlackRenderOptions>): Button[] {
  const value = staffButtonValue(answer.id, options.conversationKey);
  const buttons: Button[] = [];
  if (options.handOff) {
    buttons.push(
      button(
        slackActionIds.handOff,
        '🙋 Ask a staff member',
        value,
        'Ask a staff member to follow up on this question',
      ),
    );
  }
  if (options.share) {
    buttons.push(
      button(
        slackActionIds.share,
        '📣 Share in channel',
        value,
        'Share this answer in the channel, without your personal details',
      ),
    );
  }
  return buttons;
}

/**
 * 👍/👎 and, next to them, "Ask a staff member" and "Share in channel". Slack's native feedback
 * block holds only its own buttons, so with it the others follow in an actions block.
 */
function actionsUnit(answer: Answer, options: Required<SlackRenderOptions>): Unit {
  const staff = staffButtons(answer, options);
  const staffBlock: ActionsBlock[] =
    staff.length > 0 ? [{ type: 'actions', block_id: slackBlockIds.staff, elements: staff }] : [];
  if (!options.feedback) return { blocks: staffBlock };
  if (options.feedbackStyle === 'native') return { blocks: [nativeFeedbackBlock(answer.id), ...staffBlock] };
  const value = answer.id.slice(0, slackLimits.buttonValue);
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: slackBlockIds.feedback,
    elements: [
      button(slackActionIds.feedbackUp, '👍 Helpful', value, 'This answer was helpful'),
      button(
        slackActionIds.feedbackDown,
        '👎 Not helpful',
        value,
        'This answer was not helpful; tell us why',
      ),
      ...staff,
    ],
  };
  return { blocks: [actions] };
}

function sourcesUnit(heading: string | undefined, sources: readonly AnswerSource[], limit: number): Unit {
  const blocks: KnownBlock[] = [];
  if (heading !== undefined) blocks.push(section(boldLine(heading, limit)));
  for (const source of sources) {
    const elements = cutMrkdwn(sourceLine(source), limit).slice(0, slackLimits.contextElements).map(mrkdwn);
    blocks.push({ type: 'context', block_id: sourceBlockId(source.n), elements });
  }
  return { blocks };
}

/** The answer as units of blocks that belong together, in the outline's order (the disclaimer excluded). */
function renderUnits(answer: Answer, options: Required<SlackRenderOptions>): Unit[] {
  const units: Unit[] = [];
  let pendingHeading: string | undefined;
  const limit = options.maxTextLength;
  const omitted = new Set(options.omitRoles);
  if (options.sharedBy !== undefined) {
    const note = `:mega: Shared by <@${escapeMrkdwn(options.sharedBy)}> from an answer sent privately; personal details were left out.`;
    units.push({ blocks: [{ type: 'context', block_id: slackBlockIds.shared, elements: [mrkdwn(note)] }] });
  }
  for (const block of outlineAnswer(answer)) {
    if (omitted.has(block.role)) continue;
    const heading = pendingHeading;
    pendingHeading = undefined;
    switch (block.kind) {
      case 'title':
        units.push({ blocks: [section(boldLine(block.text, limit))] });
        break;
      case 'checked-on':
        units.push({
          blocks: [{ type: 'context', elements: [mrkdwn(`Checked on ${escapeMrkdwn(block.date)}`)] }],
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
        units.push(
          block.role === 'follow-ups'
            ? followUpUnit(heading, block.items, options)
            : textUnit(heading, bulletList(block.items), limit),
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
  units.push(actionsUnit(answer, options));
  return units.map((unit) => ({ blocks: unit.blocks.flatMap(withoutEmptyText) }));
}

/** Slack rejects blank texts; a block whose text is blank (all control characters, say) is left out. */
function withoutEmptyText(block: KnownBlock): KnownBlock[] {
  if (block.type === 'section') return (block.text?.text.trim().length ?? 0) > 0 ? [block] : [];
  if (block.type === 'context') {
    const elements = block.elements.filter((element) => 'text' in element && element.text.trim().length > 0);
    return elements.length > 0 ? [{ ...block, elements }] : [];
  }
  return [block];
}

function assertNever(value: never): never {
  throw new Error(`Unexpected outline block ${JSON.stringify(value)}`);
}

/** The visible texts of one block: section text, context elements, the labels of an actions block. */
function blockTexts(block: KnownBlock): string[] {
  if (block.type === 'section') return block.text ? [block.text.text] : [];
  if (block.type === 'context')
    return block.elements.flatMap((element) => ('text' in element ? [element.text] : []));
  if (block.type === 'actions')
    return block.elements.flatMap((element) => (element.type === 'button' ? [element.text.text] : []));
  return [];
}

function blockLength(block: KnownBlock): number {
  return blockTexts(block).reduce((total, text) => total + text.length, 0);
}

/** Packs units into messages of at most `maxBlocks` blocks and about `maxLength` characters; a unit stays whole when it fits. */
function packUnits(units: readonly Unit[], maxBlocks: number, maxLength: number): KnownBlock[][] {
  const parts: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  let length = 0;
  const flush = () => {
    if (current.length > 0) parts.push(current);
    current = [];
    length = 0;
  };
  const add = (block: KnownBlock) => {
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

function renderSettings(answer: Answer, options: SlackRenderOptions): Required<SlackRenderOptions> {
  const settings: Required<SlackRenderOptions> = {
    conversationKey: options.conversationKey ?? answer.id,
    feedback: options.feedback ?? true,
    feedbackStyle: options.feedbackStyle ?? 'buttons',
    omitRoles: options.omitRoles ?? [],
    followUpButtons: options.followUpButtons ?? true,
    handOff: options.handOff ?? false,
    share: options.share ?? false,
    sharedBy: options.sharedBy,
    maxBlocks: Math.min(options.maxBlocks ?? slackLimits.blocksPerMessage, slackLimits.blocksPerMessage),
    maxTextLength: Math.min(options.maxTextLength ?? slackLimits.textLength, slackLimits.textLength),
    maxMessageLength: options.maxMessageLength ?? 12_000,
  };
  const invalid = (message: string, option: string) =>
    new AmicusError(ErrorCode.ConfigInvalid, message, { location: `slack render option ${option}` });
  if (settings.maxBlocks < 4) throw invalid('A Slack message needs room for at least 4 blocks', 'maxBlocks');
  if (settings.maxTextLength < 300)
    throw invalid('A Slack text limit below 300 characters leaves no room', 'maxTextLength');
  return settings;
}

/**
 * Renders an answer as one or more Slack messages. Each has at most 50 blocks, no text over
 * 3,000 characters, and the disclaimer as its last block; later parts start with a note that
 * they continue the answer. Follow-up buttons carry the question in their value; feedback
 * buttons carry the answer's id.
 */
export function renderSlackMessages(answer: Answer, options: SlackRenderOptions = {}): SlackMessage[] {
  const settings = renderSettings(answer, options);
  const closing = disclaimerBlock(answer.disclaimer, settings.maxTextLength);
  // Every part keeps one block for the disclaimer and one for the "continued" note.
  const packed = packUnits(renderUnits(answer, settings), settings.maxBlocks - 2, settings.maxMessageLength);
  // Even an answer with nothing to show is one message: the disclaimer is never left out.
  const parts = packed.length > 0 ? packed : [[]];
  const question = truncatePlain(answer.question, 150);
  return parts.map((blocks, index) => {
    const continued: KnownBlock[] =
      index === 0
        ? []
        : [
            {
              type: 'context',
              block_id: slackBlockIds.continued,
              elements: [
                mrkdwn(
                  truncateMrkdwn(
                    `Part ${index + 1} of ${parts.length}, continuing the answer to: ${escapeMrkdwn(question)}`,
                    settings.maxTextLength,
                  ),
                ),
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
  return message.blocks.flatMap(blockTexts);
}
