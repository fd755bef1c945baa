import type { Answer, AnswerSource } from '../answer.js';
import type { Chunk } from './split.js';

/**
 * The render contract. Every surface (plain text, Markdown, JSON, Slack blocks, Discord embeds,
 * HTML) renders the same outline of an answer, in the same order, so the parts and their rules
 * live in one place: what is shown for each kind, where citations go, and that the disclaimer
 * closes every message. A surface only decides how each block looks and how it escapes text.
 *
 * Every string in an answer is untrusted — it comes from the corpus, the question or a model
 * — so renderers escape all of it; only the renderer's own markup is trusted.
 */
export type InlineRun =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'citation'; readonly n: number };

export type OutlineBlock =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'checked-on'; readonly date: string }
  | { readonly kind: 'notice'; readonly text: string; readonly tone: 'info' | 'warning' | 'urgent' }
  | { readonly kind: 'heading'; readonly text: string; readonly level: 2 | 3 }
  | { readonly kind: 'paragraph'; readonly runs: readonly InlineRun[] }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'referrals'; readonly referrals: Answer['referrals'] }
  | { readonly kind: 'related'; readonly related: Answer['related'] }
  | { readonly kind: 'sources'; readonly sources: readonly AnswerSource[] }
  | { readonly kind: 'disclaimer'; readonly text: string };

export const sectionTitles = {
  summary: 'Executive summary',
  gaps: 'What the sources do not cover',
  limitations: 'Limitations',
  referrals: 'Where to get help',
  related: 'Nearest sources (not an answer)',
  followUps: 'Want to dive deeper?',
  sources: 'Sources',
  disclaimer: 'Disclaimer',
} as const;

function sentenceRuns(sentences: Answer['summary']): InlineRun[] {
  const runs: InlineRun[] = [];
  for (const [index, sentence] of sentences.entries()) {
    runs.push({ kind: 'text', text: index === 0 ? sentence.text : ` ${sentence.text}` });
    for (const n of sentence.citations) runs.push({ kind: 'citation', n });
  }
  return runs;
}

function noticeTone(answer: Answer): 'info' | 'warning' | 'urgent' {
  if (answer.kind === 'emergency') return 'urgent';
  if (answer.kind === 'individualized' || answer.kind === 'refused') return 'warning';
  return 'info';
}

/** The answer as ordered blocks. The disclaimer block is always last. */
export function outlineAnswer(answer: Answer): OutlineBlock[] {
  const blocks: OutlineBlock[] = [
    { kind: 'title', text: answer.question },
    { kind: 'checked-on', date: answer.checkedOn },
  ];
  // Crisis resources come before anything else in an emergency.
  if (answer.kind === 'emergency' && answer.referrals.length > 0) {
    if (answer.notice) blocks.push({ kind: 'notice', text: answer.notice, tone: 'urgent' });
    blocks.push({ kind: 'referrals', referrals: answer.referrals });
  } else if (answer.notice) {
    blocks.push({ kind: 'notice', text: answer.notice, tone: noticeTone(answer) });
  }
  if (answer.summary.length > 0) {
    blocks.push({ kind: 'heading', text: sectionTitles.summary, level: 2 });
    blocks.push({ kind: 'paragraph', runs: sentenceRuns(answer.summary) });
  }
  for (const [index, section] of answer.sections.entries()) {
    blocks.push({ kind: 'heading', text: `${index + 1}. ${section.heading}`, level: 3 });
    blocks.push({ kind: 'paragraph', runs: sentenceRuns(section.sentences) });
  }
  if (answer.gaps.length > 0) {
    blocks.push({ kind: 'heading', text: sectionTitles.gaps, level: 2 });
    blocks.push({ kind: 'list', items: answer.gaps });
  }
  if (answer.related.length > 0) {
    blocks.push({ kind: 'heading', text: sectionTitles.related, level: 2 });
    blocks.push({ kind: 'related', related: answer.related });
  }
  if (answer.limitations.trim().length > 0) {
    blocks.push({ kind: 'heading', text: sectionTitles.limitations, level: 2 });
    blocks.push({ kind: 'paragraph', runs: [{ kind: 'text', text: answer.limitations }] });
  }
  if (answer.kind !== 'emergency' && answer.referrals.length > 0) {
    blocks.push({ kind: 'heading', text: sectionTitles.referrals, level: 2 });
    blocks.push({ kind: 'referrals', referrals: answer.referrals });
  }
  if (answer.followUps.length > 0) {
    blocks.push({ kind: 'heading', text: sectionTitles.followUps, level: 2 });
    blocks.push({ kind: 'list', items: answer.followUps });
  }
  if (answer.sources.length > 0) {
    blocks.push({ kind: 'heading', text: sectionTitles.sources, level: 2 });
    blocks.push({ kind: 'sources', sources: answer.sources });
  }
  blocks.push({ kind: 'disclaimer', text: answer.disclaimer });
  return blocks;
}

/** One line describing a source: label, title, collection, type, jurisdiction, currency, vetting. */
export function describeSource(source: AnswerSource): string {
  const vetting = source.vetted ? '' : '; UNVETTED source';
  return `${source.label} — ${source.title} (${source.collection}; ${source.sourceType}; ${source.jurisdiction}; current to ${source.asOf}${vetting})`;
}

export function describeReferral(referral: Answer['referrals'][number]): string {
  return `${referral.name}: ${referral.contact} — ${referral.whenToUse}`;
}

/**
 * Applied to every untrusted string on every surface, whatever else the surface escapes:
 * - mass mentions are defused: a word joiner after `@` keeps `@everyone` readable but inert
 *   (Discord matches `@everyone` even inside longer words, so no word boundary is required),
 *   and Slack's `<!channel>`/`<!here>`/`<!everyone>` and `<@U123>` cannot form;
 * - text that looks like one of our citation markers ("see [7]") is shown as "(7)", so every
 *   `[n]` a reader sees is one the renderer wrote.
 */
export function defuseMentions(text: string): string {
  return text
    .replace(/@(everyone|here|channel)/gi, '@\u2060$1')
    .replace(/<([!@#])/g, '<\u2060$1')
    .replace(/\[(\d+)\]/g, '($1)');
}

/**
 * The outline rendered block by block as chunks for splitting, with the disclaimer apart as the
 * footer every message ends with. The checked-on date and headings lead the block after them,
 * so a split never leaves them alone at the end of a message.
 */
export function renderOutlineChunks(
  answer: Answer,
  renderBlock: (block: OutlineBlock) => string,
): { chunks: Chunk[]; footer: string } {
  const chunks: Chunk[] = [];
  const lead: string[] = [];
  let footer = '';
  for (const block of outlineAnswer(answer)) {
    const text = renderBlock(block);
    if (block.kind === 'disclaimer') footer = text;
    else if (block.kind === 'checked-on' || block.kind === 'heading') lead.push(text);
    else if (lead.length > 0) chunks.push({ lead: lead.splice(0).join('\n'), text });
    else chunks.push(text);
  }
  if (lead.length > 0) chunks.push(lead.join('\n'));
  return { chunks, footer };
}
