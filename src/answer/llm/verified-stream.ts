import type { StoredPassage } from '../../store/passage-rows.js';
import type { CollectionSummary } from '../../store/passage-store.js';
import type { AnswerSource, CitedSentence } from '../answer.js';
import type { CompositionProgress, StreamedSentence } from '../composer.js';
import { SourceRegistry } from '../source-registry.js';
import type { DraftStreamEvent } from './draft-stream.js';
import type { DraftSentence } from './llm-output.js';
import { checkDraftSentence, cleanHeading, defaultSupportThreshold } from './verifier.js';

export interface VerifiedStreamOptions {
  readonly collections: ReadonlyMap<string, CollectionSummary>;
  readonly supportThreshold?: number;
  /** The sections the answer stays on (see `focusAnswer`), and the section of a source. */
  readonly onTopicSections: ReadonlySet<string>;
  readonly sectionOf: (source: AnswerSource) => string;
  readonly progress: CompositionProgress;
}

/** The limits `verifyAnswer` and `focusAnswer` hold the answer to. */
const limits = { summarySentences: 4, summaryWords: 60, sections: 3, sources: 5 } as const;

interface OpenSection {
  readonly index: number;
  heading: string | undefined;
  /** Verified, waiting for the section to prove on topic (or for its heading). */
  pending: CitedSentence[];
  accepted: boolean;
  emitted: number;
}

function words(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

/**
 * The verifier and the answer's focus rules, one sentence at a time, for a draft that streams:
 * a sentence is told to `progress` only once it has passed the verifier and the rules that
 * decide whether the answer keeps it (`verifyAnswer`'s summary limit, then `focusAnswer`'s
 * summary length, three on-topic sections and five sources), with the number its citations get
 * in the answer. A dropped sentence is never told. A section's sentences wait until one of them
 * cites a provision on point. Should the draft put a section before the end of its summary, the
 * stream stops telling: the order could no longer match the answer's.
 */
export class VerifiedSentenceStream {
  private readonly registry: SourceRegistry;
  private readonly threshold: number;
  private summarySeen = 0;
  private summaryWords = 0;
  private summaryCounted = 0;
  private summaryClosed = false;
  private stopped = false;
  private readonly allowed = new Set<number>();
  private readonly displayNumbers = new Map<number, number>();
  private sectionsKept = 0;
  private sectionsShown = 0;
  private section: OpenSection | undefined;
  private told = 0;

  constructor(
    private readonly passagesByNumber: ReadonlyMap<number, StoredPassage>,
    private readonly options: VerifiedStreamOptions,
  ) {
    this.registry = new SourceRegistry(options.collections);
    this.threshold = options.supportThreshold ?? defaultSupportThreshold;
  }

  /** Sentences told so far. */
  get toldSentences(): number {
    return this.told;
  }

  handle(event: DraftStreamEvent): void {
    if (this.stopped) return;
    switch (event.kind) {
      case 'summary-sentence':
        if (this.summaryClosed) this.stopped = true;
        else this.summarySentence(event.sentence);
        return;
      case 'summary-end':
        this.summaryClosed = true;
        return;
      case 'section-heading':
        if (!this.summaryClosed) this.stopped = true;
        else this.open(event.section).heading = cleanHeading(event.heading);
        this.flush();
        return;
      case 'section-sentence':
        if (!this.summaryClosed) this.stopped = true;
        else this.sectionSentence(event.section, event.sentence);
        return;
      case 'section-end':
        if (this.section?.index === event.section) {
          this.section.heading ??= 'Details';
          this.flush();
          this.section = undefined;
        }
        return;
      default:
    }
  }

  private verify(sentence: DraftSentence): CitedSentence | undefined {
    const checked = checkDraftSentence(sentence, this.passagesByNumber, this.threshold);
    return checked.kind === 'kept' ? this.registry.cite(checked.text, checked.passages) : undefined;
  }

  private summarySentence(draft: DraftSentence): void {
    const sentence = this.verify(draft);
    if (sentence === undefined) return;
    this.summarySeen += 1;
    if (this.summarySeen > limits.summarySentences) return;
    const length = words(sentence.text);
    if (this.summaryCounted > 0 && this.summaryWords + length > limits.summaryWords) return;
    this.summaryCounted += 1;
    this.summaryWords += length;
    this.tell('summary', sentence, undefined);
  }

  private open(index: number): OpenSection {
    if (this.section?.index !== index) {
      this.section = { index, heading: undefined, pending: [], accepted: false, emitted: 0 };
    }
    return this.section;
  }

  private sectionSentence(index: number, draft: DraftSentence): void {
    const section = this.open(index);
    const sentence = this.verify(draft);
    if (sentence === undefined) return;
    if (!section.accepted) {
      if (this.sectionsKept >= limits.sections) return;
      if (this.onTopic(sentence)) {
        section.accepted = true;
        this.sectionsKept += 1;
      }
    }
    section.pending.push(sentence);
    this.flush();
  }

  private onTopic(sentence: CitedSentence): boolean {
    const sources = new Map(this.registry.list().map((source) => [source.n, source]));
    return sentence.citations.some((n) => {
      const source = sources.get(n);
      return source !== undefined && this.options.onTopicSections.has(this.options.sectionOf(source));
    });
  }

  /** Tells an accepted section's waiting sentences once its heading is known. */
  private flush(): void {
    const section = this.section;
    if (!section?.accepted || section.heading === undefined) return;
    for (const sentence of section.pending.splice(0)) {
      const first = section.emitted === 0;
      if (
        this.tell(
          'section',
          sentence,
          first ? { number: this.sectionsShown + 1, heading: section.heading } : undefined,
        )
      ) {
        if (first) this.sectionsShown += 1;
        section.emitted += 1;
      }
    }
  }

  /** The sources rule (the first five provisions cited), the answer's numbering, then `progress`. */
  private tell(
    part: StreamedSentence['part'],
    sentence: CitedSentence,
    section: StreamedSentence['section'],
  ): boolean {
    for (const n of sentence.citations) if (this.allowed.size < limits.sources) this.allowed.add(n);
    const citations = sentence.citations.filter((n) => this.allowed.has(n));
    if (citations.length === 0) return false;
    const sources = new Map(this.registry.list().map((source) => [source.n, source]));
    for (const n of citations)
      if (!this.displayNumbers.has(n)) this.displayNumbers.set(n, this.displayNumbers.size + 1);
    this.told += 1;
    this.options.progress.sentence({
      part,
      ...(section === undefined ? {} : { section }),
      text: sentence.text,
      citations: citations.map((n) => {
        const source = sources.get(n);
        return { n: this.displayNumbers.get(n)!, label: source?.label ?? '', url: source?.url ?? undefined };
      }),
    });
    return true;
  }
}
