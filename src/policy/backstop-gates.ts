import { splitSentences } from './clauses.js';
import { childsOwn } from './embedded-ask.js';
import { isInformationalOnly, isPreparedForOthers, particularPerson } from './emergency/cues.js';
import { withoutFigures } from './emergency/index.js';
import { notViolence } from './emergency/violence.js';
import { words } from './lexicon/index.js';
import type { PolicyModel } from './model/statistical-backstop.js';
import { asksAboutTheLaw, asksForCapability } from './operational-request.js';
import { hintsAtCrime } from './refusal.js';
import { askForMethod, deceit } from './refusal-cues.js';

const adultPartner =
  /\b(?:ex|exs|ex-wife|ex-husband|wife|husband|girlfriend|boyfriend|partner|spouse|gf|bf|baby mama|baby daddy|his mom|her dad)\b/;

const protectsSelf =
  /\b(?:find|track|locate|trace|follow|reach|contact|hurt) (?:me|us|my (?:kids|children|family|son|daughter|new (?:address|place|home|number)))\b/;

/**
 * Where the statistical backstop (`model/`) may add caution over the rules. The model weighs
 * the evidence; these gates make sure there is some, in two tiers:
 *
 * - at the model's ordinary threshold, the text must hold a word of the kind the model would
 *   raise: a sign of danger for an emergency, a hint of crime beside an ask for a refusal;
 * - at a higher threshold, less is needed, since new writers keep using words no list holds:
 *   for an emergency, someone in particular (the asker, someone in their life or in front of
 *   them); for a refusal, an explicit ask for capability (not a bare "how", not followed by a
 *   remedy);
 * - at a refusal probability of 0.95 (`bareRefusal`), neither a word of crime nor an explicit ask:
 *   only a text that is not all questions about the law, and not a question of what the asker
 *   may do ("can i copyright…", "is it legal to…") without a "how".
 *
 * Either way, a text whose every sentence asks about the law naming no one is never an
 * emergency, and a question about the law's treatment of an act is never refused.
 */
type Thresholds = PolicyModel['thresholds'];

/** Words of danger (`lexicon/words.ts`): the model's emergency needs one at its ordinary threshold. */
const dangerKinds = [
  'weapon',
  'selfHarmExplicit',
  'selfHarmIndirect',
  'selfHarmMeans',
  'drug',
  'symptomAcute',
  'symptom',
  'childDanger',
  'stalking',
  'otherDanger',
] as const;
const violenceAtPerson = new RegExp(
  `${words.violentAct.source}(?:\\s+\\S+){0,2}?\\s+(?:me|us|him|her|them|you|my \\w+|his \\w+|her \\w+)\\b`,
);

/** Compounds of a drug's street name that name no drug. */
const notDrugs =
  /\b(?:monkey|granola|candy|protein|grab|chocolate|snack|cereal|energy|behind|parallel|handle|roll|towel|soap) bars\b/g;

/** A question of what the asker may do: it asks what the law allows, not how to do a thing. */
const permissionQuestion =
  /(?:^|[.?!]\s*)[¿]?(?:can|may|could) (?:i|we)\b|\bam i allowed\b|\bis it (?:legal|illegal|ok|okay|allowed)\b/;

/** The refusal probability at which the model needs neither a word of crime nor an explicit ask. */
const bareRefusal = 0.95;

const onlyAboutTheLaw = (text: string) =>
  splitSentences(text).every((sentence) => isInformationalOnly(sentence) || isPreparedForOthers(sentence));

export function mentionsDanger(text: string): boolean {
  // "kicking me out", "hit me up", "shot me a text": idioms, not violence at a person; "monkey
  // bars" and "behind bars" are no pills.
  const literal = withoutFigures(text).replace(notViolence, ' ').replace(notDrugs, ' ');
  if (!violenceAtPerson.test(literal) && !dangerKinds.some((kind) => words[kind].test(literal))) return false;
  return !onlyAboutTheLaw(text);
}

/** Characters beyond which a text is a long post: its many words hold some word of danger by chance. */
const longPost = 600;

export function mayRaiseEmergency(text: string, probability: number, thresholds: Thresholds): boolean {
  if (text.length <= longPost && probability >= thresholds.emergency && mentionsDanger(text)) return true;
  if (
    text.length > longPost &&
    probability >= (thresholds.emergencyStrong ?? thresholds.emergency) &&
    mentionsDanger(text)
  )
    return true;
  const strong = thresholds.emergencyStrong;
  return (
    strong !== undefined && probability >= strong && particularPerson.test(text) && !onlyAboutTheLaw(text)
  );
}

export function mayRefuse(text: string, probability: number, thresholds: Thresholds): boolean {
  if (asksAboutTheLaw(text)) return false;
  // "how much jail time can you get for a fake id": the law's treatment asked with no explicit
  // ask for capability is answered, whatever the model makes of its words.
  if (words.legalTreatment.test(text) && !asksForCapability(text)) return false;
  // Someone keeping themselves from being found ("so he can not find me") is protection.
  if (protectsSelf.test(text) && !deceit.test(text)) return false;
  // A parent and their own child's phone or whereabouts, with no adult in it, is no tracking of an adult.
  if (childsOwn.test(text) && !deceit.test(text) && !adultPartner.test(text)) return false;
  if (probability >= thresholds.refused && hintsAtCrime(text)) return true;
  const strong = thresholds.refusedStrong;
  if (strong !== undefined && probability >= strong && asksForCapability(text)) return true;
  // Requests in words and wrappers no list holds ("¿cómo meto a mi primo en la cajuela…",
  // "how do you get past the deadbolt… while he is at work"): the model alone, where it is sure.
  if (probability < bareRefusal || onlyAboutTheLaw(text)) return false;
  return !permissionQuestion.test(text) || askForMethod.test(text);
}
