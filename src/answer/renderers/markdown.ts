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
import { packIntoParts } from './split.js';

/**
 * Escapes untrusted text for Markdown: no emphasis, links, images, HTML, headings or lists can
 * come from corpus or model text. Backslash escapes are understood by CommonMark, GitHub and
 * Discord alike.
 */
export function escapeMarkdown(text: string): string {
  return defuseMentions(
    text
      .replace(/[\\`*_{}[\]()<>#+!|~>-]/g, (character) => `\\${character}`)
      .replace(/&/g, '&amp;')
      .replace(/^(\s*)(\d+)\./gm, '$1$2\\.'),
  );
}

/** A citation marker that links to the source when it has an address. */
function citationMarker(n: number, answer: Answer): string {
  const source = answer.sources.find((candidate) => candidate.n === n);
  return source?.url ? `[\\[${n}\\]](${safeUrl(source.url)})` : `\\[${n}\\]`;
}

/** Only http(s) links are written; anything else (javascript:, data:) becomes plain text. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return '#';
    return parsed.toString().replace(/[()\s<>]/g, (character) => encodeURIComponent(character));
  } catch {
    return '#';
  }
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
        .map(
          (source) =>
            `- ${source.url ? `[${escapeMarkdown(source.label)}](${safeUrl(source.url)})` : escapeMarkdown(source.label)} — ${escapeMarkdown(source.title)}`,
        )
        .join('\n');
    case 'sources':
      return block.sources
        .map(
          (source) =>
            `${source.n}. ${source.url ? `[${escapeMarkdown(source.label)}](${safeUrl(source.url)})` : escapeMarkdown(source.label)} — ${escapeMarkdown(describeSource(source).slice(source.label.length + 3))}`,
        )
        .join('\n');
    case 'disclaimer':
      return `**${sectionTitles.disclaimer}:** ${escapeMarkdown(block.text)}`;
  }
}

function renderChunks(answer: Answer): { chunks: string[]; footer: string } {
  const blocks = outlineAnswer(answer);
  const chunks: string[] = [];
  let footer = '';
  for (const [index, block] of blocks.entries()) {
    const text = renderBlock(block, answer);
    if (block.kind === 'disclaimer') {
      footer = text;
      continue;
    }
    const previous = blocks[index - 1];
    if (previous?.kind === 'heading' || previous?.kind === 'checked-on')
      chunks[chunks.length - 1] += `\n${text}`;
    else chunks.push(text);
  }
  return { chunks, footer };
}

export function renderMarkdown(answer: Answer): string {
  const { chunks, footer } = renderChunks(answer);
  return [...chunks, footer].join('\n\n');
}

export function renderMarkdownParts(answer: Answer, maxLength: number): string[] {
  const { chunks, footer } = renderChunks(answer);
  return packIntoParts(chunks, footer, maxLength);
}
