import { splitSentences } from '../clauses.js';
import { abuseNowSignal } from './abuse-now.js';
import { childDangerSignal } from './child-danger.js';
import { now } from './cues.js';
import { medicalSignal } from './medical.js';
import { selfHarmSignal } from './self-harm.js';
import { violenceSignal } from './violence.js';
import { weaponSignal } from './weapons.js';

export type EmergencyKind = 'self-harm' | 'violence' | 'weapon' | 'medical' | 'child-in-danger' | 'abuse-now';

type Detector = (sentence: string, text: string) => string | undefined;

const detectors: ReadonlyArray<readonly [EmergencyKind, Detector]> = [
  ['self-harm', selfHarmSignal],
  ['violence', violenceSignal],
  ['weapon', weaponSignal],
  ['medical', medicalSignal],
  ['child-in-danger', childDangerSignal],
  ['abuse-now', abuseNowSignal],
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
  for (const sentence of splitSentences(text)) {
    for (const [kind, detector] of detectors) {
      if (long && kind !== 'self-harm' && !now.test(sentence)) continue;
      const signal = detector(sentence, text);
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
