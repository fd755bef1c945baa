/**
 * Helpers that read rendered answers the way a reader (or a chat client) sees them, without
 * reusing the renderers' own escaping code as the oracle.
 */
import type { Answer } from '../../../src/answer/answer.js';
import { sectionTitles } from '../../../src/answer/renderers/outline.js';

/** The SGR codes the plain-text renderer itself writes in colour mode. */
const rendererSgr = /\u001b\[(?:1|2|22|31|33|36|39)m/g;

export function stripRendererColour(text: string): string {
  return text.replace(rendererSgr, '');
}

/** U+2060 is what mention defusing inserts; tests compare text with it removed on both sides. */
export function withoutWordJoiners(text: string): string {
  return text.replaceAll('\u2060', '');
}

/**
 * How every surface shows untrusted text, written here independently of `sanitize.ts`: line
 * endings as `\n`, terminal control sequences removed whole, control and bidi characters
 * removed, mass mentions and Slack's `<!…>`/`<@…>`/`<#…>` defused with a word joiner (removed
 * again here, as tests compare text without it), and text that looks like a citation marker
 * ("[7]") shown as "(7)".
 */
export function asSanitized(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\[(\d+)\]/g, '($1)');
}

/** Plain text as shown: the renderer's colour codes and the mention-defusing joiners removed. */
export function visiblePlainText(output: string): string {
  return withoutWordJoiners(stripRendererColour(output));
}

/** Characters a terminal must never receive from corpus text: C0 (except tab and newline), DEL, C1, bidi controls. */
export const terminalControlCharacters =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Discord's own pattern for broadcast mentions (discord.js `MessageMentions.EveryonePattern`), case-insensitive. */
export const broadcastMention = /@(everyone|here)/i;
/** Slack's broadcast syntax: `<!channel>`, `<!here>`, `<!everyone>` (optionally with `|label`). */
export const slackBroadcast = /<!(channel|here|everyone)\b/i;

/** A lone UTF-16 surrogate: half of an emoji cut in two. */
export const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface MarkdownToken {
  readonly char: string;
  /** True when the character came from a backslash escape or from `&amp;`. */
  readonly escaped: boolean;
}

const asciiPunctuation = /[!-/:-@[-`{-~]/;

/** CommonMark backslash escapes and `&amp;`, resolved. */
export function tokenizeMarkdown(markdown: string): MarkdownToken[] {
  const tokens: MarkdownToken[] = [];
  for (let index = 0; index < markdown.length; index++) {
    const char = markdown[index]!;
    const next = markdown[index + 1];
    if (char === '\\' && next !== undefined && asciiPunctuation.test(next)) {
      tokens.push({ char: next, escaped: true });
      index++;
    } else if (char === '&' && markdown.startsWith('&amp;', index)) {
      tokens.push({ char: '&', escaped: true });
      index += 4;
    } else {
      tokens.push({ char, escaped: false });
    }
  }
  return tokens;
}

export interface MarkdownLink {
  /** The link text as shown. */
  readonly label: string;
  readonly destination: string;
}

interface ParsedMarkdown {
  /** What a reader sees: escapes resolved, links replaced by their text. */
  readonly visible: string;
  readonly links: readonly MarkdownLink[];
  /** Unescaped characters outside link destinations, with their position in `visible`. */
  readonly markup: readonly { readonly char: string; readonly at: number }[];
}

/** Reads a rendered Markdown document: resolves escapes, finds `[text](destination)` links. */
export function parseMarkdown(markdown: string): ParsedMarkdown {
  const tokens = tokenizeMarkdown(markdown);
  let visible = '';
  const links: MarkdownLink[] = [];
  const markup: { char: string; at: number }[] = [];
  const isOpen = (index: number, char: string) => tokens[index]?.char === char && !tokens[index]?.escaped;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (isOpen(index, '[')) {
      let close = index + 1;
      while (close < tokens.length && !isOpen(close, ']') && !isOpen(close, '[')) close++;
      if (isOpen(close, ']') && isOpen(close + 1, '(')) {
        // CommonMark: a destination ends at the first unescaped `)` that balances its parentheses.
        let end = close + 2;
        let depth = 0;
        for (; end < tokens.length && !/\s/.test(tokens[end]!.char); end++) {
          if (isOpen(end, '(')) depth++;
          else if (isOpen(end, ')') && depth-- === 0) break;
        }
        if (isOpen(end, ')')) {
          const label = tokens
            .slice(index + 1, close)
            .map((inner) => inner.char)
            .join('');
          const destination = tokens
            .slice(close + 2, end)
            .map((inner) => (inner.escaped ? `\\${inner.char}` : inner.char))
            .join('');
          for (const inner of tokens.slice(index + 1, close))
            if (!inner.escaped) markup.push({ char: inner.char, at: visible.length });
          links.push({ label, destination });
          visible += label;
          index = end;
          continue;
        }
      }
    }
    if (!token.escaped) markup.push({ char: token.char, at: visible.length });
    visible += token.char;
  }
  return { visible: withoutWordJoiners(visible), links, markup };
}

/**
 * Characters the Markdown renderer never writes unescaped outside its own links, so none may
 * appear unescaped: HTML and autolinks (`<`), images (`!`), code, tables, strikethrough, spoilers,
 * emphasis with `_`, entities (`&`), and brackets or parentheses that are not a renderer link.
 */
export const foreignMarkdownMarkup = new Set([
  '<',
  '!',
  '`',
  '|',
  '~',
  '_',
  '{',
  '}',
  '&',
  '+',
  '[',
  ']',
  '(',
  ')',
]);

/** Lines of a Markdown document, with every line ending CommonMark recognises. */
export function markdownLines(markdown: string): string[] {
  return markdown.split(/\r\n|\r|\n/);
}

/** The first line of corpus text as every surface shows it (`asSanitized`). */
function firstLine(text: string): string {
  return asSanitized(text).split('\n')[0] ?? '';
}

/** The heading lines the Markdown renderer writes for an answer, as a reader sees them. */
export function expectedMarkdownHeadings(answer: Answer): Set<string> {
  const headings = new Set<string>([`## ${firstLine(answer.question)}`]);
  for (const title of Object.values(sectionTitles)) headings.add(`### ${title}`);
  for (const [index, section] of answer.sections.entries())
    headings.add(`#### ${index + 1}. ${firstLine(section.heading)}`);
  return headings;
}

/**
 * Lines of a Markdown document that open a block the renderer did not write: an ATX heading
 * other than the renderer's, a block quote other than the notice, or a setext underline.
 */
export function injectedMarkdownBlocks(markdown: string, answer: Answer): string[] {
  const headings = expectedMarkdownHeadings(answer);
  const problems: string[] = [];
  for (const line of markdownLines(markdown)) {
    const tokens = tokenizeMarkdown(line);
    const firstIndex = tokens.findIndex((token) => token.char !== ' ');
    const first = tokens[firstIndex];
    if (first === undefined || first.escaped || firstIndex > 3) continue;
    const visibleLine = withoutWordJoiners(tokens.map((token) => token.char).join(''));
    // A split may cut a long heading; its first piece ends with an ellipsis.
    const cutHeading =
      visibleLine.endsWith('…') &&
      [...headings].some((heading) => heading.startsWith(visibleLine.slice(0, -1).trimEnd()));
    if (first.char === '#' && !headings.has(visibleLine) && !cutHeading)
      problems.push(`heading: ${JSON.stringify(line)}`);
    if (first.char === '>' && !(line.startsWith('> **') && answer.notice !== undefined))
      problems.push(`block quote: ${JSON.stringify(line)}`);
    if (/^ {0,3}=+[ \t]*$/.test(line)) problems.push(`setext underline: ${JSON.stringify(line)}`);
  }
  return problems;
}

/** Every `[n]` a reader sees in the text, in order. */
export function visibleMarkerNumbers(visible: string): number[] {
  return [...visible.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
}

/** Removes whitespace and ellipses, which splitting may add or drop at a cut. */
export function squash(text: string): string {
  return text.replace(/[\s…]/g, '');
}
