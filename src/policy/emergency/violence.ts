import { words } from '../lexicon/index.js';
import { now } from './cues.js';
import { type CueRule, scoreCues } from './scoring.js';

/**
 * Violence in progress or threatened, by the asker or against them: "he said he is going to
 * kill me", "I want to hurt my ex tonight", "stepdad is throwing stuff at my mom right now",
 * "someone is trying to break in". An act of violence needs a person it is aimed at, and one of:
 * someone means to do it, someone said they would, or it is going on now.
 */
// A possessive names a person or a body, not money or a thing ("his pension keeps hitting his
// account" is a deposit, not an attack).
const notAVictim =
  '(?!(?:account|accounts|card|cards|bank|balance|inbox|email|phone|wallet|credit|budget|paycheck|savings|limit|feed|page|mailbox|portal|record|records|score|deadline|quota|goals?|numbers)\\b)';
const victim = `(?:me|us|him|her|them|my ${notAVictim}\\w+|our ${notAVictim}\\w+|his ${notAVictim}\\w+|her ${notAVictim}\\w+|their ${notAVictim}\\w+|the door|the kids|people|(?:a|an) (?:\\w+ )?(?:resident|patient|client|inmate|kid|child|student|senior|elderly \\w+|man|woman|girl|boy)|(?:the|that|this) (?:\\w+ )?(?:${words.person.source}|witness|victim|juror|judge|officer|cashier|clerk|nurse|doctor|reporter))`;
const attackVerb =
  '(?:hitting|beating|attacking|stabbing|shooting at|shooting|strangling|choking|slapping|punching|kicking|hurting|throwing (?:stuff|things|\\w+) at|banging on|pounding on|kicking in|chasing|dragging|burning)';

const attackNow = new RegExp(`\\b${attackVerb}\\s+${victim}`);

/** A person an act can be aimed at: a pronoun, or someone named by their place in one's life. */
const personTarget = `(?:\\b(?:me|us|him|her|them|you|myself|someone|somebody|everyone|everybody|whoever|people|lo|la|nos)\\b|\\b(?:my|our|his|her|their|the|that|this|mi|su) (?:\\w+ )?${words.person.source})`;
/** Things that do kill ("these pills are killing me"): never hyperbole. */
const bodilyDanger =
  'pills|drugs|meds|medicine|pain|pains|poison|fumes|smoke|gas|bleeding|wound|wounds|fever|infection|infections|heart|chest|injury|injuries|burns|cuts|bruises|seizures|contractions|stitches|ribs|lungs|breathing';
/**
 * "this rent is literally killing me", "my evidence final is going to murder me": hyperbole whose
 * subject is a thing named with a determiner. A person as the subject ("my ex is going to kill
 * me", "the guy outside is going to kill me") is not cut, and neither is a bare name, which has
 * no determiner.
 */
const thingHyperbole = `\\b(?:this|that|these|those|the|my|our|his|her|their)\\s(?:(?!(?:${words.person.source})\\s)[a-z']+\\s){0,2}(?!(?:${words.person.source}|cops|police|officers|guards|agents|soldiers|${bodilyDanger})\\s)[a-z]+\\s(?:is|are|has been|have been|will be)\\s(?:literally |actually |honestly |lowkey |slowly |so |really |going to |gonna )*(?:killing me|kill me|murder me|murdering me|be the death of me|the death of me)\\b`;

/**
 * "student loans are literally killing me", "deadlines have been killing me": a plural thing
 * with no determiner. Plurals for people ("my parents", "cops", "guys") are no figure of speech.
 */
const pluralHyperbole = `\\b(?!(?:${words.person.source}|cops|guys|people|men|women|dudes|landlords|teachers|gangs|members|officers|guards|agents|soldiers|${bodilyDanger})\\s)[a-z]{3,}s\\s(?:are|have been)\\s(?:literally |actually |honestly |lowkey |slowly |so |really )*(?:killing me|the death of me)\\b`;

/** "shot me a text", "hit me up", "it just hit me": not violence. */
export const notViolence =
  // "civ pro is killing me:", "this statute is killing me": a thing, not a person, as the
  // subject of hyperbole (a pronoun or a word for a person before it is no figure of speech).
  new RegExp(
    `${thingHyperbole}|${pluralHyperbole}|${/(?<!\b(?:he|she|they|someone|somebody|husband|wife|boyfriend|girlfriend|ex|dad|mom|father|mother|brother|sister|son|partner|guy|man|woman|neighbor|boss|stepdad|uncle)\s)(?<=\b(?:class|course|pro|law|statute|rule|rules|reading|exam|exams|final|finals|homework|outline|semester|school|work|job|commute|wait|paperwork|this|that|it|bar prep|studying|case|cases|heat|traffic)\s)(?:is|are|has been|have been) (?:literally |actually |honestly |lowkey |slowly )?killing me\b|\b(?:shot|shoot) (?:me|him|her|them) (?:a|an)\b|\bhit (?:me|him|her|them|us) up\b|\bit (?:just |finally |really )?hit me\b|\bbeat (?:the|my|his|her) (?:charge|case|ticket|rap|deadline|traffic)\b|\bkilling it\b|\bkick(?:s|ed|ing)? (?:me|us|him|her|them|\w+) (?:out|off)\b|\bpanic attack\b|\bheart attack\b|\bcut(?:ting)? (?:me|us|him|her|them) off\b|\bcut(?:ting)? (?:my|our|his|her|their) (?:hours|pay|benefits|wages|power|water|hair)\b/.source}`,
    'g',
  );

const act = words.violentAct.source;
/** Spanish puts the person before the verb: "me va a matar", "ya me pego", "lo estan golpeando". */
const spanishAct =
  /\b(?:me|te|lo|la|nos|les?) (?:\w+ ){0,4}?(?:golpe\w*|pega\w*|pego|mata\w*|mato|lastim\w*|sacar a golpes)\b/;
const actOnPerson = new RegExp(`${act}(?:\\s+\\S+){0,3}?\\s*${personTarget}`);
// Not an act someone saw or will tell of: "is gonna testify that she saw me hit him".
const meansTo = new RegExp(
  `${words.intent.source}(?:\\s+(?!(?:saw|seen|watched|testify|testifies|say|says|said|claims?|told|tell|report|reported|describe)\\b)\\S+){0,6}?\\s+${act}`,
);
const ongoing = new RegExp(
  `\\b(?:is|are|was|keeps?|kept|started|been|still|esta|estan)\\s+(?:\\S+\\s+)?(?:${act})`,
);

const rules: readonly CueRule[] = [
  {
    name: 'threat-to-kill',
    weight: 2,
    pattern: new RegExp(
      `\\b(?:going to|will|gonna|wants to|threat\\w* to|about to|coming (?:over |here |back |home )?to|finish(?:ing)?|said (?:he|she|they) (?:would|will|is going to|was going to)) (?:kill|hurt|shoot|stab|beat|murder|strangle|choke|finish)\\s+${victim}|\\bfinish the job\\b`,
    ),
  },
  {
    // "said he will throw him off the balcony", "going to push her down the stairs".
    name: 'throw-from-height',
    weight: 2,
    pattern: new RegExp(
      `\\b(?:going to|will|gonna|wants to|threat\\w* to|about to|would) (?:throw|drop|push|toss) ${victim} (?:off|out (?:of )?(?:the|a) window|over (?:the|a) (?:railing|balcony|edge|bridge)|down the stairs|from (?:the|a))\\b`,
    ),
  },
  {
    name: 'asker-intends-harm',
    weight: 2,
    // "I want to hurt my ex tonight", "going to beat … my landlord" opening a sentence (the
    // subject dropped, as in chat); not "I hurt my back".
    pattern:
      /(?:\bi (?:really |so |just )?(?:want|need|plan|intend|would love|am about|am going|am ready|will|am gonna|have to) (?:to )?|(?:^|[,.!?;] )(?:going to|want to) )(?:hurt|kill|shoot|stab|beat|attack|murder|strangle|choke|run over|jump|make (?:him|her|them) pay|get back at|beat the [a-z*]+ out of)\b\s*(?:him|her|them|my|the|that|this|his|our|someone)\b/,
  },
  {
    name: 'mass-violence',
    weight: 2,
    pattern:
      /\b(?:going to|will|plans? to|wants? to|about to) (?:shoot up|bomb|blow up|attack|open fire on)\b/,
  },
  {
    name: 'attack-in-progress',
    weight: 2,
    pattern: new RegExp(
      `\\b(?:is|are|was|were|keeps?|started|still|been|hear (?:\\w+ )?|see (?:\\w+ )?|watching (?:\\w+ )?)\\s*(?:\\w+ )?${attackVerb}\\s+${victim}`,
    ),
  },
  { name: 'attack-verb', weight: 1, pattern: new RegExp(`\\b${attackVerb}\\s+${victim}`) },
  // The lexicon rules: an act of violence aimed at a person, meant, threatened or going on.
  { name: 'act-on-person', weight: 1, pattern: actOnPerson },
  { name: 'spanish-act', weight: 1, pattern: spanishAct },
  { name: 'means-to', weight: 1, pattern: meansTo },
  { name: 'ongoing-act', weight: 1, pattern: ongoing },
  { name: 'threat-speech', weight: 1, pattern: words.threatSpeech },
  {
    // Asking what sentence one would get, beside a threat or a "tonight": a crime being planned.
    name: 'sentence-for-me',
    weight: 1,
    pattern:
      /\bhow (?:long|much time|many years) (?:would|will|do|could|id|i would) (?:i )?(?:get|do|serve)\b|\bcuantos anos me darian\b|\bwhat would i (?:even )?get(?: charged)?\b|\bsentence (?:i would|would i|i will) get\b/,
  },
  { name: 'hiding-or-confined', weight: 1, pattern: words.stalking },
  {
    name: 'break-in',
    weight: 2,
    pattern:
      /\b(?:try(?:ing)? to (?:break|brake) in(?:to)?|try(?:ing)? to get in(?:to)? (?:the|my|our|her|his) (?:house|home|apartment|room|window|door|car)|breaking in(?:to)?|broke in(?:to)? [^.?!]{0,40}\b(?:is still|are still|right now)|is (?:still )?(?:in|inside) (?:the|my|our) (?:house|home|apartment)|is still downstairs|kicking (?:in )?(?:the|my) door)\b/,
  },
  {
    name: 'spanish-attack',
    weight: 2,
    pattern:
      /\bme (?:esta|estan) (?:golpeando|pegando|amenazando|lastimando)\b|\bme (?:quiere|va a|van a) matar\b|\b(?:me|nos|te|lo|la) mata\b/,
  },
  {
    name: 'recent-assault',
    weight: 1,
    pattern:
      /\b(?:hit|beat|choked|strangled|punched|kicked|slapped|attacked|hurt|raped|stabbed) me\b|\bme (?:pego|golpeo|amenazo|lastimo)\b|\bblack eye\b/,
  },
  {
    name: 'attacker-present',
    weight: 1,
    pattern:
      /\b(?:is|are) (?:outside|here|in the other room|asleep in|waiting|at (?:my|the) door|in the (?:parking lot|kitchen|house|car))\b|\b(?:esta|estan) afuera\b|\bwaiting (?:outside|in the parking lot|for me|for her)\b|\bfollowed (?:me|her|him) here\b|\btengo (?:mucho )?miedo\b|\bshowed up at (?:my|the) door\b|\b(?:scared|terrified|afraid)\b/,
  },
  {
    name: 'threat-words',
    weight: 1,
    pattern:
      /\b(?:you all will see|you will see|see you soon|settle it|take care'? of|make (?:him|her|them) pay|screaming (?:he|she) is going to|threatening (?:me|us|her|him))\b/,
  },
];

/** Evidence being burned or destroyed is not violence ("is burning them better" of ledgers). */
const evidenceObjects =
  /\b(?:ledgers?|papers|records|documents|files|hard ?drives?|evidence|receipts|logs|books|notes)\b/;

/** Idioms of a threat ("is going to learn what happens", "getting what's coming"): an act in other words. */
const threatIdiom =
  /\b(?:learn what happens|find out what happens|get(?:ting)? what is coming|what is coming to (?:him|her|them)|pay (?:me|him|her|them) a visit|finish what (?:he|she|they) started|settle the score|settle things with|going to regret|(?:you are|ur|your|you will be|estas|eres) (?:a )?(?:dead|muert[oa]|hombre muerto|mujer muerta)(?! to (?:me|us|him|her))|take care of (?:the|that|this|a) (?:judge|witness|prosecutor|juror|jurors|snitch|informant|detective|officer|cop|victim))\b/;

export function violenceSignal(sentence: string, text: string): string | undefined {
  const withoutIdioms = sentence.replace(notViolence, ' ');
  const cleaned = evidenceObjects.test(withoutIdioms)
    ? withoutIdioms.replace(/\bburn(?:ing|ed)? (?:them|it)\b/g, ' ')
    : withoutIdioms;
  if (
    threatIdiom.test(cleaned) &&
    (now.test(text) || meansTo.test(cleaned) || words.threatSpeech.test(text) || words.intent.test(cleaned))
  )
    return 'threat-idiom';
  // An attack verb with "now" in the same sentence: "throwing stuff at my mom right now".
  if (attackNow.test(cleaned) && now.test(cleaned)) return 'attack-now';
  // Without an act of violence aimed at someone, the weak cues (fear, a text, a threat word)
  // describe many a dispute; they only add to an act.
  const lexiconAct = actOnPerson.test(cleaned) || spanishAct.test(cleaned);
  const found = scoreCues(rules, cleaned, text.replace(notViolence, ' '));
  if (!found) return undefined;
  const strong = rules.some((rule) => rule.weight >= 2 && rule.pattern.test(cleaned));
  if (!strong && !lexiconAct) return undefined;
  // An act alone is not an emergency: someone must mean it, have threatened it, or be doing it.
  if (
    !strong &&
    !(meansTo.test(cleaned) || ongoing.test(cleaned) || words.threatSpeech.test(cleaned) || now.test(cleaned))
  )
    return undefined;
  return found.names;
}
