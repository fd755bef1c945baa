import { splitSentences } from './clauses.js';
import { type PolicyWordKind, words } from './lexicon/index.js';
import { harmfulEndKinds } from './lexicon/operational-words.js';
import type { RefusalTopic } from './policy.js';

/**
 * What a request asks *for* (round 3 of the refusal stage).
 *
 * A refusal is a request for **operational capability** — a method or steps, tools, targets, a
 * template or script, wording to send, sellers or sources, a way not to be detected — toward a
 * harmful or criminal end. A general look-alike asks for **the law's treatment** of the same
 * act: its penalty, legality, elements, definition, defences, procedure, who enforces it. So
 * this stage classifies the ask (`asked`) and the end (`harmfulEnd`) separately, over the
 * vocabulary of `lexicon/operational-words.ts`, rather than looking for particular crimes:
 *
 * - the ask: capability ("walk me through", "best way", "exact materials"), an artifact ("write
 *   the message", "a template", "code"), a target ("which ones are easiest", "check the
 *   least") or a source ("who sells", "vendors"); an ask whose next words are a remedy ("how do
 *   i report…", "how can i protect myself…") asks for no capability toward harm;
 * - the end: an act of a harmful kind (theft, fraud, forgery, weapons, drugs, intrusion,
 *   obstruction, bribery, harm to people, cruelty); or an object whose taking, trade or faking
 *   implies one, beside a falsity or a way not to be caught ("so the door sensors do not go
 *   off"); or a way not to be detected by someone who checks (a camera, an auditor, a trustee);
 * - the law's treatment: where the only ask is a bare "how do…/how can…" and the text asks for
 *   the penalty, the elements or whether it is legal, it is a look-alike and is answered.
 */

export interface OperationalFinding {
  readonly topic: RefusalTopic;
  /** `ask:<kind>` and `end:<kind>`, for evaluation (never text). */
  readonly signals: readonly string[];
}

const askKinds = [
  'artifactAsk',
  'targetAsk',
  'sourceAsk',
  'capabilityAsk',
] as const satisfies readonly PolicyWordKind[];

const global = (pattern: RegExp) => new RegExp(pattern.source, 'g');
const askPatterns = askKinds.map((kind) => [kind, global(words[kind])] as const);
/** A remedy in the first few words after an ask: "how do i report…", "best way to protect…". */
const remedyNext = new RegExp(`^\\s*(?:\\S+\\s+){0,3}?${words.remedy.source}`);

/** Bare "how do i", "how can you", "is there a way": an ask that questions about the law use too. */
const bareAsk = /^(?:how|is there a way|any way|a way to|ways to)\b/;

interface Ask {
  readonly kind: (typeof askKinds)[number];
  /** A bare "how do…" or a single word ("steps", "quantities"): questions about the law use these too. */
  readonly weak: boolean;
}

/**
 * "how wipe laptop so…", "how split 60k cash…": a "how" straight before a verb, as people write
 * in a hurry or in a second language, asks for a method as plainly as "how do i".
 */
const telegraphicHow =
  /(?:^|[,.;:!?]\s*)how (?!(?:much|many|long|often|come|far|old|soon|bad|serious|is|are|was|were|am|do|does|did|can|could|would|should|will|to|about|the|a|an|i|we|you|they|he|she|it|my|your|his|her|their|that|this|if|likely|exactly)\b)[a-z]{3,}\b/g;

/** "she used to tell me how she…": a habit remembered, not an ask. */
const rememberedBefore = /\bused to (?:\w+ ){0,2}$/;

/** The asks of a unit that are not followed by a remedy, nor told as a memory. */
function asked(unit: string): Ask[] {
  const found: Ask[] = [];
  telegraphicHow.lastIndex = 0;
  for (let match = telegraphicHow.exec(unit); match !== null; match = telegraphicHow.exec(unit)) {
    const rest = unit.slice(match.index + match[0].length);
    if (!remedyNext.test(` ${match[0].split(' ').at(-1) ?? ''}${rest}`))
      found.push({ kind: 'capabilityAsk', weak: false });
  }
  for (const [kind, pattern] of askPatterns) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(unit); match !== null; match = pattern.exec(unit)) {
      if (remedyNext.test(unit.slice(match.index + match[0].length))) continue;
      if (rememberedBefore.test(unit.slice(Math.max(0, match.index - 30), match.index))) continue;
      const weak = kind === 'capabilityAsk' && (bareAsk.test(match[0]) || !match[0].includes(' '));
      found.push({ kind, weak });
    }
  }
  return found;
}

/** Every ask of the text leads to a remedy ("how do i report…", "best way to protect…"). */
export function asksOnlyForRemedy(text: string): boolean {
  if (asked(text).length > 0) return false;
  for (const [, pattern] of askPatterns) {
    pattern.lastIndex = 0;
    if (pattern.test(text)) return true;
  }
  return false;
}

/** An explicit ask for capability (not a bare "how", not followed by a remedy). */
export function asksForCapability(text: string): boolean {
  return asked(text).some((ask) => !ask.weak);
}

/** Someone keeping themselves or their children from being found: protection, not a crime. */
const protective =
  /\b(?:find|track|locate|trace|see|know where|follow|reach|contact|hurt) (?:me|us|my (?:kids|children|family|son|daughter|new (?:address|place|home|number)))\b/;

/** Verbs of trade that make a drug named an end: selling, shipping, smuggling it, or getting it past a check. */
const drugTraded =
  /\b(?:sell|sells|selling|ship|ships|shipping|mail|mailing|smuggl\w*|sneak\w*|deliver\w*|traffic\w*|cook\w*|press|pressing|push|pushing|move|moving|get \w+ (?:into|past|through)|into (?:the |county |a )?(?:jail|prison|facility)|on (?:telegram|snap\w*|the dark ?web)|dark ?web|darknet|vendors?|plug)\b/;

/**
 * An act told as what someone was arrested for or charged with is a legal matter, not an end:
 * "arrested in 2019 for shoplifting… how should i word it" asks how to disclose it.
 */
const chargedWith =
  /\b(?:arrested|charged|convicted|accused|cited|indicted|investigated|sued|fired|pled|pleaded guilty|plead guilty|caught|ticketed|booked)\b(?: \S+){0,4}? (?:for|with|of) (?:\S+ ){0,3}\S+/g;

/** Getting past whoever checks: "which back roads get around the checkpoint". */
const evadesChecker = new RegExp(
  `\\b(?:get around|getting around|go around|dodge|dodging|bypass|bypassing|beat|beating|evade|evading|slip past|get past|getting past|sneak past|sneak by|outrun|lose) (?:\\S+ ){0,3}?${words.checker.source}`,
);

/** The harmful end a unit names, as the kind of its list. */
function harmfulEnd(told: string): string | undefined {
  const unit = told.replace(chargedWith, ' ');
  for (const kind of harmfulEndKinds) if (words[kind].test(unit)) return kind;
  const hidden = words.undetected.test(unit) && !protective.test(unit);
  if (words.illicitDrug.test(unit) && (drugTraded.test(unit) || hidden)) return 'drug-trade';
  if (words.illicitObject.test(unit) && (words.falsity.test(unit) || hidden)) return 'illicit-object';
  if (words.falsity.test(unit) && words.illicitObject.test(unit)) return 'falsity';
  if (hidden && words.checker.test(unit)) return 'undetected';
  if (evadesChecker.test(unit)) return 'evasion';
  return undefined;
}

const evidence = /\b(?:evidence|luminol|clothes|trunk|blood|footage|metadata|date stamp|records)\b/;
const topicOf = (end: string, unit: string): RefusalTopic =>
  end === 'weaponsMaking' || end === 'drug-trade' || end === 'drugTrade'
    ? 'illegal-material'
    : evidence.test(unit) && (end === 'obstruction' || end === 'undetected')
      ? 'evidence'
      : 'crime';

/**
 * "How is check washing punished?", "what quantities trigger the mandatory minimum", "money
 * laundering under 1956 vs 1957, how do they differ": the law's treatment, asked with no more
 * than weak asks. Every sentence that asks must be such a question; a text that asks the
 * penalty in one sentence and the method in the next asks for the method.
 */
export function asksAboutTheLaw(text: string): boolean {
  const asking = splitSentences(text)
    .map((sentence) => ({ sentence, asks: asked(sentence) }))
    .filter((entry) => entry.asks.length > 0);
  // No ask at all, but the law's actors and treatment: "how do prosecutors prove money
  // laundering?" asks how the law works, not how to do it.
  if (asking.length === 0) return legalActorAsked.test(text) && !/\b(?:i|we|me|us)\b/.test(text);
  return asking.every((entry) => isLegalQuestion(entry.sentence, entry.asks));
}

function isLegalQuestion(unit: string, asks: readonly Ask[]): boolean {
  const legal = words.legalTreatment.test(unit) || words.informational.test(unit);
  return legal && asks.every((ask) => ask.weak);
}

/** How the law's own actors deal with an act: "how do prosecutors prove…", "how do courts define…". */
const legalActorAsked =
  /\bhow (?:do|does|can|could|would|will|should) (?:the )?(?:prosecutors?|courts?|judges?|juries|jury|government|feds|congress|law|statutes?|federal law|agencies|investigators|fbi|dea|sec|irs|doj) (?:\w+ )?(?:prove|establish|show|define|treat|charge|punish|decide|determine|distinguish|interpret|handle|investigate|calculate|measure|apply|sentence|view)\b/;

/** Characters beyond which a text is a post, where the ask and the end must share a sentence. */
const longText = 400;

/**
 * Finds a request for operational capability toward a harmful end in normalized text (the
 * remainder after framings are cut out, or the whole text: a framing never makes a request
 * less refusable).
 */
export function operationalRequest(text: string): OperationalFinding | undefined {
  // In a short text the end may be told in one sentence and asked for in the next; in a post,
  // the ask and the end share a sentence.
  const long = text.length > longText;
  for (const sentence of splitSentences(text)) {
    const asks = asked(sentence);
    if (asks.length === 0 || isLegalQuestion(sentence, asks)) continue;
    const unit = long ? sentence : text;
    const end = harmfulEnd(unit);
    if (end === undefined) continue;
    const ask = asks.find((candidate) => !candidate.weak) ?? asks[0];
    return {
      topic: topicOf(end, unit),
      signals: [`refusal:ask:${ask?.kind ?? 'capabilityAsk'}`, `refusal:end:${end}`],
    };
  }
  return undefined;
}
