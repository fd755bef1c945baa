import type { Answer, AnswerSource } from '../answer.js';
import type { Chunk } from './text-cutter.js';

/**
 * The render contract. Every surface (plain text, Markdown, JSON, Slack blocks, Discord embeds,
 * HTML, the staff console) renders the same outline of an answer, in the same order, so the
 * parts and their rules live in one place: what is shown for each kind, where citations go,
 * and that the disclaimer closes every message. A surface only decides how each block looks
 * and how it escapes text.
 *
 * Every block carries the `role` of the part it belongs to; a surface that treats a part
 * specially (follow-ups as buttons, the summary as an embed's description) asks for the role,
 * never for the heading's words, so renaming a heading changes no behaviour.
 *
 * Every string in an answer is untrusted — it comes from the corpus, the question or a model
 * — so renderers sanitize (`sanitize.ts`) and escape all of it; only their own markup is trusted.
 */
export type InlineRun =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'citation'; readonly n: number };

/** The part of an answer a block belongs to, in the order of GUIDE §1. */
export type OutlineRole =
  | 'title'
  | 'checked-on'
  | 'reviewed'
  | 'notice'
  | 'summary'
  | 'section'
  | 'gaps'
  | 'related'
  | 'limitations'
  | 'referrals'
  | 'follow-ups'
  | 'sources'
  | 'disclaimer';

export type OutlineBlock = { readonly role: OutlineRole } & (
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'checked-on'; readonly date: string }
  | { readonly kind: 'notice'; readonly text: string; readonly tone: 'info' | 'warning' | 'urgent' }
  | { readonly kind: 'heading'; readonly text: string; readonly level: 2 | 3 }
  | { readonly kind: 'paragraph'; readonly runs: readonly InlineRun[] }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'referrals'; readonly referrals: Answer['referrals'] }
  | { readonly kind: 'related'; readonly related: Answer['related'] }
  | { readonly kind: 'sources'; readonly sources: readonly AnswerSource[] }
  | { readonly kind: 'disclaimer'; readonly text: string }
);

/** The heading each part is shown under. Words only: no code compares them (see `OutlineRole`). */
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
    { role: 'title', kind: 'title', text: answer.question },
    { role: 'checked-on', kind: 'checked-on', date: answer.checkedOn },
  ];
  // A staff-approved answer says so on every surface, as a notice each renderer already draws.
  if (answer.reviewed) {
    blocks.push({ role: 'reviewed', kind: 'notice', text: reviewedNote(answer.reviewed), tone: 'info' });
  }
  const headed = (role: OutlineRole, title: string, body: OutlineBlock) =>
    blocks.push({ role, kind: 'heading', text: title, level: 2 }, body);
  // Crisis resources come before anything else in an emergency.
  if (answer.kind === 'emergency' && answer.referrals.length > 0) {
    if (answer.notice) blocks.push({ role: 'notice', kind: 'notice', text: answer.notice, tone: 'urgent' });
    blocks.push({ role: 'referrals', kind: 'referrals', referrals: answer.referrals });
  } else if (answer.notice) {
    blocks.push({ role: 'notice', kind: 'notice', text: answer.notice, tone: noticeTone(answer) });
  }
  if (answer.summary.length > 0) {
    headed('summary', sectionTitles.summary, {
      role: 'summary',
      kind: 'paragraph',
      runs: sentenceRuns(answer.summary),
    });
  }
  for (const [index, section] of answer.sections.entries()) {
    blocks.push({ role: 'section', kind: 'heading', text: `${index + 1}. ${section.heading}`, level: 3 });
    blocks.push({ role: 'section', kind: 'paragraph', runs: sentenceRuns(section.sentences) });
  }
  if (answer.gaps.length > 0) {
    headed('gaps', sectionTitles.gaps, { role: 'gaps', kind: 'list', items: answer.gaps });
  }
  if (answer.related.length > 0) {
    headed('related', sectionTitles.related, { role: 'related', kind: 'related', related: answer.related });
  }
  if (answer.limitations.trim().length > 0) {
    headed('limitations', sectionTitles.limitations, {
      role: 'limitations',
      kind: 'paragraph',
      runs: [{ kind: 'text', text: answer.limitations }],
    });
  }
  if (answer.kind !== 'emergency' && answer.referrals.length > 0) {
    headed('referrals', sectionTitles.referrals, {
      role: 'referrals',
      kind: 'referrals',
      referrals: answer.referrals,
    });
  }
  if (answer.followUps.length > 0) {
    headed('follow-ups', sectionTitles.followUps, {
      role: 'follow-ups',
      kind: 'list',
      items: answer.followUps,
    });
  }
  if (answer.sources.length > 0) {
    headed('sources', sectionTitles.sources, { role: 'sources', kind: 'sources', sources: answer.sources });
  }
  blocks.push({ role: 'disclaimer', kind: 'disclaimer', text: answer.disclaimer });
  return blocks;
}

/** "Reviewed by Dana Reyes on 2025-03-01": the mark of a staff-approved answer. */
export function reviewedNote(reviewed: NonNullable<Answer['reviewed']>): string {
  return `Reviewed by ${reviewed.by} on ${reviewed.on}`;
}

/** What is said about a source after its label: title, collection, type, jurisdiction, currency, vetting. */
export function sourceDetails(source: AnswerSource): string {
  const vetting = source.vetted ? '' : '; UNVETTED source';
  return `${source.title} (${source.collection}; ${source.sourceType}; ${source.jurisdiction}; current to ${source.asOf}${vetting})`;
}

/** One line describing a source: its label, then `sourceDetails`. */
export function describeSource(source: AnswerSource): string {
  return `${source.label} — ${sourceDetails(source)}`;
}

/** What is said about a referral after its name: how to reach it and when. */
export function referralDetails(referral: Answer['referrals'][number]): string {
  return `${referral.contact} — ${referral.whenToUse}`;
}

export function describeReferral(referral: Answer['referrals'][number]): string {
  return `${referral.name}: ${referralDetails(referral)}`;
}

/**
 * The outline rendered block by block as chunks for the text cutter, with the disclaimer apart
 * as the footer every message ends with. The checked-on date and headings lead the block after
 * them, so a split never leaves them alone at the end of a message.
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
