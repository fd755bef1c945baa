import type { Answer } from '../answer.js';
import {
  defuseMentions,
  describeReferral,
  describeSource,
  type InlineRun,
  type OutlineBlock,
  renderOutlineChunks,
  sectionTitles,
} from './outline.js';
import { chunkText, packIntoParts, type TextSyntax } from './split.js';

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
 * Removes terminal control sequences and control characters from untrusted text, so corpus
 * text cannot move the cursor, recolour the screen or hide the disclaimer.
 */
export function sanitizeForTerminal(text: string): string {
  return defuseMentions(
    text
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ''),
  );
}

function renderRuns(runs: readonly InlineRun[], style: typeof ansi): string {
  return runs
    .map((run) => (run.kind === 'text' ? sanitizeForTerminal(run.text) : style.cyan(` [${run.n}]`)))
    .join('');
}

function renderBlock(block: OutlineBlock, style: typeof ansi): string {
  switch (block.kind) {
    case 'title':
      return style.bold(sanitizeForTerminal(block.text));
    case 'checked-on':
      return style.dim(`Checked on ${block.date}`);
    case 'notice': {
      const paint =
        block.tone === 'urgent'
          ? style.red
          : block.tone === 'warning'
            ? style.yellow
            : (text: string) => text;
      return paint(style.bold(sanitizeForTerminal(block.text)));
    }
    case 'heading':
      return style.bold(sanitizeForTerminal(block.text));
    case 'paragraph':
      return renderRuns(block.runs, style);
    case 'list':
      return block.items.map((item) => `- ${sanitizeForTerminal(item)}`).join('\n');
    case 'referrals':
      return block.referrals
        .map((referral) => `- ${sanitizeForTerminal(describeReferral(referral))}`)
        .join('\n');
    case 'related':
      return block.related
        .map(
          (source) =>
            `- ${sanitizeForTerminal(`${source.label} — ${source.title}`)}${source.url ? ` ${sanitizeForTerminal(source.url)}` : ''}`,
        )
        .join('\n');
    case 'sources':
      return block.sources
        .map(
          (source) =>
            `${style.cyan(`[${source.n}]`)} ${sanitizeForTerminal(describeSource(source))}${source.url ? `\n    ${sanitizeForTerminal(source.url)}` : ''}`,
        )
        .join('\n');
    case 'disclaimer':
      return style.bold(`${sectionTitles.disclaimer}: ${sanitizeForTerminal(block.text)}`);
  }
}

/**
 * The terminal text a splitter must not break: the renderer's colour codes (each style is
 * closed by 22 or 39 and reopened after a cut), its citation markers, and the source numbers
 * and bullets that start a line. Corpus text has no escape codes and no "[n]" left (see
 * `sanitizeForTerminal`), so these can only be the renderer's own.
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
