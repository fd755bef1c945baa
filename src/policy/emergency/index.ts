import { splitSentences } from '../clauses.js';
import { abuseNowSignal } from './abuse-now.js';
import { childDangerSignal } from './child-danger.js';
import { dangerToLifeSignal } from './danger-to-life.js';
import { isInformationalOnly, now, particularPerson, pastOnly } from './cues.js';
import { medicalSignal } from './medical.js';
import { selfHarmSignal } from './self-harm.js';
import { violenceSignal } from './violence.js';
import { weaponSignal } from './weapons.js';

export type EmergencyKind =
  | 'self-harm'
  | 'violence'
  | 'weapon'
  | 'medical'
  | 'child-in-danger'
  | 'abuse-now'
  | 'danger-to-life';

type Detector = (sentence: string, text: string) => string | undefined;

const detectors: ReadonlyArray<readonly [EmergencyKind, Detector]> = [
  ['self-harm', selfHarmSignal],
  ['violence', violenceSignal],
  ['weapon', weaponSignal],
  ['medical', medicalSignal],
  ['child-in-danger', childDangerSignal],
  ['abuse-now', abuseNowSignal],
  ['danger-to-life', dangerToLifeSignal],
];

export interface EmergencyFinding {
  readonly kinds: readonly EmergencyKind[];
  /** `kind:cue+cue`, for evaluation and logs (never text). */
  readonly signals: readonly string[];
  /** The sentences that carry the emergency; the rest may hold a legal question. */
  readonly sentences: readonly string[];
}

/** Runs every detector over every sentence of the (framing-stripped, normalized) text. */
export function detectEmergencies(text: string): EmergencyFinding {
  const kinds: EmergencyKind[] = [];
  const signals: string[] = [];
  const sentences: string[] = [];
  // In a long post, danger must be said to be happening now in the sentence itself: posts tell
  // of past seizures, past stalking accusations and old fights with "just" and "again" all over.
  // Thoughts of suicide count whenever they are told.
  const long = text.length > 400;
  // Nobody in particular (no asker, no one in their life, no one in front of them): a rule about anyone.
  if (!particularPerson.test(text)) return { kinds, signals, sentences };
  for (const sentence of splitSentences(text)) {
    // A question about the law that names no one ("what is the federal penalty for a bomb
    // threat to a school") is the main evidence against danger, whatever words it uses.
    if (isInformationalOnly(sentence)) continue;
    const over = pastOnly.test(sentence) && !now.test(sentence);
    for (const [kind, detector] of detectors) {
      if (long && kind !== 'self-harm' && !now.test(sentence)) continue;
      // Told as history ("he hit me back in 2019"); self-harm weighs its own history.
      if (over && kind !== 'self-harm') continue;
      // In a long post each sentence is weighed on its own: cues scattered over a long story
      // (a past attempt here, a roof there) do not add up.
      const signal = detector(sentence, long ? sentence : text);
      if (signal === undefined) continue;
      if (!kinds.includes(kind)) kinds.push(kind);
      signals.push(`${kind}:${signal}`);
      if (!sentences.includes(sentence)) sentences.push(sentence);
    }
  }
  return { kinds, signals, sentences };
}

/** Mentions of self-harm that are not an emergency: crisis resources are still listed. */
export const selfHarmMention =
  /\b(?:suicid\w*|self[- ]?harm|kill(?:ing)? myself|cut(?:ting)? myself|overdos\w*)\b/;
