import { words } from '../lexicon/index.js';
import { now } from './cues.js';
import { type CueRule, scoreCues } from './scoring.js';

/**
 * Overdose and medical danger, the asker's or someone else's: not breathing, turning blue,
 * not waking up, "took all his insulin at once", a child who swallowed a battery. "Someone
 * overdoses and dies" in a question about the law names no particular person and stays general.
 */
const particular =
  '(?:i|he|she|they|my \\w+|her|his|friend|cousin|roommate|roomate|brother|sister|son|daughter|mom|dad|husband|wife|boyfriend|girlfriend|client|baby|kid|nephew|niece)';

/** Took (something) … a lot of … a medicine: within one stretch of a sentence. */
export const tookTooMuch = new RegExp(
  `${words.ingest.source}[^.?!]{0,40}?${words.quantity.source}[^.?!]{0,40}?${words.drug.source}|${words.ingest.source}[^.?!]{0,30}?${words.drug.source}[^.?!]{0,30}?${words.quantity.source}`,
);
/** Swallowed a household chemical or a poison: "drank some of the drain cleaner", "se tomo cloro". */
const swallowedPoison = new RegExp(
  `(?<!\\b(?:a|an|any|if a|when a) (?:\\w+ )?(?:child|kid|toddler|baby|person|consumer|customer|user|someone) )${words.swallow.source}[^.?!]{0,40}?${words.poison.source}`,
);
const tookDrug = new RegExp(`${words.ingest.source}[^.?!]{0,40}?${words.drug.source}`);

const rules: readonly CueRule[] = [
  {
    name: 'not-breathing',
    weight: 2,
    pattern:
      /\b(?:not|is not|stopped|barely|can not|trouble|hard to|having trouble) breath(?:ing|e)\b|\bbreathing (?:really )?(?:weird|funny|strange|shallow|slow|slowly|badly)\b|\bbreath(?:ing|e) right\b|\bno respira\b|\bno puedo respirar\b/,
  },
  {
    name: 'colour',
    weight: 2,
    pattern:
      /\b(?:turning|turned|looks?|looking|are|is|went|lips|face) (?:kinda |kind of |really |all |super )?(?:blue|gray|grey|purple)\b|\b(?:lips|face|skin|fingers|fingernails|nails) (?:are |is )?(?:going|getting|gone|turning) (?:kinda |kind of |really |all |super )?(?:blue|gray|grey|purple)\b/,
  },
  {
    name: 'unresponsive',
    weight: 2,
    pattern:
      /\b(?:not waking up|will not wake up|can not wake (?:him|her)|unresponsive|unconscious|no pulse|(?:having|had|has) a seizure|slurring|is limp|he is limp|she is limp|passed out (?:on|and|in)|blacked out and)\b/,
  },
  {
    name: 'overdosed',
    weight: 2,
    pattern: new RegExp(
      `\\b${particular}\\b[^.?!]{0,25}\\b(?:overdosed|overdosing|is overdosing|od(?:ed|ing)|sobredosis)\\b`,
    ),
  },
  {
    name: 'took-too-much',
    weight: 2,
    pattern:
      /\b(?:took|taken|swallowed|ate|drank|got into|has taken|have taken)\b[^.?!]{0,30}\b(?:too many|too much|all (?:of )?(?:his|her|my|the|their) \w+(?: at once)?|a (?:whole )?bottle|the (?:whole )?bottle|(?:\w+ )?(?:pill|pills|oxycodone|medicine|meds|tylenol) bottle|\d+ (?:of )?(?:her|his|my|the )?(?:pills|xanax|tablets|of them))\b/,
  },
  {
    name: 'swallowed-object',
    weight: 2,
    pattern: /\bswallowed\b[^.?!]{0,30}\b(?:batter(?:y|ies)|magnets?|bleach|detergent|pods?|poison)\b/,
  },
  {
    name: 'bleeding',
    weight: 2,
    pattern:
      /\bblood everywhere\b|\bbleeding (?:a lot|badly|out|everywhere|heavily)\b|\bwill not stop bleeding\b|\b(?:is|are|still|keeps) bleeding from (?:his|her|my|their|the)\b/,
  },
  {
    name: 'cardiac',
    weight: 2,
    pattern:
      /\b(?:chest pain|me duele el pecho|heart (?:is )?(?:racing|going crazy|pounding|stopped))\b[^.?!]*\b(?:arm|brazo|hour|hora|took|breath)\b/,
  },
  { name: 'swallowed-poison', weight: 2, pattern: swallowedPoison },
  {
    // Carbon monoxide told by its signs: headaches and vomiting since the furnace was fixed.
    name: 'fumes',
    weight: 2,
    pattern:
      /\b(?:headaches?|dizzy|dizziness|nause\w*|throwing up|vomit\w*|passing out|so sleepy|confused|dolor de cabeza|mareados?|vomitando)\b[^.?!]{0,80}\b(?:furnace|heater|generator|boiler|water heater|gas stove|fumes|exhaust|calentador|estufa|calefaccion)\b|\b(?:furnace|heater|generator|boiler|water heater|gas stove|fumes|exhaust|calentador|estufa|calefaccion)\b[^.?!]{0,80}\b(?:headaches?|dizzy|dizziness|nause\w*|throwing up|vomit\w*|passing out|dolor de cabeza|mareados?|vomitando)\b/,
  },
  {
    // Fallen and unable to get up, alone: an older person on the bathroom floor.
    name: 'fallen',
    weight: 2,
    pattern:
      /\b(?:fell|fallen|has fallen|se cayo)\b[^.?!]{0,50}\b(?:can not get up|could not get up|unable to get up|can not move|no se puede (?:levantar|mover)|no puede (?:levantarse|moverse))\b/,
  },
  // The lexicon rules: acute symptoms, an amount of a medicine taken, a drug and a symptom.
  { name: 'acute-symptom', weight: 2, pattern: words.symptomAcute },
  { name: 'took-an-amount', weight: 2, pattern: tookTooMuch },
  { name: 'took-a-drug', weight: 1, pattern: tookDrug },
  {
    // Someone kept from food, water or the medicine they live on.
    name: 'deprived',
    weight: 1,
    pattern:
      /\b(?:not|no|without|never|denied|withholding|withheld)\b[^.?!]{0,25}\b(?:food|water|insulin|medication|meds|medicine|oxygen)\b/,
  },
  {
    name: 'symptom',
    weight: 1,
    pattern: new RegExp(
      `\\b(?:can not stop shaking|passed out|super sleepy|drooling|can (?:barely|hardly) (?:get out of bed|move|stand|breathe)|can not get out of bed|barely (?:moving|responsive|conscious)|snoring (?:weird|funny|strange|loud|really loud)|gurgling|heart (?:is )?(?:racing|going crazy|pounding)|chest pain|me duele el pecho)\\b|${words.symptom.source}`,
    ),
    // Shaking, soaked in sweat and not making sense: three signs, each one counts.
    eachMatch: true,
  },
];

/** A symptom told as going on: "is shaking", "are vomiting". */
const ongoingSymptom =
  /\b(?:is|are|keeps?|started|still) (?:\w+ )?(?:shaking|sweating|vomiting|puking|throwing up|bleeding|seizing|convulsing|turning|gasping|wheezing|choking|passing out|not making sense|slurring)\b/;

export function medicalSignal(sentence: string, text: string): string | undefined {
  const found = scoreCues(rules, sentence, text);
  if (!found) return undefined;
  // Weak symptoms alone ("shaking", "sweating") are danger only when they are going on now.
  if (found.names === 'symptom' && !now.test(sentence) && !ongoingSymptom.test(sentence)) return undefined;
  return found.names;
}
