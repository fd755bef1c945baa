import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord-api-types/v10';
import type { Answer, AnswerSource } from '../../answer/answer.js';
import {
  describeReferral,
  type InlineRun,
  type OutlineBlock,
  outlineAnswer,
  sectionTitles,
  sourceDetails,
} from '../../answer/renderers/outline.js';
import { safeUrl } from '../../answer/renderers/sanitize.js';
import { AmicusError, ErrorCode } from '../../core/errors.js';
import {
  feedbackCustomId,
  fitsCustomId,
  followUpCustomId,
  handOffCustomId,
  shareCustomId,
} from './custom-ids.js';
import {
  cutDiscordText,
  discordPlainText,
  escapeDiscordMarkdown,
  truncateDiscordText,
} from './discord-markdown.js';

/**
 * Discord embeds for an answer (GUIDE §1 render contract). The title is the question, the
 * description holds the notice and the cited summary, every other part is a field, the sources
 * have their own embed with links, and the footer of the last embed of every message carries the
 * checked-on date and the disclaimer. Every Discord limit is kept: a long answer becomes several
 * messages, each ending with the disclaimer. Every message sets `allowed_mentions: { parse: [] }`.
 *
 * Texts are escaped and cut by discord-markdown.ts (the one text cutter with the Discord
 * syntax); the payload is checked against Discord's limits where it leaves (assertions.ts).
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

export type DiscordButton = APIButtonComponentWithCustomId;
export type DiscordActionRow = APIActionRowComponent<DiscordButton>;

/** One message as Discord's API takes it (`POST /channels/:id/messages`, webhook and interaction bodies). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: DiscordActionRow[];
  allowed_mentions: { parse: [] };
}

export interface DiscordRenderOptions {
  /** Add follow-up and 👍/👎 buttons to the last message (default true). */
  readonly buttons?: boolean;
  /** "Ask a staff member" beside 👍/👎 (default false): only with `discord.staffChannelId`. */
  readonly handOff?: boolean;
  /** "Share in channel" beside 👍/👎 (default false): for answers sent privately. */
  readonly share?: boolean;
  /** A line above the embeds (our own text; mentions in it never ping: `parse: []`). */
  readonly content?: string;
}

export const embedColours = {
  answer: 0x5865f2,
  'no-answer': 0x99aab5,
  individualized: 0xf0b232,
  refused: 0xf0b232,
  emergency: 0xed4245,
} as const satisfies Record<Answer['kind'], number>;

// ---------------------------------------------------------------------------------------------
// The outline as a list of atoms: description pieces and fields, grouped into logical embeds.

type Group = 'main' | 'sources';
type Atom =
  | { readonly group: Group; readonly kind: 'description'; readonly text: string }
  | { readonly group: Group; readonly kind: 'field'; readonly name: string; readonly value: string };

/** Links longer than this are shown as plain text, so one link always fits in a field. */
const maxLinkLength = 700;

function runText(runs: readonly InlineRun[]): string {
  return runs.map((run) => (run.kind === 'text' ? escapeDiscordMarkdown(run.text) : ` [${run.n}]`)).join('');
}

function link(label: string, url: string | null): string {
  const escaped = escapeDiscordMarkdown(label, 'inline');
  const address = safeUrl(url);
  if (address === undefined) return escaped;
  const linked = `[${truncateDiscordText(escaped, 200)}](${address})`;
  return linked.length > maxLinkLength ? escaped : linked;
}

function bulletList(items: readonly string[]): string {
  return items.map((item) => `• ${item}`).join('\n');
}

function blockText(block: OutlineBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return runText(block.runs);
    case 'list':
      return bulletList(block.items.map((item) => escapeDiscordMarkdown(item)));
    case 'referrals':
      return bulletList(
        block.referrals.map((referral) => {
          const text = escapeDiscordMarkdown(describeReferral(referral));
          const address = safeUrl(referral.url);
          return address !== undefined && address.length <= maxLinkLength ? `${text} <${address}>` : text;
        }),
      );
    case 'related':
      return bulletList(
        block.related.map(
          (source) => `${link(source.label, source.url)} — ${escapeDiscordMarkdown(source.title)}`,
        ),
      );
    default:
      return '';
  }
}

function sourceLine(source: AnswerSource): string {
  return `**${source.n}.** ${link(source.label, source.url)} — ${escapeDiscordMarkdown(sourceDetails(source))}`;
}

function fieldAtoms(group: Group, name: string, value: string): Atom[] {
  const escapedName = escapeDiscordMarkdown(name, 'inline');
  const pieces = value.length === 0 ? ['—'] : cutDiscordText(value, discordLimits.fieldValue);
  return pieces.map((piece, index) => ({
    group,
    kind: 'field' as const,
    name: truncateDiscordText(
      index === 0 ? escapedName : `${escapedName} (continued)`,
      discordLimits.fieldName,
    ),
    value: piece,
  }));
}

const toneMarks = { info: 'ℹ️', warning: '⚠️', urgent: '🚨' } as const;

interface Layout {
  readonly title: string;
  readonly atoms: Atom[];
}

/** The answer's outline as atoms; description pieces are at most `pieceLimit` characters. */
function layoutAnswer(answer: Answer, pieceLimit: number): Layout {
  const blocks = outlineAnswer(answer);
  const atoms: Atom[] = [];
  const description: string[] = [];
  const addToDescription = (text: string) => {
    if (text.length > 0) description.push(text);
  };
  let title = '';
  let fieldsStarted = false;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!;
    switch (block.kind) {
      case 'title':
        title = escapeDiscordMarkdown(block.text, 'inline');
        break;
      case 'checked-on':
      case 'disclaimer':
        // Both close every message; see `closingFor`.
        break;
      case 'notice':
        addToDescription(`${toneMarks[block.tone]} ${escapeDiscordMarkdown(block.text)}`);
        break;
      case 'heading': {
        const next = blocks[index + 1];
        if (next === undefined) break;
        index++;
        if (next.kind === 'sources') {
          for (const text of cutDiscordText(next.sources.map(sourceLine).join('\n'), pieceLimit))
            atoms.push({ group: 'sources', kind: 'description', text });
        } else if (block.role === 'summary' && !fieldsStarted) {
          addToDescription(blockText(next));
        } else {
          fieldsStarted = true;
          atoms.push(...fieldAtoms('main', block.text, blockText(next)));
        }
        break;
      }
      default:
        // Blocks without a heading (crisis resources right after an emergency notice) stay in
        // the description, in outline order.
        addToDescription(blockText(block));
    }
  }
  const descriptionAtoms: Atom[] = cutDiscordText(description.join('\n\n'), pieceLimit).map((text) => ({
    group: 'main',
    kind: 'description',
    text,
  }));
  return { title, atoms: [...descriptionAtoms, ...atoms] };
}

// ---------------------------------------------------------------------------------------------
// Packing atoms into embeds and messages within Discord's limits.

function embedCharacters(embed: APIEmbed): number {
  let total =
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

interface Closing {
  /** Footer text for the last embed of message `part` of `parts`. */
  footer(part: number, parts: number): string;
  /** Extra embed closing every message (the disclaimer, when it does not fit a footer). */
  readonly trailer: APIEmbed | undefined;
  /** Characters every message keeps free for the footer and the trailer. */
  readonly reserve: number;
}

const longestPartMark = 'Part 99 of 99 · '.length;

function closingFor(checkedOn: string, disclaimer: string, colour: number): Closing {
  const date = `Checked on ${checkedOn}`;
  const partMark = (part: number, parts: number) => (parts > 1 ? `Part ${part} of ${parts} · ` : '');
  const inFooter = `${date} · ${sectionTitles.disclaimer}: ${discordPlainText(disclaimer)}`;
  if (longestPartMark + inFooter.length <= discordLimits.footerText) {
    return {
      footer: (part, parts) => `${partMark(part, parts)}${inFooter}`,
      trailer: undefined,
      reserve: longestPartMark + inFooter.length,
    };
  }
  // Too long for a footer: the disclaimer becomes the description of a final embed, never dropped.
  const description = `**${sectionTitles.disclaimer}:** ${escapeDiscordMarkdown(disclaimer)}`;
  if (description.length > discordLimits.description) {
    throw new AmicusError(
      ErrorCode.ConfigInvalid,
      `The disclaimer (${disclaimer.length} characters) is too long for a Discord embed; keep it under 4,000 characters`,
      { location: 'deployment.disclaimer' },
    );
  }
  return {
    footer: (part, parts) => `${partMark(part, parts)}${date}`,
    trailer: { description, color: colour },
    reserve: longestPartMark + date.length + description.length,
  };
}

/** Packs atoms into messages of embeds, each message leaving room for the closing. */
function packAtoms(title: string, colour: number, atoms: readonly Atom[], closing: Closing): APIEmbed[][] {
  const characterBudget = discordLimits.embedCharacters - closing.reserve;
  const embedBudget = discordLimits.embedsPerMessage - (closing.trailer ? 1 : 0);
  const messages: APIEmbed[][] = [];
  let embeds: APIEmbed[] = [];
  let characters = 0;
  let current: { embed: APIEmbed; group: Group } | undefined;
  const seenGroups = new Set<Group>();

  const titleFor = (group: Group, continued: boolean) => {
    const base = group === 'main' ? title : sectionTitles.sources;
    return truncateDiscordText(continued ? `${base} (continued)` : base, discordLimits.title);
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
    const embed: APIEmbed = { color: colour };
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

function button(label: string, customId: string, emoji?: string): DiscordButton {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: customId,
    ...(emoji === undefined ? {} : { emoji: { name: emoji } }),
  };
}

function buttonRows(answer: Answer, options: DiscordRenderOptions): DiscordActionRow[] {
  if (!fitsCustomId(answer.id)) return [];
  const followUps = answer.followUps
    .slice(0, 20)
    .map((question, index) =>
      button(
        discordPlainText(question, discordLimits.buttonLabel) || `Follow-up ${index + 1}`,
        followUpCustomId(answer.id, index),
      ),
    );
  const rows: DiscordActionRow[] = [];
  // One suggestion per row reads best; with more than four they share rows of five.
  const perRow = followUps.length <= discordLimits.actionRows - 1 ? 1 : discordLimits.buttonsPerRow;
  for (let index = 0; index < followUps.length; index += perRow) {
    rows.push({ type: ComponentType.ActionRow, components: followUps.slice(index, index + perRow) });
  }
  rows.push({
    type: ComponentType.ActionRow,
    components: [
      button('Helpful', feedbackCustomId(answer.id, 'up'), '👍'),
      button('Not helpful', feedbackCustomId(answer.id, 'down'), '👎'),
      ...(options.handOff ? [button('Ask a staff member', handOffCustomId(answer.id), '🙋')] : []),
      ...(options.share ? [button('Share in channel', shareCustomId(answer.id), '📣')] : []),
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
    discordLimits.embedCharacters - closing.reserve - discordLimits.title - 16,
  );
  const layout = layoutAnswer(answer, pieceLimit);
  const packed = packAtoms(layout.title, colour, layout.atoms, closing);
  const messages = packed.map((embeds, index): DiscordMessage => {
    const all = closing.trailer ? [...embeds, { ...closing.trailer }] : embeds;
    const last = all[all.length - 1]!;
    last.footer = { text: closing.footer(index + 1, packed.length) };
    return { embeds: all, components: [], allowed_mentions: { parse: [] } };
  });
  if (options.buttons !== false) messages[messages.length - 1]!.components = buttonRows(answer, options);
  if (options.content !== undefined) messages[0]!.content = options.content;
  return messages;
}

/** Throws a configuration error when a disclaimer cannot be shown in a Discord message; adapters call it at start-up. */
export function assertDisclaimerFitsDiscord(disclaimer: string): void {
  closingFor('2000-01-01', disclaimer, 0);
}
