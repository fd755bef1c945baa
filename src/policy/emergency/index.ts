import { splitSentences } from '../clauses.js';
import { words } from '../lexicon/index.js';
import { abuseNowSignal } from './abuse-now.js';
import { childDangerSignal } from './child-danger.js';
import {
  firstPerson,
  isInformationalOnly,
  isPreparedForOthers,
  now,
  particularPerson,
  pastOnly,
} from './cues.js';
import { dangerToLifeSignal } from './danger-to-life.js';
import { medicalSignal, tookTooMuch } from './medical.js';
import { selfHarmSignal } from './self-harm.js';
import { traffickingSignal } from './trafficking.js';
import { violenceSignal } from './violence.js';
import { weaponSignal } from './weapons.js';

export type EmergencyKind =
  | 'self-harm'
  | 'violence'
  | 'weapon'
  | 'medical'
  | 'child-in-danger'
  | 'abuse-now'
  | 'danger-to-life'
  /** Found by the statistical backstop (`../model/`), not by a detector. */
  | 'model-flagged';

type Detector = (sentence: string, text: string) => string | undefined;

const detectors: ReadonlyArray<readonly [EmergencyKind, Detector]> = [
  ['self-harm', selfHarmSignal],
  ['violence', violenceSignal],
  ['weapon', weaponSignal],
  ['medical', medicalSignal],
  ['child-in-danger', childDangerSignal],
  ['abuse-now', abuseNowSignal],
  ['danger-to-life', dangerToLifeSignal],
  ['danger-to-life', traffickingSignal],
];

export interface EmergencyFinding {
  readonly kinds: readonly EmergencyKind[];
  /** `kind:cue+cue`, for evaluation and logs (never text). */
  readonly signals: readonly string[];
  /** The sentences that carry the emergency; the rest may hold a legal question. */
  readonly sentences: readonly string[];
}

/** "seems razor thin", "the smoking gun": figures of speech on a word of danger, cut out. */
const figures = new RegExp(words.figurative.source, 'g');
export const withoutFigures = (text: string) => text.replace(figures, ' ');

/** A case put about anyone, in a sentence that names neither the asker nor anyone in their life. */
function genericCase(sentence: string): boolean {
  return (
    /\b(?:if|when|once|say|suppose) (?:you|u|someone|somebody|a person|a guy|a defendant)\b/.test(sentence) &&
    !firstPerson.test(sentence) &&
    !/\b(?:he|she|his)\b/.test(sentence) &&
    // "if you are reading this, someone is outside right now": happening, not a case put.
    !/\b(?:right now|rn|tonight|outside|at (?:my|the) door|is here|are here)\b/.test(sentence)
  );
}

/** Characters beyond which a text is a long post (see `detectEmergencies`). */
const longPost = 600;

/** Runs every detector over every sentence of the (framing-stripped, normalized) text. */
export function detectEmergencies(told: string): EmergencyFinding {
  // The sentences are reported as told (the classifier matches them to find the legal question).
  const text = withoutFigures(told);
  const kinds: EmergencyKind[] = [];
  const signals: string[] = [];
  const sentences: string[] = [];
  // In a long post (the usual real request for help runs to many paragraphs), danger must be
  // said to be happening now in its own sentence or the next or last one: posts tell of past
  // seizures, past stalking accusations and old fights with "just" and "again" all over, and
  // each sentence is weighed on its own, so cues scattered over a long story (a past attempt
  // here, a roof there) do not add up. Thoughts of suicide count whenever they are told.
  const long = text.length > longPost;
  // Nobody in particular (no asker, no one in their life, no one in front of them): a rule about anyone.
  // Someone trapped as smoke or water comes in is there, however the chat drops the "I".
  const trapped = words.trapped.test(text) && words.risingHazard.test(text);
  // "kms" (kill myself) names the asker, though the chat drops every "I".
  const ownSlang = /\bkms\b/.test(text);
  if (!particularPerson.test(text) && !trapped && !ownSlang) return { kinds, signals, sentences };
  const all = splitSentences(told);
  all.forEach((toldSentence, index) => {
    const sentence = withoutFigures(toldSentence);
    // A question about the law that names no one ("what is the federal penalty for a bomb
    // threat to a school") is the main evidence against danger, whatever words it uses.
    if (isInformationalOnly(sentence)) return;
    // A follow-up on such a question that puts a generic "you" in a case ("what's the penalty
    // for threatening a witness? is it different if you actually hurt them?"): still the law.
    if (genericCase(sentence) && all.some((other) => isInformationalOnly(withoutFigures(other)))) return;
    // Materials for others about a hypothetical person's danger ("a protocol for when a client sends a goodbye message").
    if (isPreparedForOthers(sentence)) return;
    const over = pastOnly.test(sentence) && !now.test(sentence);
    const nowNearby = all.slice(Math.max(0, index - 1), index + 2).some((near) => now.test(near));
    for (const [kind, detector] of detectors) {
      // An amount of a medicine taken is recent by its nature ("P.S. took 40 of my pills"),
      // unless told as history.
      const overdoseTold = kind === 'medical' && tookTooMuch.test(sentence);
      if (long && kind !== 'self-harm' && !nowNearby && !overdoseTold) continue;
      // Told as history ("he hit me back in 2019"); self-harm weighs its own history.
      if (over && kind !== 'self-harm') continue;
      const signal = detector(sentence, long ? sentence : text);
      if (signal === undefined) continue;
      if (!kinds.includes(kind)) kinds.push(kind);
      signals.push(`${kind}:${signal}`);
      if (!sentences.includes(toldSentence)) sentences.push(toldSentence);
    }
  });
  return { kinds, signals, sentences };
}

/** Mentions of self-harm that are not an emergency: crisis resources are still listed. */
export const selfHarmMention =
  /\b(?:suicid\w*|self[- ]?harm|kill(?:ing)? myself|cut(?:ting)? myself|overdos\w*)\b/;
