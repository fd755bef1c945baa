import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../src/corpus/loaders/html.js';

const heading = (level: number, text: string) => ({ kind: 'heading', level, text });
const paragraph = (text: string) => ({ kind: 'paragraph', text });

/** A saved legal-aid guide: a site banner and menu, the guide itself, a sidebar and a footer. */
const savedGuide = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Evictions &amp; Notices | Example Legal Aid</title>
  <style>p { color: red; }</style>
  <script>window.analytics = "track every paragraph";</script>
</head>
<body>
  <header class="site-header"><a href="/">Example Legal Aid</a><h1>Site logo heading</h1></header>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/housing">Housing</a></li></ul></nav>
  <div role="navigation">Breadcrumbs: Home › Housing</div>
  <main>
    <article>
      <header><h1>Evictions &amp; Notices</h1><p class="byline">Reviewed March&nbsp;2024</p></header>
      <p>Your landlord must give you a <strong>written</strong> notice
         before filing an eviction case.</p>
      <div hidden>Hidden print-only note</div>
      <p aria-hidden="true">Decorative text</p>
      <p style="display: none">Collapsed text</p>
      <h2>How much notice?</h2>
      <table>
        <tr><th>Reason</th><th>Notice</th></tr>
        <tr><td>Unpaid rent</td><td>14&nbsp;days</td></tr>
      </table>
      <ul>
        <li>Keep a copy of the notice.</li>
        <li>Write down the date you got it.<ul><li>Nested item.</li></ul></li>
      </ul>
      <h3>Quotes &lt;and&gt; entities</h3>
      <blockquote>&ldquo;No one may be evicted without a court order.&rdquo; &mdash; &#167; 12</blockquote>
      <form><label>Was this helpful?</label><button>Yes</button></form>
      <noscript>Enable JavaScript</noscript>
      <template><p>Template text</p></template>
      <svg><title>icon</title><text>svg text</text></svg>
      <div>Loose text in a div<p>then a paragraph</p>and more loose text</div>
      <footer>Tags: housing</footer>
    </article>
  </main>
  <aside>Related: Deposits</aside>
  <footer>© Example Legal Aid</footer>
  <div role="contentinfo">Contact us</div>
</body>
</html>`;

describe('parseHtml', () => {
  it('reads a saved guide: headings with levels, paragraphs, rows and items, chrome dropped', () => {
    const document = parseHtml(savedGuide);
    expect(document.format).toBe('html');
    expect(document.title).toBe('Evictions & Notices | Example Legal Aid');
    expect(document.blocks).toEqual([
      // The article's own header is content; the site header is not.
      heading(1, 'Evictions & Notices'),
      paragraph('Reviewed March 2024'),
      paragraph('Your landlord must give you a written notice before filing an eviction case.'),
      heading(2, 'How much notice?'),
      paragraph('Reason | Notice'),
      paragraph('Unpaid rent | 14 days'),
      paragraph('Keep a copy of the notice.'),
      paragraph('Write down the date you got it.'),
      paragraph('Nested item.'),
      heading(3, 'Quotes <and> entities'),
      paragraph('“No one may be evicted without a court order.” — § 12'),
      paragraph('Loose text in a div'),
      paragraph('then a paragraph'),
      paragraph('and more loose text'),
    ]);
  });

  it('never lets scripts, styles, navigation, hidden or chrome text through', () => {
    const allText = parseHtml(savedGuide)
      .blocks.map((block) => block.text)
      .join('\n');
    for (const unwanted of [
      'analytics',
      'color: red',
      'Site logo heading',
      'Home',
      'Breadcrumbs',
      'Hidden print-only note',
      'Decorative text',
      'Collapsed text',
      'helpful',
      'Enable JavaScript',
      'Template text',
      'svg text',
      'Tags: housing',
      'Related',
      '©',
      'Contact us',
    ]) {
      expect(allText).not.toContain(unwanted);
    }
  });

  it('prefers <article> content when there is no <main>', () => {
    const html =
      '<body><div class="menu"><p>Menu text</p></div><article><h2>Deposits</h2><p>Body.</p></article></body>';
    expect(parseHtml(html).blocks).toEqual([heading(2, 'Deposits'), paragraph('Body.')]);
  });

  it('prefers role="main" like <main>', () => {
    const html = '<body><p>Outside</p><div role="main"><p>Inside</p></div></body>';
    expect(parseHtml(html).blocks).toEqual([paragraph('Inside')]);
  });

  it('reads the whole body of a page with no main or article, still without chrome', () => {
    const html =
      '<body><header>Banner</header><h1>Small claims</h1><div>Intro <em>text</em><br>next line</div></body>';
    expect(parseHtml(html).blocks).toEqual([heading(1, 'Small claims'), paragraph('Intro text next line')]);
  });

  it('falls back to the first visible <h1> when there is no <title>', () => {
    const html = '<body><header><h1>Logo</h1></header><section><h1>Court Fees</h1><p>x</p></section></body>';
    expect(parseHtml(html).title).toBe('Court Fees');
    expect(parseHtml('<p>No headings at all</p>').title).toBeUndefined();
  });

  it('reads a <title> outside <head> as the title, not as a paragraph', () => {
    const document = parseHtml('<title>Jury Duty</title><p>You may be summoned.</p>');
    expect(document.title).toBe('Jury Duty');
    expect(document.blocks).toEqual([paragraph('You may be summoned.')]);
  });

  it('does not take an inline <svg> title for the page title', () => {
    expect(parseHtml('<body><svg><title>icon</title></svg><h1>Fee waivers</h1></body>').title).toBe(
      'Fee waivers',
    );
  });

  it('keeps text split across inline elements as one word, and definition lists as paragraphs', () => {
    const html = '<p>Evic<b>tion</b> notices</p><dl><dt>Tenant</dt><dd>A person who rents.</dd></dl>';
    expect(parseHtml(html).blocks).toEqual([
      paragraph('Eviction notices'),
      paragraph('Tenant'),
      paragraph('A person who rents.'),
    ]);
  });

  it('collapses whitespace inside <pre>, as everywhere else', () => {
    expect(parseHtml('<pre>  Line one\n\n    Line two  </pre>').blocks).toEqual([
      paragraph('Line one Line two'),
    ]);
  });

  it('returns no blocks for a page that is all chrome', () => {
    expect(parseHtml('<nav>Home</nav><script>x()</script><footer>©</footer>').blocks).toEqual([]);
  });
});
