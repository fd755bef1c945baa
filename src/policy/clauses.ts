/**
 * Stage 3 of the policy pipeline: the remainder is cut into sentences, and sentences into
 * clauses, so that a signal and its context must sit close together ("my ex" and "tonight" in
 * one clause, not one at each end of a long post).
 */
export function splitSentences(text: string): string[] {
  const pieces = text.split(/(?<=[.?!;])\s+|\n+|\s+-\s+/);
  const sentences: string[] = [];
  for (const piece of pieces) {
    const previous = sentences.at(-1);
    // "18 U.S.C. 2252", "Fed. R. Civ. P. 12": a period after an abbreviation ends no sentence.
    if (previous !== undefined && (abbreviationAtEnd.test(previous) || /^[\d§(]/.test(piece))) {
      sentences[sentences.length - 1] = `${previous} ${piece}`;
    } else {
      sentences.push(piece);
    }
  }
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => /[a-z]/i.test(sentence));
}

const abbreviationAtEnd =
  /(?:^|[\s(])(?:(?:[a-z]\.)+|fed\.|civ\.|crim\.|evid\.|app\.|no\.|v\.|vs\.|st\.|sec\.|e\.g\.|i\.e\.|mr\.|ms\.|dr\.)$/i;

/** A sentence cut at commas and at the conjunctions that join independent clauses. */
export function splitClauses(sentence: string): string[] {
  return sentence
    .split(/,\s+|\s+(?:but|and then|so|because|anyway|also)\s+/)
    .map((clause) => clause.trim())
    .filter((clause) => /[a-z]/.test(clause));
}

/** Whether a sentence asks something (a question mark, or a question word leading it). */
export function isQuestion(sentence: string): boolean {
  return (
    /\?\s*$/.test(sentence) ||
    /^(?:what|how|when|where|who|which|why|is|are|can|could|does|do|did|will|would|should|may|must|explain|tell me|define|list)\b/.test(
      sentence,
    )
  );
}
