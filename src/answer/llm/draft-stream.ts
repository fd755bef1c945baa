import { type DraftSentence, draftSentenceSchema } from './llm-output.js';

/** What a streamed draft has completed so far, in the order the model wrote it. */
export type DraftStreamEvent =
  | { readonly kind: 'summary-sentence'; readonly sentence: DraftSentence }
  | { readonly kind: 'summary-end' }
  | { readonly kind: 'section-heading'; readonly section: number; readonly heading: string }
  | { readonly kind: 'section-sentence'; readonly section: number; readonly sentence: DraftSentence }
  | { readonly kind: 'section-end'; readonly section: number };

type PathPart = string | number;

interface Frame {
  readonly kind: 'object' | 'array';
  readonly start: number;
  readonly path: readonly PathPart[];
  /** Objects: the key of the value being read; arrays: the index. */
  key: PathPart | undefined;
  expectingKey: boolean;
}

/**
 * Reads the model's JSON draft while it streams and reports each part the moment its closing
 * bracket or quote arrives: a summary sentence, a section's heading, a section sentence. It scans
 * each character once (strings with their escapes, nesting), so a growing reply costs no more
 * than a complete one. Text before the first `{` (a code fence, a preamble) is skipped; anything
 * after the closing `}` is ignored. A part that does not parse is left out: the complete reply
 * is parsed and verified again when it ends, and that is what the answer is built from.
 */
export class DraftStreamReader {
  private text = '';
  private position = 0;
  private readonly stack: Frame[] = [];
  private started = false;
  private finished = false;
  private inString = false;
  private escaped = false;
  private stringStart = 0;

  /** Feeds the reply so far (each snapshot extends the last); returns the parts it completed. */
  read(snapshot: string): DraftStreamEvent[] {
    if (!snapshot.startsWith(this.text)) return [];
    this.text = snapshot;
    const events: DraftStreamEvent[] = [];
    while (this.position < this.text.length && !this.finished) {
      this.step(this.text.charAt(this.position), events);
      this.position += 1;
    }
    return events;
  }

  private step(character: string, events: DraftStreamEvent[]): void {
    if (!this.started) {
      if (character !== '{') return;
      this.started = true;
    }
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (character === '\\') this.escaped = true;
      else if (character === '"') {
        this.inString = false;
        this.stringEnded(events);
      }
      return;
    }
    const top = this.stack.at(-1);
    switch (character) {
      case '"':
        this.inString = true;
        this.stringStart = this.position;
        return;
      case '{':
      case '[':
        this.stack.push({
          kind: character === '{' ? 'object' : 'array',
          start: this.position,
          path: top === undefined ? [] : [...top.path, top.key ?? ''],
          key: character === '{' ? undefined : 0,
          expectingKey: character === '{',
        });
        return;
      case '}':
      case ']': {
        const frame = this.stack.pop();
        if (frame === undefined) return;
        if (this.stack.length === 0) this.finished = true;
        this.valueEnded(frame.path, frame.start, events);
        return;
      }
      case ':':
        if (top?.kind === 'object') top.expectingKey = false;
        return;
      case ',':
        if (top?.kind === 'object') top.expectingKey = true;
        else if (top?.kind === 'array') top.key = (top.key as number) + 1;
        return;
      default:
    }
  }

  private stringEnded(events: DraftStreamEvent[]): void {
    const top = this.stack.at(-1);
    if (top === undefined) return;
    if (top.kind === 'object' && top.expectingKey) {
      top.key = this.parse(this.stringStart) as string;
      return;
    }
    this.valueEnded([...top.path, top.key ?? ''], this.stringStart, events);
  }

  /** A value at `path` (summary.3, sections.1.heading, …) ended at the current position. */
  private valueEnded(path: readonly PathPart[], start: number, events: DraftStreamEvent[]): void {
    const [part, index, field, sentenceIndex] = path;
    if (part === 'summary' && path.length === 1) events.push({ kind: 'summary-end' });
    if (part === 'summary' && path.length === 2) {
      const sentence = this.sentence(start);
      if (sentence) events.push({ kind: 'summary-sentence', sentence });
    }
    if (part !== 'sections' || typeof index !== 'number') return;
    if (path.length === 2) events.push({ kind: 'section-end', section: index });
    if (path.length === 3 && field === 'heading') {
      const heading = this.parse(start);
      if (typeof heading === 'string') events.push({ kind: 'section-heading', section: index, heading });
    }
    if (path.length === 4 && field === 'sentences' && typeof sentenceIndex === 'number') {
      const sentence = this.sentence(start);
      if (sentence) events.push({ kind: 'section-sentence', section: index, sentence });
    }
  }

  private sentence(start: number): DraftSentence | undefined {
    const parsed = draftSentenceSchema.safeParse(this.parse(start));
    return parsed.success ? parsed.data : undefined;
  }

  private parse(start: number): unknown {
    try {
      return JSON.parse(this.text.slice(start, this.position + 1));
    } catch {
      return undefined;
    }
  }
}
