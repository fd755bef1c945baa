import type { Answer } from '../answer.js';
import {
  describeReferral,
  describeSource,
  type InlineRun,
  type OutlineBlock,
  renderOutlineChunks,
  sectionTitles,
} from './outline.js';
import { safeUrl, sanitizeText } from './sanitize.js';
import { chunkText, packIntoParts, type TextSyntax } from './text-cutter.js';

export interface PlainTextOptions {
  /** ANSI colour, for terminals. */
  readonly colour?: boolean;
}

const ansi = {
  bold: (text: string) => `\u001b[1m${text}\u001b[22m`,
  cyan: (text: string) => `\u001b[36m${text}\u001b[39m`,
  yellow: (text: string) => `\u001b[33m${text}\u001b[39m`,
  red: (text: string) => `\u001b[31m${text}\u001b[39m`,
  dim: (text: string) => `\u001b[2m${text}\u001b[22m`,
};
const plain = {
  bold: (text: string) => text,
  cyan: (text: string) => text,
  yellow: (text: string) => text,
  red: (text: string) => text,
  dim: (text: string) => text,
};

/**
 * Untrusted text for a terminal: `sanitizeText` removes control sequences and characters, so
 * corpus text cannot move the cursor, recolour the screen or hide the disclaimer.
 */
const shown = sanitizeText;

/** An address shown after its label, only when it is http(s) (`safeUrl`). */
function address(url: string | null | undefined, before: string): string {
  const safe = safeUrl(url);
  return safe === undefined ? '' : `${before}${safe}`;
}

function renderRuns(runs: readonly InlineRun[], style: typeof ansi): string {
  return runs.map((run) => (run.kind === 'text' ? shown(run.text) : style.cyan(` [${run.n}]`))).join('');
}

function renderBlock(block: OutlineBlock, style: typeof ansi): string {
  switch (block.kind) {
    case 'title':
      return style.bold(shown(block.text));
    case 'checked-on':
      return style.dim(`Checked on ${block.date}`);
    case 'notice': {
      const paint =
        block.tone === 'urgent'
          ? style.red
          : block.tone === 'warning'
            ? style.yellow
            : (text: string) => text;
      return paint(style.bold(shown(block.text)));
    }
    case 'heading':
      return style.bold(shown(block.text));
    case 'paragraph':
      return renderRuns(block.runs, style);
    case 'list':
      return block.items.map((item) => `- ${shown(item)}`).join('\n');
    case 'referrals':
      return block.referrals.map((referral) => `- ${shown(describeReferral(referral))}`).join('\n');
    case 'related':
      return block.related
        .map((source) => `- ${shown(`${source.label} — ${source.title}`)}${address(source.url, ' ')}`)
        .join('\n');
    case 'sources':
      return block.sources
        .map(
          (source) =>
            `${style.cyan(`[${source.n}]`)} ${shown(describeSource(source))}${address(source.url, '\n    ')}`,
        )
        .join('\n');
    case 'disclaimer':
      return style.bold(`${sectionTitles.disclaimer}: ${shown(block.text)}`);
  }
}

/**
 * The terminal text a splitter must not break: the renderer's colour codes (each style is
 * closed by 22 or 39 and reopened after a cut), its citation markers, and the source numbers
 * and bullets that start a line. Corpus text has no escape codes and no "[n]" left (see
 * `sanitizeText`), so these can only be the renderer's own.
 */
export const terminalSyntax: TextSyntax = {
  rules: [
    { kind: 'citation', pattern: /(?:\u001b\[36m)? \[\d+\](?:\u001b\[39m)?/y },
    { kind: 'lead-in', pattern: /(?<=^|\n)(?:(?:\u001b\[36m)?\[\d+\](?:\u001b\[39m)? |- )/y },
    {
      kind: 'open',
      pattern: /\u001b\[(1|2|31|33|36)m/y,
      closeWith: (match) => (match[1] === '1' || match[1] === '2' ? '\u001b[22m' : '\u001b[39m'),
    },
    { kind: 'close', pattern: /\u001b\[(?:22|39)m/y },
  ],
};

function renderChunks(answer: Answer, options: PlainTextOptions) {
  const style = options.colour ? ansi : plain;
  return renderOutlineChunks(answer, (block) => renderBlock(block, style));
}

/** The whole answer as one plain-text (or ANSI-coloured) document. */
export function renderPlainText(answer: Answer, options: PlainTextOptions = {}): string {
  const { chunks, footer } = renderChunks(answer, options);
  return [...chunks.map(chunkText), footer].join('\n\n');
}

/** The answer split into messages of at most `maxLength` characters, each with the disclaimer. */
export function renderPlainTextParts(
  answer: Answer,
  maxLength: number,
  options: PlainTextOptions = {},
): string[] {
  const { chunks, footer } = renderChunks(answer, options);
  return packIntoParts(chunks, footer, maxLength, '\n\n', terminalSyntax);
}
