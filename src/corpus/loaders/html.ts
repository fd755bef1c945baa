import { ElementType, parseDocument } from 'htmlparser2';
import type { DocumentBlock, ParsedDocument } from '../document.js';

/**
 * Saved web pages (legal-aid guides, court self-help pages) → blocks. A page is mostly chrome:
 * menus, banners, cookie notices, share buttons. Passages built from chrome would be retrieved
 * for every question, so it is dropped, and when the page marks its content with `<main>` or
 * `<article>` only that content is read.
 */

// Types come from the parser's own return type, so no undeclared `domhandler` import is needed.
type HtmlDocument = ReturnType<typeof parseDocument>;
type HtmlNode = HtmlDocument['children'][number];
type HtmlElement = Extract<HtmlNode, { attribs: Record<string, string> }>;
type HtmlParent = HtmlDocument | HtmlElement;

/**
 * Never content: the head (and a stray `<title>` outside it, which `findTitle` reads instead),
 * code, styling, page chrome, controls, and embeds whose fallback text is noise.
 */
const droppedElements = new Set([
  'head',
  'title',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'nav',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'iframe',
  'object',
  'canvas',
  'video',
  'audio',
]);

/** ARIA roles that mark the same chrome (`complementary` is an aside, `search` a search form). */
const droppedRoles = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);

/** Elements that start and end a block; anything else (a, span, b, em…) is inline text. */
const blockElements = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'ul',
]);

/** Inside these a `<header>` is the content's own header (often holding the h1), not the site banner. */
const sectioningElements = new Set(['article', 'main', 'section']);

const headingTag = /^h([1-6])$/;

interface WalkState {
  readonly blocks: DocumentBlock[];
  /** Text of the paragraph being built, flushed when a block starts or ends. */
  inlineText: string[];
}

export function parseHtml(html: string): ParsedDocument {
  const document = parseDocument(html, { decodeEntities: true });
  const state: WalkState = { blocks: [], inlineText: [] };
  for (const root of contentRoots(document)) {
    walk(root.children, state, root !== document);
  }
  flushParagraph(state);
  return { format: 'html', title: findTitle(document), frontMatter: {}, blocks: state.blocks };
}

/** `<main>` (or role="main") if the page has one, else its outermost `<article>`s, else the whole page. */
function contentRoots(document: HtmlDocument): HtmlParent[] {
  const mains = findOutermost(
    document.children,
    (element) => element.name === 'main' || roleOf(element) === 'main',
  );
  if (mains.length > 0) return mains;
  const articles = findOutermost(document.children, (element) => element.name === 'article');
  if (articles.length > 0) return articles;
  return [document];
}

function walk(nodes: readonly HtmlNode[], state: WalkState, insideSectioning: boolean): void {
  for (const node of nodes) {
    if (node.type === ElementType.Text) {
      state.inlineText.push(node.data);
      continue;
    }
    if (!('attribs' in node) || isDropped(node, insideSectioning)) continue;

    const headingLevel = headingTag.exec(node.name)?.[1];
    if (headingLevel !== undefined) {
      flushParagraph(state);
      const text = visibleText(node, insideSectioning);
      if (text.length > 0) state.blocks.push({ kind: 'heading', level: Number(headingLevel), text });
    } else if (node.name === 'tr') {
      // A table row reads as one line: "Notice period | 30 days".
      flushParagraph(state);
      const cells = node.children
        .filter(isTableCell)
        .filter((cell) => !isDropped(cell, insideSectioning))
        .map((cell) => visibleText(cell, insideSectioning))
        .filter((text) => text.length > 0);
      if (cells.length > 0) state.blocks.push({ kind: 'paragraph', text: cells.join(' | ') });
    } else if (node.name === 'br') {
      state.inlineText.push(' ');
    } else if (blockElements.has(node.name)) {
      flushParagraph(state);
      walk(node.children, state, insideSectioning || sectioningElements.has(node.name));
      flushParagraph(state);
    } else {
      walk(node.children, state, insideSectioning);
    }
  }
}

function isTableCell(node: HtmlNode): node is HtmlElement {
  return 'attribs' in node && (node.name === 'td' || node.name === 'th');
}

function flushParagraph(state: WalkState): void {
  const text = collapseWhitespace(state.inlineText.join(''));
  if (text.length > 0) state.blocks.push({ kind: 'paragraph', text });
  state.inlineText = [];
}

function isDropped(element: HtmlElement, insideSectioning: boolean): boolean {
  if (droppedElements.has(element.name)) return true;
  // Only the page-level header is the site banner; see `sectioningElements`.
  if (element.name === 'header' && !insideSectioning) return true;
  const role = roleOf(element);
  if (role !== undefined && droppedRoles.has(role)) return true;
  return isHidden(element);
}

function isHidden(element: HtmlElement): boolean {
  const { attribs } = element;
  if ('hidden' in attribs) return true;
  if (attribs['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  // Inline styles are how saved pages most often hide print-only or collapsed boilerplate.
  return /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i.test(attribs.style ?? '');
}

function roleOf(element: HtmlElement): string | undefined {
  return element.attribs.role?.trim().toLowerCase();
}

/** The text a reader would see inside an element: dropped and hidden descendants excluded. */
function visibleText(element: HtmlElement, insideSectioning: boolean): string {
  const parts: string[] = [];
  const collect = (nodes: readonly HtmlNode[]): void => {
    for (const node of nodes) {
      if (node.type === ElementType.Text) parts.push(node.data);
      else if ('attribs' in node && !isDropped(node, insideSectioning)) {
        // Block boundaries inside a heading or cell still separate words.
        if (node.name === 'br' || blockElements.has(node.name)) parts.push(' ');
        collect(node.children);
      }
    }
  };
  collect(element.children);
  return collapseWhitespace(parts.join(''));
}

/** Depth-first search that skips dropped subtrees and does not look inside a match. */
function findOutermost(
  nodes: readonly HtmlNode[],
  matches: (element: HtmlElement) => boolean,
  insideSectioning = false,
): HtmlElement[] {
  const found: HtmlElement[] = [];
  for (const node of nodes) {
    if (!('attribs' in node) || isDropped(node, insideSectioning)) continue;
    if (matches(node)) {
      found.push(node);
      continue;
    }
    const childrenInsideSectioning = insideSectioning || sectioningElements.has(node.name);
    found.push(...findOutermost(node.children, matches, childrenInsideSectioning));
  }
  return found;
}

/** `<title>`, or else the first visible `<h1>` (a site logo in the page banner does not count). */
function findTitle(document: HtmlDocument): string | undefined {
  const titleElement = findFirstElement(document.children, 'title');
  const title = titleElement === undefined ? '' : visibleText(titleElement, true);
  if (title.length > 0) return title;
  const [firstHeading] = findOutermost(document.children, (element) => element.name === 'h1');
  const headingText = firstHeading === undefined ? '' : visibleText(firstHeading, true);
  return headingText.length > 0 ? headingText : undefined;
}

function findFirstElement(nodes: readonly HtmlNode[], name: string): HtmlElement | undefined {
  for (const node of nodes) {
    // An <svg> has <title>s of its own, which are tooltips, not the page's title.
    if (!('attribs' in node) || node.name === 'svg') continue;
    if (node.name === name) return node;
    const nested = findFirstElement(node.children, name);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
