/**
 * The structured form every loader produces. Loaders differ in how they find structure
 * (markdown headings, HTML h1–h6, PDF text runs), but the splitter and the citation labeller
 * only ever see this.
 */
export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'jsonl';

export interface HeadingBlock {
  readonly kind: 'heading';
  /** 1 for the outermost heading. Markdown `#` is 1, `######` is 6, deeper levels are allowed. */
  readonly level: number;
  readonly text: string;
}

export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly text: string;
}

export type DocumentBlock = HeadingBlock | ParagraphBlock;

export interface ParsedDocument {
  readonly format: DocumentFormat;
  /** A title found in the document itself (HTML <title>, PDF metadata, first heading), if any. */
  readonly title: string | undefined;
  /** Raw front matter fields; validated later against the document metadata schema. */
  readonly frontMatter: Readonly<Record<string, unknown>>;
  readonly blocks: readonly DocumentBlock[];
}
