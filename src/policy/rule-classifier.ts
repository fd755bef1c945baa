import { findAndRedact } from '../core/redaction.js';
import { mayRaiseEmergency, mayRefuse } from './backstop-gates.js';
import { questionAfterChatter, questionAfterFigures } from './chatter.js';
import { isQuestion, splitClauses, splitSentences } from './clauses.js';
import { embeddedAsk, legalityClause } from './embedded-ask.js';
import { detectEmergencies, selfHarmMention } from './emergency/index.js';
import { type FramingKind, stripFramings } from './framing.js';
import {
  asksForPrediction,
  isAccount,
  isNarrative,
  isOwnMatter,
  isPersonal,
  mentionsSelf,
  type PersonalOptions,
  personalSubject,
} from './individualized.js';
import { words } from './lexicon/index.js';
import { committedPolicyModel, type PolicyModel, predict } from './model/statistical-backstop.js';
import { normalizeText } from './normalize.js';
import { asksForCapability } from './operational-request.js';
import type { PolicyCategory, PolicyClassifier, PolicyContext, PolicyDecision } from './policy.js';
import { isProfessionalGeneral } from './professional-context.js';
import { detectRefusal } from './refusal.js';

/**
 * The default policy classifier: a deterministic pipeline of small stages, no model.
 *
 * 1. `normalize.ts`: one spelling for what people type (case, accents, shorthand, typos).
 * 2. `framing.ts`: role-play, fiction, hypotheticals, "for a friend", coursework, claimed roles
 *    and injected instructions are cut out. Everything after this sees only the remainder, so a
 *    framing can never turn a personal or refused request into a general one.
 * 3. `emergency/`: one detector per kind of danger, over sentences.
 * 4. `refusal.ts`: an operative request for help with a crime.
 * 5. `individualized.ts`: the asker's own situation (or someone close, or someone relayed).
 * 6. Here: the category, the general part of a mixed question, and the audience.
 *
 * Each stage names the cues that fired in `signals`, so evaluation can show why.
 */
export interface RuleClassifierOptions {
  /** A first-person account at least this long is a personal situation (default 150 characters). */
  readonly narrativeLength?: number;
  /**
   * The statistical backstop (`model/`): the committed model by default, another model's
   * weights, or `false` for the rules alone (as the training script measures them).
   */
  readonly statisticalBackstop?: PolicyModel | false;
}

export class RulePolicyClassifier implements PolicyClassifier {
  private readonly personalOptions: PersonalOptions;
  private readonly backstop: PolicyModel | undefined;

  constructor(options: RuleClassifierOptions = {}) {
    this.personalOptions = { narrativeLength: options.narrativeLength ?? 150 };
    this.backstop =
      options.statisticalBackstop === false
        ? undefined
        : (options.statisticalBackstop ?? committedPolicyModel());
  }

  async classify(text: string, context: PolicyContext = {}): Promise<PolicyDecision> {
    return this.classifySync(text, context);
  }

  classifySync(text: string, context: PolicyContext = {}): PolicyDecision {
    const signals: string[] = [];
    const { found: personalDetails } = findAndRedact(text.replace(/\s+/g, ' '));
    if (personalDetails.length > 0) signals.push('personal-details');

    const normalized = normalizeText(text);
    const { remainder, framings } = stripFramings(normalized);
    for (const framing of framings) signals.push(`framing:${framing}`);

    const emergency = detectEmergencies(remainder);
    signals.push(...emergency.signals);
    const refusalOptions = {
      asksForArtifact: ['fiction', 'role-play', 'retelling'].some((kind) =>
        framings.includes(kind as FramingKind),
      ),
    };
    // The whole text too: cutting a framing out can take the request's own words with it ("how
    // do you write a script for…" is not fiction), and a framing never makes a request less
    // refusable.
    // "is it illegal to make a fake id…": an act named as the subject of a question about the
    // law is no request for it, so where nothing else in the text asks, the refusal stages read
    // it with such clauses cut out.
    const refusalRemainder = withoutLegalityClauses(remainder);
    const refusalWhole = framings.length > 0 ? withoutLegalityClauses(normalized) : undefined;
    const refusal =
      detectRefusal(refusalRemainder, refusalOptions) ??
      (refusalWhole !== undefined ? detectRefusal(refusalWhole, refusalOptions) : undefined) ??
      embeddedAsk(refusalRemainder) ??
      (refusalWhole !== undefined ? embeddedAsk(refusalWhole) : undefined);
    if (refusal) signals.push(...refusal.signals);

    const sentences = splitSentences(remainder);
    // Chatter before a turn ("… literally killing me 💀 unrelated but what is…") is not the
    // matter asked about: the personal stages read the question after it.
    const afterChatter = questionAfterChatter(remainder);
    if (afterChatter !== undefined) signals.push('chatter-cut');
    const asked = afterChatter ?? remainder;
    const personalSentences = (afterChatter === undefined ? sentences : splitSentences(asked)).filter(
      (sentence) => isPersonal(sentence, signals),
    );
    // A professional asking about the law for the people they serve ("I'm a librarian and a
    // patron asked me…") tells no situation of their own, however long and first-person.
    const forOthers = isProfessionalGeneral(normalized);
    if (forOthers) signals.push('professional-for-others');
    const individualized =
      !forOthers &&
      (isPersonal(asked, signals) ||
        isNarrative(
          asked,
          (afterChatter ?? text.trim()).split(/\s+/).length,
          this.personalOptions,
          signals,
        ) ||
        isAccount(asked, signals) ||
        isOwnMatter(asked, signals) ||
        personalSentences.length > 0);
    const prediction = individualized && asksForPrediction(remainder);
    if (prediction) signals.push('prediction');

    // Stage 8, the statistical backstop: it can only add caution, and only where its
    // probability clears the model's threshold: an emergency over anything where the text
    // holds a sign of danger, a refusal over a personal or general verdict where the text asks
    // for a method beside a hint of crime (`hintsAtCrime`), the notice over a general verdict.
    const emergencyKinds = [...emergency.kinds];
    let personalFromModel = false;
    let refusedByModel = false;
    if (this.backstop) {
      const probabilities = predict(this.backstop, remainder);
      // Not over a refusal the rules found: nothing is answered either way, and a request for
      // help with a crime is not a crisis because it names a blade.
      if (
        emergencyKinds.length === 0 &&
        !refusal &&
        mayRaiseEmergency(remainder, probabilities.emergency, this.backstop.thresholds)
      ) {
        // Where the danger may be to the asker's own life, it is named so: the reply then puts
        // nothing between them and the crisis line.
        const selfHarm = ['selfHarmExplicit', 'selfHarmIndirect', 'selfHarmMeans'] as const;
        emergencyKinds.push(
          selfHarm.some((kind) => words[kind].test(remainder)) ? 'self-harm' : 'model-flagged',
        );
        signals.push('model:emergency');
      } else if (
        !refusal &&
        emergencyKinds.length === 0 &&
        mayRefuse(refusalRemainder, probabilities.refused, this.backstop.thresholds)
      ) {
        refusedByModel = true;
        signals.push('model:refused');
      } else if (
        !individualized &&
        !forOthers &&
        !refusal &&
        emergencyKinds.length === 0 &&
        (afterChatter === undefined ? probabilities : predict(this.backstop, asked)).individualized >=
          this.backstop.thresholds.individualized
      ) {
        personalFromModel = true;
        signals.push('model:individualized');
      }
    }
    const individualizedAll = individualized || personalFromModel;
    const isEmergency = emergencyKinds.length > 0;
    const refusalTopic = refusal?.topic ?? (refusedByModel ? 'crime' : undefined);
    // A client's matter in a staff channel is a professional asking for legal information;
    // a prediction, the staff member's own situation, danger and crime are not.
    const professionalMatter =
      context.audience === 'staff' &&
      individualizedAll &&
      !isEmergency &&
      refusalTopic === undefined &&
      !prediction &&
      personalSubject(remainder) === 'relayed';
    if (professionalMatter) signals.push('staff-client-matter');

    const generalPart = this.generalPart(text, sentences, personalSentences, emergency.sentences, {
      // With personal details in the text, the general part is what retrieval and the answer
      // see, so a name or an email address is never searched for or repeated in the answer.
      wanted: individualizedAll || isEmergency || personalDetails.length > 0,
      // In an emergency or a client's matter the legal question is asked whoever it is about.
      lenient: isEmergency || professionalMatter,
    });
    if (generalPart) signals.push('mixed');
    // A general question after chatter or figures of speech is what is searched.
    const searched =
      generalPart ??
      (individualizedAll || isEmergency || refusalTopic !== undefined
        ? undefined
        : (questionAfterChatter(text) ?? questionAfterFigures(text)));

    const category: PolicyCategory = isEmergency
      ? 'emergency'
      : refusalTopic !== undefined
        ? 'refused'
        : individualizedAll && !professionalMatter
          ? 'individualized'
          : 'general';
    const personal = individualizedAll && !professionalMatter;
    return {
      category,
      individualized: personal,
      generalPart: searched,
      refusalTopic,
      emergencyKinds,
      framings,
      professionalMatter,
      personalDetails,
      privateReply: personal || isEmergency || professionalMatter || personalDetails.length > 0,
      mentionsSelfHarm: selfHarmMention.test(remainder),
      signals,
    };
  }

  /**
   * The general part of a mixed question (and the legal question inside an emergency): the
   * sentences — or clauses joined by "and then", "but" — that ask something general and say
   * nothing about the asker. Where a piece matches a sentence of the original text, the
   * original wording is kept for retrieval.
   */
  private generalPart(
    original: string,
    sentences: readonly string[],
    personalSentences: readonly string[],
    emergencySentences: readonly string[],
    flags: { wanted: boolean; lenient: boolean },
  ): string | undefined {
    if (!flags.wanted) return undefined;
    const pieces: string[] = [];
    for (const sentence of sentences) {
      if (emergencySentences.includes(sentence)) continue;
      const candidates = personalSentences.includes(sentence) ? splitClauses(sentence) : [sentence];
      for (const candidate of candidates) {
        if (!isQuestion(candidate) || holdsPersonalDetails(candidate)) continue;
        if (!flags.lenient && (mentionsSelf(candidate) || isPersonal(candidate, []))) continue;
        if (!flags.lenient && /\b(?:he|she|they|him|her|them|his|their)\b/.test(candidate)) continue;
        pieces.push(candidate);
      }
    }
    if (pieces.length === 0) return undefined;
    const originals = splitSentences(original);
    return pieces
      .map(
        (piece) =>
          originals.find((sentence) => stripFramings(normalizeText(sentence)).remainder === piece) ?? piece,
      )
      .join(' ');
  }
}

/** A sentence that gives a name, an email address, a phone number or the like. */
const selfNamed = /\b(?:my (?:full )?name is|call me|i am called)\b/;
const holdsPersonalDetails = (sentence: string) =>
  selfNamed.test(sentence) || findAndRedact(sentence).found.length > 0;

/** Matches are removed only when the rest of the text asks for nothing. */
const explicitAsk =
  /\b(?:how (?:do|can|could|would|should|to) (?:i|we|you|he|she|they)?|where (?:do|can|could|should) (?:i|we|you)|what (?:do|can|should) (?:i|we) (?:say|tell|use|put|do)|walk me|step by step|help me|best way|easiest way)\b/;

function withoutLegalityClauses(text: string): string {
  legalityClause.lastIndex = 0;
  if (!legalityClause.test(text)) return text;
  const masked = text.replace(legalityClause, ' it ');
  return explicitAsk.test(masked) || asksForCapability(masked) ? text : masked;
}
