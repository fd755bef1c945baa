import type { Answer } from '../answer.js';
import {
  defuseMentions,
  describeReferral,
  describeSource,
  type InlineRun,
  type OutlineBlock,
  outlineAnswer,
  sectionTitles,
} from './outline.js';

/**
 * Discord embeds for an answer (GUIDE §1 render contract). The title is the question, the
 * description holds the notice and the cited summary, every other part is a field, the sources
 * have their own embed with links, and the footer of the last embed of every message carries the
 * checked-on date and the disclaimer. Every Discord limit is kept: a long answer becomes several
 * messages, each ending with the disclaimer. Every message sets `allowed_mentions: { parse: [] }`.
 *
 * Answer strings are untrusted: Markdown is escaped wherever Discord renders it (title,
 * description, field names and values), control characters are removed, and mass mentions are
 * defused everywhere, including the places Discord shows as plain text (footer, button labels).
 */

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits and component limits. */
export const discordLimits = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer text and author name of all embeds. */
  embedCharacters: 6000,
  embedsPerMessage: 10,
  content: 2000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
}

export interface DiscordButton {
  type: 2;
  /** 1 primary, 2 secondary, 3 success, 4 danger. */
  style: 1 | 2 | 3 | 4;
  label: string;
  custom_id: string;
  emoji?: { name: string };
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

/** One message as Discord's API takes it (`POST /channels/:id/messages`, webhook and interaction bodies). */
export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components: DiscordActionRow[];
  allowed_mentions: { parse: [] };
}

export interface DiscordRenderOptions {
  /** Add follow-up and 👍/👎 buttons to the last message (default true). */
  readonly buttons?: boolean;
}

export const embedColours = {
  answer: 0x5865f2,
  'no-answer': 0x99aab5,
  individualized: 0xf0b232,
  refused: 0xf0b232,
  emergency: 0xed4245,
} as const satisfies Record<Answer['kind'], number>;

// ---------------------------------------------------------------------------------------------
// Custom ids: the adapter parses what the renderer writes, so both live here.

export type DiscordCustomId =
  | { readonly kind: 'follow-up'; readonly answerId: string; readonly index: number }
  | { readonly kind: 'feedback'; readonly answerId: string; readonly rating: 'up' | 'down' };

const customIdPrefix = 'amicus';
/** Answer ids longer than this cannot be carried in a custom id; such answers get no buttons. */
const maxAnswerIdLength = discordLimits.customId - 20;

export function followUpCustomId(answerId: string, index: number): string {
  return `${customIdPrefix}:fu:${index}:${answerId}`;
}

export function feedbackCustomId(answerId: string, rating: 'up' | 'down'): string {
  return `${customIdPrefix}:fb:${rating}:${answerId}`;
}

export function parseCustomId(customId: string): DiscordCustomId | undefined {
  const match = /^amicus:(fu|fb):([^:]+):(.+)$/.exec(customId);
  const [, kind, argument, answerId] = match ?? [];
  if (argument === undefined || answerId === undefined) return undefined;
  if (kind === 'fb') {
    return argument === 'up' || argument === 'down'
      ? { kind: 'feedback', answerId, rating: argument }
      : undefined;
  }
  const index = Number(argument);
  return Number.isInteger(index) && index >= 0 && index < 25
    ? { kind: 'follow-up', answerId, index }
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// Text: untrusted strings become arrays of atomic units (one code point, escaped, or one piece of
// the renderer's own markup), so a cut never splits an escape, a surrogate pair or a link.

type Units = string[];

const controlCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Markup Discord recognises anywhere in a line. */
const inlineSpecials = new Set(['\\', '*', '_', '~', '`', '|', '<', '[', ']']);
/** Markup Discord recognises at the start of a line: headings, quotes, lists, subtext. */
const lineStartSpecials = new Set(['#', '>', '-', '+', '*']);

/**
 * Removes control and bidi characters and defuses mass mentions. Discord's own pattern for them
 * (`@everyone`, `@here`) has no word boundary, so "@heretic" is defused too.
 */
export function sanitizeForDiscord(text: string): string {
  return defuseMentions(text.replace(/\r\n?/g, '\n').replace(controlCharacters, '')).replace(
    /@(?=everyone|here)/gi,
    '@\u2060',
  );
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Escaped units for Markdown contexts. `block` contexts (description, field values) also escape
 * what starts a block at the beginning of a line; `inline` contexts (title, field name) do not,
 * so a heading such as "1. Elements" keeps its number unescaped. Every string starts as a fresh
 * line: text joined after a space is escaped at least as much as it needs.
 */
function escapedUnits(text: string, context: 'block' | 'inline'): Units {
  const clean = context === 'inline' ? singleLine(sanitizeForDiscord(text)) : sanitizeForDiscord(text);
  const units: Units = [];
  let atLineStart = true;
  let digitsOnly = false;
  for (const character of clean) {
    let unit = character;
    if (inlineSpecials.has(character)) unit = `\\${character}`;
    else if (context === 'block' && atLineStart && lineStartSpecials.has(character)) unit = `\\${character}`;
    else if (context === 'block' && digitsOnly && (character === '.' || character === ')'))
      unit = `\\${character}`;
    if (character === '\n') {
      atLineStart = true;
      digitsOnly = false;
    } else if (atLineStart && (character === ' ' || character === '\t')) {
      // Indentation keeps the line start.
    } else if ((atLineStart || digitsOnly) && character >= '0' && character <= '9') {
      atLineStart = false;
      digitsOnly = true;
    } else {
      atLineStart = false;
      digitsOnly = false;
    }
    units.push(unit);
  }
  return units;
}

/** Units for places Discord shows as plain text (footer, button labels): nothing is escaped. */
function plainUnits(text: string): Units {
  return [...singleLine(sanitizeForDiscord(text))];
}

function unitLength(units: readonly string[]): number {
  let length = 0;
  for (const unit of units) length += unit.length;
  return length;
}

/** The units, shortened with an ellipsis when they exceed `limit` characters. */
function truncateUnits(units: readonly string[], limit: number): string {
  if (unitLength(units) <= limit) return units.join('');
  let length = 1;
  let end = 0;
  while (end < units.length && length + units[end]!.length <= limit) {
    length += units[end]!.length;
    end++;
  }
  return `${units.slice(0, end).join('').trimEnd()}…`;
}

const isSpace = (unit: string | undefined) => unit === ' ' || unit === '\n' || unit === '\t';

/**
 * Cuts units into pieces of at most `limit` characters, at a line, sentence or word boundary
 * when one is in the second half of the window. A cut piece ends with an ellipsis and the next
 * one starts with one, so no line-start markup can appear at a cut.
 */
function cutUnits(units: readonly string[], limit: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let prefix = '';
  while (start < units.length) {
    while (isSpace(units[start])) start++;
    if (start >= units.length) break;
    const room = limit - prefix.length;
    if (unitLength(units.slice(start)) <= room) {
      pieces.push(prefix + units.slice(start).join(''));
      break;
    }
    // The longest run of units that fits with the closing ellipsis.
    let length = 0;
    let end = start;
    while (end < units.length && length + units[end]!.length <= room - 1) {
      length += units[end]!.length;
      end++;
    }
    if (end === start) throw new RangeError(`A unit of ${units[start]!.length} characters exceeds ${room}`);
    const minimum = start + Math.floor((end - start) / 2);
    let cut = -1;
    for (let index = end; index > minimum && cut < 0; index--) if (units[index - 1] === '\n') cut = index;
    for (let index = end; index > minimum && cut < 0; index--) {
      const previous = units[index - 2];
      if (isSpace(units[index - 1]) && (previous === '.' || previous === ';' || previous === '?'))
        cut = index;
    }
    for (let index = end; index > minimum && cut < 0; index--) if (isSpace(units[index - 1])) cut = index;
    if (cut < 0) cut = end;
    pieces.push(`${prefix}${units.slice(start, cut).join('').trimEnd()}…`);
    prefix = '…';
    start = cut;
  }
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// The outline as a list of atoms: description pieces and fields, grouped into logical embeds.

type Group = 'main' | 'sources';
type Atom =
  | { readonly group: Group; readonly kind: 'description'; readonly text: string }
  | { readonly group: Group; readonly kind: 'field'; readonly name: string; readonly value: string };

/** Links longer than this are shown as plain text, so one link always fits in a field. */
const maxLinkLength = 700;

function runUnits(runs: readonly InlineRun[]): Units {
  const units: Units = [];
  for (const run of runs) {
    if (run.kind === 'text') units.push(...escapedUnits(run.text, 'block'));
    else units.push(` [${run.n}]`);
  }
  return units;
}

/**
 * An http(s) address safe inside a masked link or `<…>`: no credentials, and every character
 * that could end the link or form a mention percent-encoded. Anything else is not linked.
 */
export function discordUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`.replace(
    /[()<>\s@[\]\\|`]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `${parsed.protocol}//${parsed.host}${rest}`;
}

function linkUnits(label: string, url: string | null): Units {
  const labelUnits = escapedUnits(label, 'inline');
  const address = url === null ? undefined : discordUrl(url);
  if (address === undefined) return labelUnits;
  const link = `[${truncateUnits(labelUnits, 200)}](${address})`;
  return link.length > maxLinkLength ? labelUnits : [link];
}

function listUnits(items: readonly Units[]): Units {
  const units: Units = [];
  for (const [index, item] of items.entries()) {
    if (index > 0) units.push('\n');
    units.push('• ', ...item);
  }
  return units;
}

function blockUnits(block: OutlineBlock): Units {
  switch (block.kind) {
    case 'paragraph':
      return runUnits(block.runs);
    case 'list':
      return listUnits(block.items.map((item) => escapedUnits(item, 'block')));
    case 'referrals':
      return listUnits(
        block.referrals.map((referral) => {
          const units = escapedUnits(describeReferral(referral), 'block');
          const address = referral.url === undefined ? undefined : discordUrl(referral.url);
          return address !== undefined && address.length <= maxLinkLength
            ? [...units, ' ', `<${address}>`]
            : units;
        }),
      );
    case 'related':
      return listUnits(
        block.related.map((source) => [
          ...linkUnits(source.label, source.url),
          ' — ',
          ...escapedUnits(source.title, 'block'),
        ]),
      );
    default:
      return [];
  }
}

function sourceLineUnits(source: Extract<OutlineBlock, { kind: 'sources' }>['sources'][number]): Units {
  const details = describeSource(source).slice(source.label.length + 3);
  return [
    `**${source.n}.** `,
    ...linkUnits(source.label, source.url),
    ' — ',
    ...escapedUnits(details, 'block'),
  ];
}

function fieldAtoms(group: Group, name: string, value: Units): Atom[] {
  const nameUnits = escapedUnits(name, 'inline');
  const pieces = value.length === 0 ? ['—'] : cutUnits(value, discordLimits.fieldValue);
  return pieces.map((piece, index) => ({
    group,
    kind: 'field' as const,
    name: truncateUnits(index === 0 ? nameUnits : [...nameUnits, ' (continued)'], discordLimits.fieldName),
    value: piece,
  }));
}

const toneMarks = { info: 'ℹ️', warning: '⚠️', urgent: '🚨' } as const;

interface Layout {
  readonly title: Units;
  readonly atoms: Atom[];
}

/** The answer's outline as atoms; description pieces are at most `pieceLimit` characters. */
function layoutAnswer(answer: Answer, pieceLimit: number): Layout {
  const blocks = outlineAnswer(answer);
  const atoms: Atom[] = [];
  const description: Units = [];
  const addToDescription = (units: Units) => {
    if (units.length === 0) return;
    if (description.length > 0) description.push('\n', '\n');
    description.push(...units);
  };
  let title: Units = [];
  let fieldsStarted = false;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    switch (block.kind) {
      case 'title':
        title = escapedUnits(block.text, 'inline');
        break;
      case 'checked-on':
      case 'disclaimer':
        // Both close every message; see `closingFor`.
        break;
      case 'notice':
        addToDescription([`${toneMarks[block.tone]} `, ...escapedUnits(block.text, 'block')]);
        break;
      case 'heading': {
        const next = blocks[index + 1];
        if (next === undefined) break;
        index++;
        if (next.kind === 'sources') {
          const lines = next.sources.flatMap((source, sourceIndex) => [
            ...(sourceIndex > 0 ? ['\n'] : []),
            ...sourceLineUnits(source),
          ]);
          for (const text of cutUnits(lines, pieceLimit))
            atoms.push({ group: 'sources', kind: 'description', text });
        } else if (block.text === sectionTitles.summary && !fieldsStarted) {
          addToDescription(blockUnits(next));
        } else {
          fieldsStarted = true;
          atoms.push(...fieldAtoms('main', block.text, blockUnits(next)));
        }
        break;
      }
      default:
        // Blocks without a heading (crisis resources right after an emergency notice) stay in
        // the description, in outline order.
        addToDescription(blockUnits(block));
    }
  }
  const descriptionAtoms: Atom[] = cutUnits(description, pieceLimit).map((text) => ({
    group: 'main',
    kind: 'description',
    text,
  }));
  return { title, atoms: [...descriptionAtoms, ...atoms] };
}

// ---------------------------------------------------------------------------------------------
// Packing atoms into embeds and messages within Discord's limits.

function embedCharacters(embed: DiscordEmbed): number {
  let total =
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

interface Closing {
  /** Footer text for the last embed of message `part` of `parts`. */
  footer(part: number, parts: number): string;
  /** Extra embed closing every message (the disclaimer, when it does not fit a footer). */
  readonly trailer: DiscordEmbed | undefined;
  /** Characters every message keeps free for the footer and the trailer. */
  readonly reserve: number;
}

const longestPartMark = 'Part 99 of 99 · '.length;

function closingFor(checkedOn: string, disclaimer: string, colour: number): Closing {
  const date = `Checked on ${checkedOn}`;
  const partMark = (part: number, parts: number) => (parts > 1 ? `Part ${part} of ${parts} · ` : '');
  const inFooter = `${date} · ${sectionTitles.disclaimer}: ${plainUnits(disclaimer).join('')}`;
  if (longestPartMark + inFooter.length <= discordLimits.footerText) {
    return {
      footer: (part, parts) => `${partMark(part, parts)}${inFooter}`,
      trailer: undefined,
      reserve: longestPartMark + inFooter.length,
    };
  }
  // Too long for a footer: the disclaimer becomes the description of a final embed, never dropped.
  const description = `**${sectionTitles.disclaimer}:** ${escapedUnits(disclaimer, 'block').join('')}`;
  if (description.length > discordLimits.description) {
    throw new RangeError(
      `The disclaimer (${disclaimer.length} characters) is too long for a Discord embed; keep it under 4,000 characters`,
    );
  }
  return {
    footer: (part, parts) => `${partMark(part, parts)}${date}`,
    trailer: { description, color: colour },
    reserve: longestPartMark + date.length + description.length,
  };
}

/** The longest title an embed gets: the question, or "(continued)" after it. */
const maxTitle = discordLimits.title;

/** Packs atoms into messages of embeds, each message leaving room for the closing. */
function packAtoms(title: Units, colour: number, atoms: readonly Atom[], closing: Closing): DiscordEmbed[][] {
  const characterBudget = discordLimits.embedCharacters - closing.reserve;
  const embedBudget = discordLimits.embedsPerMessage - (closing.trailer ? 1 : 0);
  const messages: DiscordEmbed[][] = [];
  let embeds: DiscordEmbed[] = [];
  let characters = 0;
  let current: { embed: DiscordEmbed; group: Group } | undefined;
  const seenGroups = new Set<Group>();

  const titleFor = (group: Group, continued: boolean) => {
    const base = group === 'main' ? title : [...sectionTitles.sources];
    return truncateUnits(continued ? [...base, ' (continued)'] : base, maxTitle);
  };

  for (const atom of atoms) {
    const atomCharacters =
      atom.kind === 'description' ? atom.text.length : atom.name.length + atom.value.length;
    const fields = current?.embed.fields?.length ?? 0;
    const fitsCurrent =
      current !== undefined &&
      current.group === atom.group &&
      (atom.kind === 'description'
        ? current.embed.description === undefined && fields === 0
        : fields < discordLimits.fields) &&
      characters + atomCharacters <= characterBudget;
    if (current !== undefined && fitsCurrent) {
      if (atom.kind === 'description') current.embed.description = atom.text;
      else current.embed.fields = [...(current.embed.fields ?? []), { name: atom.name, value: atom.value }];
      characters += atomCharacters;
      continue;
    }
    // A new embed. It carries the group's title the first time the group appears, and the title
    // with "(continued)" when it opens a later message; within a message it needs none.
    let embedTitle = seenGroups.has(atom.group) ? undefined : titleFor(atom.group, false);
    if (
      embeds.length >= embedBudget ||
      characters + atomCharacters + (embedTitle?.length ?? 0) > characterBudget
    ) {
      messages.push(embeds);
      embeds = [];
      characters = 0;
      embedTitle ??= titleFor(atom.group, true);
    }
    const embed: DiscordEmbed = { color: colour };
    if (embedTitle !== undefined && embedTitle.length > 0) embed.title = embedTitle;
    if (atom.kind === 'description') embed.description = atom.text;
    else embed.fields = [{ name: atom.name, value: atom.value }];
    embeds.push(embed);
    characters += embedCharacters(embed);
    current = { embed, group: atom.group };
    seenGroups.add(atom.group);
  }
  if (embeds.length === 0)
    embeds.push(title.length > 0 ? { title: titleFor('main', false), color: colour } : { color: colour });
  messages.push(embeds);
  return messages.filter((message) => message.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Buttons.

function buttonRows(answer: Answer): DiscordActionRow[] {
  if (answer.id.length > maxAnswerIdLength || answer.id.includes(':')) return [];
  const followUps: DiscordButton[] = answer.followUps.slice(0, 20).map((question, index) => ({
    type: 2,
    style: 2,
    label: truncateUnits(plainUnits(question), discordLimits.buttonLabel) || `Follow-up ${index + 1}`,
    custom_id: followUpCustomId(answer.id, index),
  }));
  const rows: DiscordActionRow[] = [];
  // One suggestion per row reads best; with more than four they share rows of five.
  const perRow = followUps.length <= discordLimits.actionRows - 1 ? 1 : discordLimits.buttonsPerRow;
  for (let index = 0; index < followUps.length; index += perRow) {
    rows.push({ type: 1, components: followUps.slice(index, index + perRow) });
  }
  rows.push({
    type: 1,
    components: [
      {
        type: 2,
        style: 2,
        label: 'Helpful',
        emoji: { name: '👍' },
        custom_id: feedbackCustomId(answer.id, 'up'),
      },
      {
        type: 2,
        style: 2,
        label: 'Not helpful',
        emoji: { name: '👎' },
        custom_id: feedbackCustomId(answer.id, 'down'),
      },
    ],
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------

/**
 * The answer as one or more Discord messages. Each message keeps every limit and ends with an
 * embed whose footer carries the checked-on date and the disclaimer (or, for a disclaimer too
 * long for a footer, a final embed that holds it). Buttons go on the last message.
 */
export function renderDiscordMessages(answer: Answer, options: DiscordRenderOptions = {}): DiscordMessage[] {
  const colour = embedColours[answer.kind];
  const closing = closingFor(answer.checkedOn, answer.disclaimer, colour);
  // A description piece must fit an otherwise empty message beside a title and the closing.
  const pieceLimit = Math.min(
    discordLimits.description,
    discordLimits.embedCharacters - closing.reserve - maxTitle - 16,
  );
  const layout = layoutAnswer(answer, pieceLimit);
  const packed = packAtoms(layout.title, colour, layout.atoms, closing);
  const messages = packed.map((embeds, index): DiscordMessage => {
    const all = closing.trailer ? [...embeds, { ...closing.trailer }] : embeds;
    const last = all[all.length - 1]!;
    last.footer = { text: closing.footer(index + 1, packed.length) };
    return { embeds: all, components: [], allowed_mentions: { parse: [] } };
  });
  if (options.buttons !== false) messages[messages.length - 1]!.components = buttonRows(answer);
  return messages;
}

/** Throws when a disclaimer cannot be shown in a Discord message; adapters call it at start-up. */
export function assertDisclaimerFitsDiscord(disclaimer: string): void {
  closingFor('2000-01-01', disclaimer, 0);
}

/** Escapes untrusted text for a Discord Markdown context (description or field value). */
export function escapeDiscordMarkdown(text: string): string {
  return escapedUnits(text, 'block').join('');
}

/** Escapes untrusted text for a one-line Discord Markdown context (title or field name), truncated. */
export function escapeDiscordInline(text: string, limit: number): string {
  return truncateUnits(escapedUnits(text, 'inline'), limit);
}

/** Untrusted text for a plain-text place (footer, button label, thread name), truncated. */
export function discordPlainText(text: string, limit: number): string {
  return truncateUnits(plainUnits(text), limit);
}

/** Cuts escaped text into pieces for descriptions or field values, without splitting an escape. */
export function cutDiscordMarkdown(text: string, limit: number): string[] {
  return cutUnits(escapedUnits(text, 'block'), limit);
}
