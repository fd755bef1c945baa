import { safeUrl, sanitizeText } from '../../answer/renderers/sanitize.js';
import { cutToFit, plainSyntax, type TextSyntax, truncate } from '../../answer/renderers/text-cutter.js';

/**
 * Slack's mrkdwn, one small escaper per construct (after discord.js's formatters/escapers).
 * Every string of an answer is untrusted: `&`, `<` and `>` are escaped, so no `<!channel>`, link
 * or user mention can come from corpus text, and the result is sanitized (`sanitizeText`:
 * control characters, `@everyone`-style mentions, marker look-alikes). Escaping comes first
 * here: with no `<` left, sanitizing has no `<!…>` to defuse, and what it inserts (a word
 * joiner, `(n)` for `[n]`) can form no mrkdwn. Only the `<…>` links this module writes remain.
 */

/** Untrusted text for mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return sanitizeText(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/**
 * Untrusted text for a `plain_text` object (button labels) or a button value. Slack does not
 * parse these, but angle brackets are still replaced with look-alikes so nothing that looks like
 * `<!channel>` ever appears in a payload.
 */
export function escapePlainText(text: string): string {
  return sanitizeText(text.replace(/</g, '\u2039').replace(/>/g, '\u203a'));
}

/** A mrkdwn link with an escaped label, or the escaped label alone when the address is not http(s). */
export function slackLink(url: string | null | undefined, label: string): string {
  const address = safeUrl(url);
  return address ? `<${address}|${escapeMrkdwn(label)}>` : escapeMrkdwn(label);
}

/**
 * The mrkdwn the text cutter must not break. Corpus text is escaped (`escapeMrkdwn`), so every
 * `<`, `>` and entity is the renderer's own: citation markers (a linked `[n]` stays with its
 * sentence), links (closed before a cut and reopened after it), entities, and the bullets and
 * source numbers that start a line. Bold (`*`) is not a span here: corpus text keeps its own
 * asterisks, which mrkdwn cannot escape, and the renderer's bold headings are cut to one piece.
 */
export const mrkdwnSyntax: TextSyntax = {
  rules: [
    { kind: 'citation', pattern: / (?:<https?:\/\/[^|<>\s]*\|\[\d+\]>|\[\d+\])/y },
    { kind: 'lead-in', pattern: /(?<=^|\n)(?:• |\*\[\d+\]\* )/y },
    { kind: 'glyph', pattern: /&(?:amp|lt|gt);/y },
    { kind: 'open', pattern: /<https?:\/\/[^|<>\s]*\|(?=[^<>]*>)/y, closeWith: () => '>' },
    { kind: 'close', pattern: />/y },
  ],
  unlinkCitation: (marker) => marker.replace(/^ <[^|]*\|(\[\d+\])>$/, ' $1'),
};

/** Rendered mrkdwn cut into pieces of at most `limit` characters. */
export function cutMrkdwn(text: string, limit: number): string[] {
  return cutToFit(text, limit, mrkdwnSyntax);
}

/** Rendered mrkdwn, at most `limit` characters. */
export function truncateMrkdwn(text: string, limit: number): string {
  return truncate(text, limit, mrkdwnSyntax);
}

/** Untrusted plain text (a button value or label), at most `limit` characters. */
export function truncatePlain(text: string, limit: number): string {
  return truncate(text, limit, plainSyntax);
}
