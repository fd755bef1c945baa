import type { AnswerSection, AnswerSource, CitedSentence } from '../answer.js';
import { type NumberedParts, renumberByFirstCitation } from '../citation-numbers.js';

export interface FocusLimits {
  /** Words of the executive summary; its first sentence is always kept. Default 60. */
  readonly summaryWords?: number;
  /** Numbered sections kept. Default 3. */
  readonly maxSections?: number;
  /** Distinct provisions cited. Default 5. */
  readonly maxSources?: number;
}

export interface FocusResult extends NumberedParts {
  /** Sentences left out for length, for the source limit or as off topic. */
  readonly removedSentences: number;
}

function words(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

/**
 * Holds a verified LLM answer to the rules the extractive answer keeps (GUIDE §1): a summary
 * of about 60 words, one to three sections, at most five provisions, nothing off topic. A
 * section is off topic when none of its sentences cites a provision the extractive composer
 * judged on point or one of the sections retrieval ranked first; the model saw more passages
 * than answer the question, and a well-cited sentence about another provision is still beside
 * the point.
 */
export function focusAnswer(
  verified: NumberedParts,
  onTopicSections: ReadonlySet<string>,
  sectionOf: (source: AnswerSource) => string,
  limits: FocusLimits = {},
): FocusResult {
  const summaryWords = limits.summaryWords ?? 60;
  const maxSections = limits.maxSections ?? 3;
  const maxSources = limits.maxSources ?? 5;
  let removed = 0;
  const byNumber = new Map(verified.sources.map((source) => [source.n, source]));
  const onTopic = (sentence: CitedSentence) =>
    sentence.citations.some((n) => {
      const source = byNumber.get(n);
      return source !== undefined && onTopicSections.has(sectionOf(source));
    });

  const summary: CitedSentence[] = [];
  let used = 0;
  for (const sentence of verified.summary) {
    const length = words(sentence.text);
    if (summary.length > 0 && used + length > summaryWords) {
      removed += 1;
      continue;
    }
    summary.push(sentence);
    used += length;
  }
  const sections: AnswerSection[] = [];
  for (const section of verified.sections) {
    if (sections.length >= maxSections || !section.sentences.some(onTopic)) {
      removed += section.sentences.length;
      continue;
    }
    sections.push(section);
  }
  // Sources in order of first citation; a sentence keeps only citations of the first five, and
  // a sentence left with none goes.
  const allowed = new Set<number>();
  for (const sentence of [...summary, ...sections.flatMap((section) => section.sentences)])
    for (const n of sentence.citations) if (allowed.size < maxSources || allowed.has(n)) allowed.add(n);
  const keep = (sentence: CitedSentence): CitedSentence | undefined => {
    const citations = sentence.citations.filter((n) => allowed.has(n));
    if (citations.length === 0) {
      removed += 1;
      return undefined;
    }
    return { text: sentence.text, citations };
  };
  const keptSummary = summary.map(keep).filter((sentence) => sentence !== undefined);
  const keptSections = sections
    .map((section) => ({
      heading: section.heading,
      sentences: section.sentences.map(keep).filter((sentence) => sentence !== undefined),
    }))
    .filter((section) => section.sentences.length > 0);
  return {
    ...renumberByFirstCitation(keptSummary, keptSections, verified.sources),
    removedSentences: removed,
  };
}
