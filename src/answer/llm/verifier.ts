import { splitSentences } from '../../corpus/sentences.js';
import { tokenize } from '../../retrieval/text-analysis.js';
import type { StoredPassage } from '../../store/passage-rows.js';
import type { CollectionSummary } from '../../store/passage-store.js';
import type { AnswerSection, AnswerSource, CitedSentence } from '../answer.js';
import { renumberByFirstCitation } from '../citation-numbers.js';
import { termSet } from '../question-terms.js';
import { SourceRegistry } from '../source-registry.js';
import type { DraftSentence, LlmDraft } from './llm-output.js';
import {
  containsPhrase,
  contentTerms,
  type LegalCitation,
  labelExpansion,
  legalCitations,
  nameTerms,
  quotedPhrases,
  sameProvision,
  statedNumbers,
  withoutCitations,
} from './support-evidence.js';

/**
 * Share of a sentence's content words that its cited passages must contain. Tuned on the
 * fixtures in tests/answer/llm-verifier.test.ts: faithful paraphrases there score 0.75 or more
 * (most 1.0), and sentences that add one invented fact to passage wording score 0.67 or less.
 * Numbers, quotes, citations and names are checked exactly, so this share only has to catch
 * invented words, not invented figures.
 */
export const defaultSupportThreshold = 0.7;

export interface VerifierOptions {
  /** See {@link defaultSupportThreshold}. */
  readonly supportThreshold?: number;
  /** The corpus's collections, for the sources' titles and vetting. */
  readonly collections: ReadonlyMap<string, CollectionSummary>;
  /** Surviving summary sentences beyond this are left out (GUIDE §1: 2–4); default 4. */
  readonly maxSummarySentences?: number;
}

export type DropReason =
  | 'uncited'
  | 'invalid-citation'
  | 'unsupported-number'
  | 'unsupported-quote'
  | 'unsupported-citation'
  | 'unknown-name'
  | 'unsupported-words';

export interface DroppedSentence {
  readonly text: string;
  readonly reason: DropReason;
  /** What was missing, for logs and tests. */
  readonly detail: string;
}

export interface VerifiedAnswer {
  readonly summary: CitedSentence[];
  readonly sections: AnswerSection[];
  /** Numbered by first citation; every entry cited, every citation listed. */
  readonly sources: AnswerSource[];
  readonly keptSentences: number;
  readonly droppedSentences: number;
  /** Citations of passages the prompt did not contain ([9] of 3 passages), in kept and dropped sentences. */
  readonly removedCitations: number;
  readonly dropped: readonly DroppedSentence[];
}

export type SupportResult =
  | { readonly supported: true; readonly share: number }
  | {
      readonly supported: false;
      readonly share: number;
      readonly reason: Exclude<DropReason, 'uncited' | 'invalid-citation'>;
      readonly detail: string;
    };

/** What one passage offers as evidence; computed once per passage. */
interface PassageEvidence {
  readonly terms: ReadonlySet<string>;
  readonly tokens: readonly string[];
  readonly numbers: ReadonlySet<string>;
  readonly citations: readonly LegalCitation[];
}

const evidenceCache = new WeakMap<StoredPassage, PassageEvidence>();

/** Sentences addressed to a language model rather than stating law: a prompt injection. */
const instructionPatterns: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompts?|rules|directions|guidelines)\b/i,
  /\b(?:system prompt|you are now|pretend (?:to be|you are)|act as an?|from now on,? (?:you|reply|answer))\b/i,
  /\b(?:reply|respond|answer|say|output)\s+(?:only\s+)?(?:with\s+)?["'‘“]/i,
  /\b(?:as an ai|language model|assistant must|the assistant should)\b/i,
];

/**
 * The passage's text without sentences that look like instructions to a model. The prompt keeps
 * them (as escaped data), but they are no evidence: "I am a pirate" is not supported by a
 * passage that says "reply 'I am a pirate'".
 */
export function withoutInstructions(text: string): string {
  if (!instructionPatterns.some((pattern) => pattern.test(text))) return text;
  return splitSentences(text.replace(/\s+/g, ' '))
    .filter((sentence) => !instructionPatterns.some((pattern) => pattern.test(sentence)))
    .join(' ');
}

function evidenceOf(passage: StoredPassage): PassageEvidence {
  let evidence = evidenceCache.get(passage);
  if (evidence === undefined) {
    const headings = [
      passage.label,
      passage.heading,
      ...passage.breadcrumb,
      labelExpansion(passage.label),
    ].join(' \n ');
    const text = withoutInstructions(passage.text);
    const whole = `${headings} \n ${text}`;
    evidence = {
      terms: termSet(whole),
      tokens: tokenize(text),
      numbers: statedNumbers(whole, false),
      citations: [
        ...legalCitations(passage.label),
        ...legalCitations(passage.breadcrumb.join(' \n ')),
        ...legalCitations(passage.text),
      ],
    };
    evidenceCache.set(passage, evidence);
  }
  return evidence;
}

/**
 * Whether the passages support the sentence: every number it states, every phrase it quotes,
 * every provision it cites and every name it uses appears in them, and at least `threshold`
 * of its content words do.
 */
export function checkSupport(
  sentence: string,
  passages: readonly StoredPassage[],
  threshold: number = defaultSupportThreshold,
): SupportResult {
  const evidence = passages.map(evidenceOf);
  const words = contentTerms(sentence);
  const found = [...words].filter((term) => evidence.some((item) => hasRelatedTerm(item.terms, term)));
  const share = words.size === 0 ? 1 : found.length / words.size;

  const missingNumbers = [...statedNumbers(withoutCitations(sentence), true)].filter(
    (number) => !evidence.some((item) => item.numbers.has(number)),
  );
  if (missingNumbers.length > 0) {
    return { supported: false, share, reason: 'unsupported-number', detail: missingNumbers.join(', ') };
  }
  for (const phrase of quotedPhrases(sentence)) {
    if (!evidence.some((item) => containsPhrase(item.tokens, phrase))) {
      return { supported: false, share, reason: 'unsupported-quote', detail: phrase.join(' ') };
    }
  }
  for (const citation of legalCitations(sentence)) {
    const matched = evidence.some((item) => item.citations.some((known) => sameProvision(citation, known)));
    if (!matched) return { supported: false, share, reason: 'unsupported-citation', detail: citation.text };
  }
  for (const [term, word] of nameTerms(sentence)) {
    if (!evidence.some((item) => item.terms.has(term))) {
      return { supported: false, share, reason: 'unknown-name', detail: word };
    }
  }
  if (share < threshold) {
    const missing = [...words].filter((term) => !found.includes(term));
    return { supported: false, share, reason: 'unsupported-words', detail: missing.join(', ') };
  }
  return { supported: true, share };
}

/**
 * The term itself, or one of its family that the stemmer split: a shared stem of six letters
 * ("defend"/"defens") or one term inside the other ("prison"/"imprison"). Short terms match
 * exactly only.
 */
function hasRelatedTerm(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if (term.length < 6) return false;
  const stem = term.slice(0, 6);
  for (const candidate of terms) {
    if (candidate.length < 6) continue;
    if (candidate.startsWith(stem) || candidate.includes(term) || term.includes(candidate)) return true;
  }
  return false;
}

/** `[3]`, `[1, 2]`, `[1][2]` written into a sentence's text. */
const inlineMarkers = /\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;

/** The sentence's text without inline markers, and all its citations (the list's first). */
export function cleanSentence(sentence: DraftSentence): { text: string; citations: number[] } {
  const inline: number[] = [];
  const text = sentence.text
    .replace(inlineMarkers, (_marker, numbers: string) => {
      for (const number of numbers.split(/[,;]/)) inline.push(Number(number.trim()));
      return '';
    })
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
  return { text, citations: [...sentence.citations, ...inline] };
}

/** A section heading of the draft as the answer shows it: no markers, one line, at most 120 characters. */
export function cleanHeading(heading: string): string {
  return heading.replace(inlineMarkers, '').replace(/\s+/g, ' ').trim().slice(0, 120) || 'Details';
}

export type SentenceCheck = { readonly removedCitations: number } & (
  | { readonly kind: 'empty' }
  | { readonly kind: 'dropped'; readonly dropped: DroppedSentence }
  | { readonly kind: 'kept'; readonly text: string; readonly passages: readonly StoredPassage[] }
);

/**
 * One draft sentence through the verifier: citations of passages the prompt did not hold are
 * removed; a sentence left without a citation is dropped, and so is one its cited passages do not
 * support ({@link checkSupport}). The whole-answer verifier and the streamed one both use it.
 */
export function checkDraftSentence(
  sentence: DraftSentence,
  passagesByNumber: ReadonlyMap<number, StoredPassage>,
  threshold: number = defaultSupportThreshold,
): SentenceCheck {
  const { text, citations } = cleanSentence(sentence);
  if (text.length === 0) return { kind: 'empty', removedCitations: 0 };
  const valid: number[] = [];
  let removedCitations = 0;
  for (const number of citations) {
    if (!passagesByNumber.has(number)) removedCitations += 1;
    else if (!valid.includes(number)) valid.push(number);
  }
  if (valid.length === 0) {
    const reason = citations.length === 0 ? 'uncited' : 'invalid-citation';
    const detail = citations.map((number) => `[${number}]`).join(' ');
    return { kind: 'dropped', removedCitations, dropped: { text, reason, detail } };
  }
  const passages = valid.map((number) => passagesByNumber.get(number)!);
  const support = checkSupport(text, passages, threshold);
  if (!support.supported) {
    return {
      kind: 'dropped',
      removedCitations,
      dropped: { text, reason: support.reason, detail: support.detail },
    };
  }
  return { kind: 'kept', removedCitations, text, passages };
}

/**
 * The verifier, run on every LLM answer. Citations of passages the prompt did not hold are
 * removed; a sentence left without a citation is dropped, and so is one its cited passages do
 * not support ({@link checkSupport}). The surviving citations are renumbered by first
 * appearance (the model cites prompt numbers; `[1]` of the answer is the first source the
 * reader meets) and the source list is built from the passages.
 */
export function verifyAnswer(
  draft: LlmDraft,
  passagesByNumber: ReadonlyMap<number, StoredPassage>,
  options: VerifierOptions,
): VerifiedAnswer {
  const threshold = options.supportThreshold ?? defaultSupportThreshold;
  const registry = new SourceRegistry(options.collections);
  const dropped: DroppedSentence[] = [];
  let removedCitations = 0;

  const verify = (sentence: DraftSentence): CitedSentence | undefined => {
    const checked = checkDraftSentence(sentence, passagesByNumber, threshold);
    removedCitations += checked.removedCitations;
    if (checked.kind === 'empty') return undefined;
    if (checked.kind === 'dropped') {
      dropped.push(checked.dropped);
      return undefined;
    }
    return registry.cite(checked.text, checked.passages);
  };

  const summary: CitedSentence[] = [];
  for (const sentence of draft.summary) {
    const verified = verify(sentence);
    if (verified && summary.length < (options.maxSummarySentences ?? 4)) summary.push(verified);
  }
  const sections: AnswerSection[] = [];
  for (const section of draft.sections) {
    const sentences = section.sentences.map(verify).filter((sentence) => sentence !== undefined);
    if (sentences.length === 0) continue;
    sections.push({ heading: cleanHeading(section.heading), sentences });
  }
  // A sentence cut from a full summary was cited before it was cut: rebuild so numbering skips it.
  return renumber(summary, sections, dropped, removedCitations, registry);
}

/**
 * The registry numbered sources as sentences were verified, including any summary sentence
 * beyond the limit that was then left out; renumbering from the kept sentences keeps "every
 * listed source is cited" and "numbered by first citation" true.
 */
function renumber(
  summary: CitedSentence[],
  sections: AnswerSection[],
  dropped: DroppedSentence[],
  removedCitations: number,
  registry: SourceRegistry,
): VerifiedAnswer {
  const numbered = renumberByFirstCitation(summary, sections, registry.list());
  return {
    ...numbered,
    keptSentences:
      numbered.summary.length + numbered.sections.reduce((sum, section) => sum + section.sentences.length, 0),
    droppedSentences: dropped.length,
    removedCitations,
    dropped,
  };
}
