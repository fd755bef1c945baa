import type { AnswerSection, AnswerSource, CitedSentence } from './answer.js';

export interface NumberedParts {
  readonly summary: CitedSentence[];
  readonly sections: AnswerSection[];
  readonly sources: AnswerSource[];
}

/**
 * Renumbers sources by first citation in the sentences kept, and drops any source no kept
 * sentence cites: after sentences are cut (for length, for focus, by the verifier) "every
 * listed source is cited" and "numbered by first citation" still hold.
 */
export function renumberByFirstCitation(
  summary: readonly CitedSentence[],
  sections: readonly AnswerSection[],
  listed: readonly AnswerSource[],
): NumberedParts {
  const order: number[] = [];
  for (const sentence of [...summary, ...sections.flatMap((section) => section.sentences)])
    for (const n of sentence.citations) if (!order.includes(n)) order.push(n);
  const newNumber = new Map(order.map((n, index) => [n, index + 1]));
  const byNumber = new Map(listed.map((source) => [source.n, source]));
  const renumbered = (sentence: CitedSentence): CitedSentence => ({
    text: sentence.text,
    citations: sentence.citations.map((n) => newNumber.get(n)!),
  });
  return {
    summary: summary.map(renumbered),
    sections: sections.map((section) => ({
      heading: section.heading,
      sentences: section.sentences.map(renumbered),
    })),
    sources: order.map((n, index) => ({ ...byNumber.get(n)!, n: index + 1 })),
  };
}
