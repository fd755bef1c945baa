/** A named cue: a pattern and how much it counts. */
export interface CueRule {
  readonly name: string;
  readonly pattern: RegExp;
  /** 2: enough on its own; 1: needs another cue in the same text. */
  readonly weight: number;
  /** Each different match counts (two farewells are two signs), up to two. */
  readonly eachMatch?: boolean;
}

/** How many different phrases of a rule a text holds (at most two), or 1/0 for other rules. */
function matches(rule: CueRule, text: string): number {
  if (!rule.eachMatch) return rule.pattern.test(text) ? 1 : 0;
  const found = new Set(text.match(new RegExp(rule.pattern.source, 'g')) ?? []);
  return Math.min(found.size, 2);
}

export interface CueScore {
  readonly weight: number;
  /** The names of the cues that fired, joined with "+". */
  readonly names: string;
}

/**
 * Cues in the sentence count fully; weak cues elsewhere in the (short) text count too, so "ive
 * kind of decided" two sentences after "not around anymore" still adds up. Two is the bar.
 */
export function scoreCues(rules: readonly CueRule[], sentence: string, text: string): CueScore | undefined {
  const inSentence = rules.filter((rule) => rule.pattern.test(sentence));
  if (!inSentence.some((rule) => rule.weight >= 1)) return undefined;
  const elsewhere = rules.filter((rule) => !inSentence.includes(rule) && rule.pattern.test(text));
  const weight =
    // A rule whose each phrase counts counts them over the (short) text: "you did what you could" in
    // one sentence and "i have made my arrangements" in the next are two signs.
    inSentence.reduce((sum, rule) => sum + rule.weight * matches(rule, rule.eachMatch ? text : sentence), 0) +
    elsewhere.reduce((sum, rule) => sum + Math.min(rule.weight, 1) * matches(rule, text), 0);
  if (weight < 2) return undefined;
  return { weight, names: [...inSentence, ...elsewhere].map((rule) => rule.name).join('+') };
}
