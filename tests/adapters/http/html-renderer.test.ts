/**
 * The HTML renderer (the console's no-JavaScript page) against generated answers full of hostile
 * text: the output is parsed with htmlparser2 and read the way a browser would, rather than
 * checked with the renderer's own escaping code.
 */
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { askResponse, consoleOutline } from '../../../src/adapters/http/answer-payload.js';
import type { Answer } from '../../../src/answer/answer.js';
import { escapeHtml, htmlPage, renderAnswerHtml } from '../../../src/answer/renderers/html.js';
import { sectionTitles } from '../../../src/answer/renderers/outline.js';
import { safeUrl } from '../../../src/answer/renderers/sanitize.js';
import { asSanitized } from '../../answer/renderers/output-inspection.js';
import { answerArbitrary, citedAnswerArbitrary, testDisclaimer } from '../../support/answer-arbitraries.js';

interface ParsedElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  text: string;
}

interface ParsedHtml {
  readonly elements: ParsedElement[];
  /** Visible text, entities decoded. */
  readonly text: string;
  readonly comments: number;
}

function parseHtml(html: string): ParsedHtml {
  const elements: ParsedElement[] = [];
  const open: ParsedElement[] = [];
  let text = '';
  let comments = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const element = { name, attributes, text: '' };
        elements.push(element);
        open.push(element);
      },
      ontext(data) {
        text += data;
        for (const element of open) element.text += data;
      },
      onclosetag() {
        open.pop();
      },
      oncomment() {
        comments += 1;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { elements, text, comments };
}

const allowedTags = new Set(['article', 'h2', 'h3', 'h4', 'p', 'time', 'a', 'ul', 'ol', 'li', 'strong']);
const allowedAttributes = new Set([
  'class',
  'href',
  'rel',
  'target',
  'aria-label',
  'role',
  'datetime',
  'id',
  'value',
  'lang',
]);

const withoutJoiners = (text: string) => text.replaceAll('\u2060', '');
/**
 * What a reader should see of an answer string: sanitized as on every surface (`asSanitized`:
 * controls removed, look-alike `[n]` markers shown as `(n)`; mentions defused by joiners, which
 * are removed from both sides), whitespace collapsed as HTML does.
 */
const asShown = (text: string) => asSanitized(text).replace(/\s+/g, ' ').trim();

describe('renderAnswerHtml', () => {
  it('writes only its own markup: no tag, attribute, comment or link comes from answer text', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        const parsed = parseHtml(renderAnswerHtml(answer));
        expect(parsed.comments).toBe(0);
        for (const element of parsed.elements) {
          expect(allowedTags.has(element.name), element.name).toBe(true);
          for (const attribute of Object.keys(element.attributes))
            expect(allowedAttributes.has(attribute), attribute).toBe(true);
          const href = element.attributes.href;
          if (href !== undefined) expect(href).toMatch(/^(?:#source-\d+|https?:\/\/)/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ends with the disclaimer, always', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        const parsed = parseHtml(renderAnswerHtml(answer));
        const paragraphs = parsed.elements.filter((element) => element.name === 'p');
        const last = paragraphs.at(-1);
        expect(last?.attributes.class).toBe('disclaimer');
        expect(withoutJoiners(last?.text ?? '')).toBe(`${sectionTitles.disclaimer}: ${testDisclaimer}`);
      }),
      { numRuns: 200 },
    );
  });

  it('shows every sentence, and links every citation to a listed source', () => {
    fc.assert(
      fc.property(citedAnswerArbitrary, (answer) => {
        const parsed = parseHtml(renderAnswerHtml(answer));
        const shown = asShown(withoutJoiners(parsed.text));
        const sentences = [...answer.summary, ...answer.sections.flatMap((section) => section.sentences)];
        for (const sentence of sentences) expect(shown).toContain(asShown(sentence.text));
        const ids = new Set(parsed.elements.map((element) => element.attributes.id).filter(Boolean));
        const citations = parsed.elements.filter((element) => element.attributes.class === 'citation');
        expect(citations.length).toBe(
          sentences.reduce((sum, sentence) => sum + sentence.citations.length, 0),
        );
        for (const citation of citations) expect(ids.has(citation.attributes.href?.slice(1))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('defuses mass mentions', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer) => {
        expect(parseHtml(renderAnswerHtml(answer)).text).not.toMatch(/@(everyone|here)\b/i);
      }),
      { numRuns: 200 },
    );
  });
});

describe('HTML helpers', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('accepts only http(s) links (safeUrl, the one rule of every surface)', () => {
    expect(safeUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl('/relative')).toBeUndefined();
    expect(safeUrl(null)).toBeUndefined();
    expect(safeUrl('https://trusted.example@evil.example/')).toBeUndefined();
    expect(safeUrl('https://example.com/@everyone')).toBe('https://example.com/%40everyone');
  });

  it('wraps a fragment in a script-free page', () => {
    const page = htmlPage('<p>hi</p>', { title: '<Amicus>' });
    expect(page).toContain('<title>&lt;Amicus&gt;</title>');
    expect(page).not.toContain('<script');
  });
});

describe('the console payload', () => {
  it('keeps the outline order, marks the follow-ups, and ends with the disclaimer', () => {
    fc.assert(
      fc.property(answerArbitrary, (answer: Answer) => {
        const outline = consoleOutline(answer);
        expect(outline.at(-1)).toEqual({ role: 'disclaimer', kind: 'disclaimer', text: answer.disclaimer });
        const followUps = outline.filter((block) => block.kind === 'follow-ups');
        expect(followUps).toEqual(
          answer.followUps.length > 0
            ? [{ role: 'follow-ups', kind: 'follow-ups', items: answer.followUps }]
            : [],
        );
        const payload = askResponse(answer, 'thread-1');
        expect(payload.threadId).toBe('thread-1');
        expect(payload.replyText.trimEnd().endsWith(testDisclaimer)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
