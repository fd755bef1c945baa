import type { Answer, AnswerSource } from '../answer.js';
import {
  describeReferral,
  type InlineRun,
  type OutlineBlock,
  outlineAnswer,
  sectionTitles,
} from './outline.js';
import { safeUrl, sanitizeText } from './sanitize.js';

/**
 * "Copy as reply": the answer as plain text that staff paste into an email to the person who
 * asked. It keeps every `[n]` marker, lists the sources with their addresses and dates, says
 * when the answer was checked, and ends with the disclaimer. It leaves out what only makes
 * sense inside Amicus (the follow-up suggestions). No markup: email clients show it as typed.
 */

function line(text: string): string {
  return sanitizeText(text).replace(/\s*\n\s*/g, ' ');
}

function runsText(runs: readonly InlineRun[]): string {
  return runs.map((run) => (run.kind === 'text' ? line(run.text) : ` [${run.n}]`)).join('');
}

/** Only http(s) addresses are copied into a reply; anything else could be a trap. */
const replyUrl = safeUrl;

export function replySourceLines(source: AnswerSource): string[] {
  const url = replyUrl(source.url);
  const vetting = source.vetted ? '' : ' Not yet vetted.';
  return [
    `[${source.n}] ${line(source.label)} — ${line(source.title)}`,
    `    ${line(source.collection)}; ${line(source.jurisdiction)}; current to ${line(source.asOf)}.${vetting}`,
    ...(url ? [`    ${url}`] : []),
  ];
}

function renderBlock(block: OutlineBlock): string | undefined {
  switch (block.kind) {
    case 'title':
      return `Question: ${line(block.text)}`;
    case 'checked-on':
      // Said once, just before the disclaimer, where a reader of the email looks for it.
      return undefined;
    case 'notice':
      return line(block.text);
    case 'heading':
      return line(block.text);
    case 'paragraph':
      return runsText(block.runs);
    case 'list':
      return block.items.map((item) => `- ${line(item)}`).join('\n');
    case 'referrals':
      return block.referrals
        .map((referral) => {
          const url = replyUrl(referral.url);
          const text = line(describeReferral(referral));
          return `- ${text}${url && !text.includes(url) ? ` ${url}` : ''}`;
        })
        .join('\n');
    case 'related':
      return block.related
        .map((source) => {
          const url = replyUrl(source.url);
          return `- ${line(source.label)} — ${line(source.title)}${url ? ` ${url}` : ''}`;
        })
        .join('\n');
    case 'sources':
      return block.sources.flatMap(replySourceLines).join('\n');
    case 'disclaimer':
      return `${sectionTitles.disclaimer}: ${line(block.text)}`;
  }
}

/** The reply text; the disclaimer is always its last paragraph. */
export function renderReplyText(answer: Answer): string {
  const blocks = outlineAnswer(answer);
  const paragraphs: string[] = [];
  for (const [index, block] of blocks.entries()) {
    // Follow-up suggestions only make sense inside Amicus.
    if (block.role === 'follow-ups') continue;
    if (block.kind === 'disclaimer') {
      paragraphs.push(`Checked on ${answer.checkedOn}.`);
    }
    const text = renderBlock(block);
    if (text === undefined || text.length === 0) continue;
    const previous = blocks[index - 1];
    // A heading and its content form one paragraph, as in the plain-text renderer.
    if (previous?.kind === 'heading' && paragraphs.length > 0)
      paragraphs[paragraphs.length - 1] += `\n${text}`;
    else paragraphs.push(text);
  }
  return `${paragraphs.join('\n\n')}\n`;
}
