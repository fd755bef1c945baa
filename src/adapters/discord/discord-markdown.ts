import { sanitizeText } from '../../answer/renderers/sanitize.js';
import { cutToFit, plainSyntax, type TextSyntax, truncate } from '../../answer/renderers/text-cutter.js';

/**
 * Discord's Markdown, one small escaper per construct (after discord.js's
 * `formatters/escapers.ts`). Every string of an answer is untrusted: it is sanitized first
 * (`sanitizeText`: control characters, mentions, marker look-alikes), then escaped wherever
 * Discord renders Markdown (titles, descriptions, field names and values). Places Discord shows
 * as plain text (footers, button labels, thread names) get the sanitized text on one line.
 */

/** Markup Discord recognises anywhere in a line. */
const inlineSpecials = new Set(['\\', '*', '_', '~', '`', '|', '<', '[', ']']);
/** Markup Discord recognises at the start of a line: headings, quotes, lists, subtext. */
const lineStartSpecials = new Set(['#', '>', '-', '+', '*']);

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Escapes untrusted text for a Discord Markdown context. `block` contexts (description, field
 * values) also escape what starts a block at the beginning of a line; `inline` contexts (title,
 * field name) are one line and do not, so a heading such as "1. Elements" keeps its number
 * unescaped. Every string starts as a fresh line: text joined after a space is escaped at least
 * as much as it needs.
 */
export function escapeDiscordMarkdown(text: string, context: 'block' | 'inline' = 'block'): string {
  const clean = context === 'inline' ? singleLine(sanitizeText(text)) : sanitizeText(text);
  let escaped = '';
  let atLineStart = true;
  let digitsOnly = false;
  for (const character of clean) {
    const block = context === 'block';
    const special =
      inlineSpecials.has(character) ||
      (block && atLineStart && lineStartSpecials.has(character)) ||
      (block && digitsOnly && (character === '.' || character === ')'));
    escaped += special ? `\\${character}` : character;
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
  }
  return escaped;
}

/**
 * The Discord Markdown the text cutter must not break. Corpus text is escaped
 * (`escapeDiscordMarkdown`), so an unescaped bracket or asterisk is the renderer's own: citation
 * markers, links (closed before a cut and reopened after it), escapes, and the bullets and bold
 * source numbers that start a line. A cut never starts a piece with what would read as a
 * heading, quote or list (markup escaped only at the start of a line).
 */
export const discordMarkdownSyntax: TextSyntax = {
  rules: [
    { kind: 'citation', pattern: / \[\d+\]/y },
    { kind: 'lead-in', pattern: /(?<=^|\n)(?:• |\*\*\d+\.\*\* )/y },
    { kind: 'glyph', pattern: /\\([\\*_~`|<[\]#>+.)-])/y },
    {
      kind: 'open',
      pattern: /\[(?=(?:\\[\s\S]|[^\\\]])*\]\(([^)\s]*)\))/y,
      closeWith: (match) => `](${match[1]})`,
    },
    { kind: 'close', pattern: /\]\([^)\s]*\)/y },
  ],
  startsMarkup: (text) => /^(?:[#>+-]|\d{1,9}[.)])/.test(text),
};

/** Rendered Discord Markdown cut into pieces of at most `limit` characters. */
export function cutDiscordText(text: string, limit: number): string[] {
  return cutToFit(text, limit, discordMarkdownSyntax);
}

/** Rendered Discord Markdown, at most `limit` characters. */
export function truncateDiscordText(text: string, limit: number): string {
  return truncate(text, limit, discordMarkdownSyntax);
}

/** Untrusted text escaped for a one-line Markdown context (title or field name), at most `limit` characters. */
export function escapeDiscordInline(text: string, limit: number): string {
  return truncateDiscordText(escapeDiscordMarkdown(text, 'inline'), limit);
}

/** Untrusted text escaped for a description or field value, cut into pieces of at most `limit` characters. */
export function cutDiscordMarkdown(text: string, limit: number): string[] {
  return cutDiscordText(escapeDiscordMarkdown(text), limit);
}

/** Untrusted text for a plain-text place (footer, button label, thread name), on one line, at most `limit` characters. */
export function discordPlainText(text: string, limit: number = Number.POSITIVE_INFINITY): string {
  return truncate(singleLine(sanitizeText(text)), limit, plainSyntax);
}
