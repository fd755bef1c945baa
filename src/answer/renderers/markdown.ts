import type { Answer } from '../answer.js';
import {
  describeReferral,
  type InlineRun,
  type OutlineBlock,
  renderOutlineChunks,
  sectionTitles,
  sourceDetails,
} from './outline.js';
import { safeUrl, sanitizeText } from './sanitize.js';
import { chunkText, packIntoParts, type TextSyntax } from './text-cutter.js';

/**
 * Escapes untrusted text for Markdown: no emphasis, links, images, HTML, headings or lists can
 * come from corpus or model text. Backslash escapes are understood by CommonMark, GitHub and
 * Discord alike.
 */
export function escapeMarkdown(text: string): string {
  // Sanitized first (mentions and marker look-alikes defused), so the escaping below covers them too.
  return (
    sanitizeText(text)
      .replace(/[\\`*_{}[\]()<>#+!|~>-]/g, (character) => `\\${character}`)
      .replace(/&/g, '&amp;')
      .replace(/^(\s*)(\d+)\./gm, '$1$2\\.')
      // A line of "===" under text would make it a heading (setext); "-" is escaped above.
      .replace(/^(\s*)=/gm, '$1\\=')
  );
}

/** A citation marker that links to the source when it has an http(s) address. */
function citationMarker(n: number, answer: Answer): string {
  const address = safeUrl(answer.sources.find((candidate) => candidate.n === n)?.url);
  return address ? `[\\[${n}\\]](${address})` : `\\[${n}\\]`;
}

/** A link with an escaped label, or the label alone when the address is not http(s) (`safeUrl`). */
function link(label: string, url: string | null): string {
  const address = safeUrl(url);
  return address ? `[${escapeMarkdown(label)}](${address})` : escapeMarkdown(label);
}

function renderRuns(runs: readonly InlineRun[], answer: Answer): string {
  return runs
    .map((run) => (run.kind === 'text' ? escapeMarkdown(run.text) : ` ${citationMarker(run.n, answer)}`))
    .join('');
}

function renderBlock(block: OutlineBlock, answer: Answer): string {
  switch (block.kind) {
    case 'title':
      return `## ${escapeMarkdown(block.text)}`;
    case 'checked-on':
      return `*Checked on ${block.date}*`;
    case 'notice':
      return `> **${escapeMarkdown(block.text)}**`;
    case 'heading':
      return `${block.level === 2 ? '###' : '####'} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return renderRuns(block.runs, answer);
    case 'list':
      return block.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n');
    case 'referrals':
      return block.referrals.map((referral) => `- ${escapeMarkdown(describeReferral(referral))}`).join('\n');
    case 'related':
      return block.related
        .map((source) => `- ${link(source.label, source.url)} — ${escapeMarkdown(source.title)}`)
        .join('\n');
    case 'sources':
      return block.sources
        .map(
          (source) =>
            `${source.n}. ${link(source.label, source.url)} — ${escapeMarkdown(sourceDetails(source))}`,
        )
        .join('\n');
    case 'disclaimer':
      return `**${sectionTitles.disclaimer}:** ${escapeMarkdown(block.text)}`;
  }
}

/**
 * The Markdown a splitter must not break. Corpus text is escaped (`escapeMarkdown`), so an
 * unescaped bracket, asterisk or line-start mark can only be the renderer's own: citation
 * markers, links (closed before a cut and reopened after it), emphasis, and the list numbers,
 * bullets, heading marks and quote marks that start a line.
 */
export const markdownSyntax: TextSyntax = {
  rules: [
    { kind: 'citation', pattern: / (?:\[\\\[\d+\\\]\]\([^)\s]*\)|\\\[\d+\\\])/y },
    { kind: 'lead-in', pattern: /(?<=^|\n)(?:\d+\. |- |#{2,4} |> )/y },
    { kind: 'glyph', pattern: /\\([!-/:-@[-`{-~])/y },
    { kind: 'glyph', pattern: /(&)amp;/y },
    {
      kind: 'open',
      pattern: /\[(?=(?:\\[\s\S]|[^\\\]])*\]\(([^)\s]*)\))/y,
      closeWith: (match) => `](${match[1]})`,
    },
    { kind: 'close', pattern: /\]\([^)\s]*\)/y },
    { kind: 'toggle', pattern: /\*\*|\*/y },
  ],
  // A cut can start a message with a number and a period that were mid-line: a list item.
  startsMarkup: (text) => /^\d{1,9}[.)]/.test(text),
  unlinkCitation: (marker) => marker.replace(/^ \[(\\\[\d+\\\])\]\(.*\)$/, ' $1'),
};

export function renderMarkdown(answer: Answer): string {
  const { chunks, footer } = renderOutlineChunks(answer, (block) => renderBlock(block, answer));
  return [...chunks.map(chunkText), footer].join('\n\n');
}

export function renderMarkdownParts(answer: Answer, maxLength: number): string[] {
  const { chunks, footer } = renderOutlineChunks(answer, (block) => renderBlock(block, answer));
  return packIntoParts(chunks, footer, maxLength, '\n\n', markdownSyntax);
}
