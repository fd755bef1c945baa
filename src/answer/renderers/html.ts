import type { Answer } from '../answer.js';
import {
  describeReferral,
  type InlineRun,
  type OutlineBlock,
  outlineAnswer,
  referralDetails,
  sectionTitles,
  sourceDetails,
} from './outline.js';
import { safeUrl, sanitizeText } from './sanitize.js';

/**
 * The answer as an HTML fragment, for the staff console's no-JavaScript page and for tests.
 * (The console itself builds its DOM with `textContent` from the same outline.) Every string of
 * the answer is escaped; the only markup is the renderer's own, links are http(s) only, and the
 * disclaimer closes the fragment whatever the answer holds.
 */

const htmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes untrusted text (after `sanitizeText`) for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return sanitizeText(text).replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

/** An external link, or the escaped text alone when the address is not http(s) (`safeUrl`). */
export function externalLink(text: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  if (href === undefined) return escapeHtml(text);
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow" target="_blank">${escapeHtml(text)}</a>`;
}

function renderRuns(runs: readonly InlineRun[]): string {
  return runs
    .map((run) =>
      run.kind === 'text'
        ? escapeHtml(run.text)
        : ` <a class="citation" href="#source-${run.n}" aria-label="Source ${run.n}">[${run.n}]</a>`,
    )
    .join('');
}

function renderBlock(block: OutlineBlock): string {
  switch (block.kind) {
    case 'title':
      return `<h2 class="answer-question">${escapeHtml(block.text)}</h2>`;
    case 'checked-on':
      return `<p class="checked-on">Checked on <time datetime="${escapeHtml(block.date)}">${escapeHtml(block.date)}</time></p>`;
    case 'notice':
      return `<p class="notice notice-${block.tone}" role="${block.tone === 'urgent' ? 'alert' : 'note'}">${escapeHtml(block.text)}</p>`;
    case 'heading':
      return block.level === 2 ? `<h3>${escapeHtml(block.text)}</h3>` : `<h4>${escapeHtml(block.text)}</h4>`;
    case 'paragraph':
      return `<p>${renderRuns(block.runs)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'referrals':
      return `<ul class="referrals">${block.referrals
        .map((referral) =>
          safeUrl(referral.url)
            ? `<li>${externalLink(referral.name, referral.url)}: ${escapeHtml(referralDetails(referral))}</li>`
            : `<li>${escapeHtml(describeReferral(referral))}</li>`,
        )
        .join('')}</ul>`;
    case 'related':
      return `<ul class="related">${block.related
        .map((source) => `<li>${externalLink(source.label, source.url)} — ${escapeHtml(source.title)}</li>`)
        .join('')}</ul>`;
    case 'sources':
      return `<ol class="sources">${block.sources
        .map(
          (source) =>
            `<li id="source-${source.n}" value="${source.n}">${externalLink(source.label, source.url)} — ${escapeHtml(sourceDetails(source))}</li>`,
        )
        .join('')}</ol>`;
    case 'disclaimer':
      return `<p class="disclaimer"><strong>${sectionTitles.disclaimer}:</strong> ${escapeHtml(block.text)}</p>`;
  }
}

/** The whole answer as one `<article>`; the disclaimer is its last element. */
export function renderAnswerHtml(answer: Answer): string {
  const body = outlineAnswer(answer).map(renderBlock).join('\n');
  return `<article class="answer" lang="en">\n${body}\n</article>`;
}

export interface HtmlPageOptions {
  readonly title: string;
  /** Stylesheet address, served from the same origin. */
  readonly stylesheet?: string;
}

/** A complete, script-free page around a fragment that is already HTML (escaped by its renderer). */
export function htmlPage(fragmentHtml: string, options: HtmlPageOptions): string {
  const stylesheet = options.stylesheet ?? '/console.css';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">`,
    '</head>',
    '<body class="static-page">',
    '<main class="static-main">',
    fragmentHtml,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}
