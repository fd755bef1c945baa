import { words } from '../lexicon/index.js';

/**
 * Cues the emergency detectors share. The word lists are data (`../lexicon/words.ts`); here
 * they are combined into the notions every detector uses: a time that is now, a particular
 * person, a question about the law that names nobody, and history that is over.
 */

/** Words that place events now or very soon. */
export const now = words.now;

/** The asker or someone they speak of as present in their life. */
export const firstPerson =
  /\b(?:i|me|my|myself|we|(?<!the )us|our|mi|mis|yo|estoy|tengo|nos|nosotros|nosotras|nuestr[oa]s?)\b/;

/**
 * A particular person: the asker, someone in their life, someone in front of them ("there is a
 * guy", "a man with", "this dude", "the caller"), not "someone who" or "a defendant".
 */
const particularSource = [
  firstPerson.source,
  /\b(?:he|she|him|her|his|they|them|their)\b/.source,
  /\bthere (?:is|are) (?:a|an|some|this|two|three)\b/.source,
  /\b(?:this|that|a|some|the) (?:guy|man|dude|woman|lady|kid|person|girl|boy|toddler|baby)\b/.source,
  /\bsomeone (?:is|in|at|just|keeps|on|outside)\b/.source,
  new RegExp(
    `\\b(?:my|our|his|her|their|mi|mis|su|sus|the|a|la|el|los|las|una|un) (?:\\w+ )?${words.person.source}`,
  ).source,
  // Chat drops the "I": "just need to know if…", "gonna walk into the lake", "been picking which overpass".
  /(?:^|[.!?] )(?:just |really |kinda |still |honestly )?(?:need to know|need help|want to know|wanna know|going to|gonna|about to|been|feeling|can not|sitting|standing|parked|took|swallowed|drank|done with|tired of|ready to)\b/
    .source,
].join('|');
export const particularPerson = new RegExp(particularSource);

/** "Someone who", "a person", "if a defendant": a rule about anyone. */
export const genericSubject = words.genericSubject;

/** A question about the law itself: what the penalty is, whether something is a crime. */
export const informational = words.informational;

/**
 * A sentence that asks about the law and names no particular person: "what is the federal
 * penalty for calling in a bomb threat" stays general; "i need the federal sentence for killing
 * the man who hurt me" does not.
 */
export function isInformationalOnly(sentence: string): boolean {
  if (!informational.test(sentence) && !words.legalTreatment.test(sentence)) return false;
  const withoutFrame = sentence
    .replace(new RegExp(informational.source, 'g'), ' ')
    .replace(new RegExp(words.legalTreatment.source, 'g'), ' ')
    .replace(new RegExp(studying.source, 'g'), ' ');
  // "If a man texts 'I am going to kill you' to his ex, is that a true threat?": the "I" of
  // speech reported about someone generic is not the asker.
  const generic = genericSubject.test(withoutFrame);
  const spoken = generic ? withoutFrame.replace(reportedSpeech, ' ') : withoutFrame;
  if (firstPerson.test(spoken)) return false;
  if (generic) return true;
  return !particularPerson.test(withoutFrame);
}

/** Words someone says, writes or posts, up to the end of the clause. */
const reportedSpeech =
  /\b(?:says?|said|saying|texts?|texted|writes?|wrote|posts?|posted|tells?|told|yells?|yelled|messages?|messaged|threatens?|threatened)\b[^,.?!]*/g;

/** The asker as a student or a curious reader: "i am lost", "my prof mentioned it", "tell me". */
const studying =
  /\b(?:i|we) (?:am |are )?(?:so |kinda |kind of |totally )?(?:lost|confused|curious|wondering|covering|studying|debating|discussing|arguing|analy[sz]ing|teaching|preparing|reviewing|writing about|reading about|reading|learning|heard|read|saw|blanked|forgot|keep mixing up|was wondering|want to know|need to know|need the|do not get|do not understand|have (?:a|an) (?:question|test|exam|quiz|final))\b|\bmy (?:[\w-]+ )?(?:prof\w*|teacher|class|outline|exam|final|paper|notes|textbook|casebook|study group|seminar)\b|\b(?:confuses|confusing|asking for|tell|explain to|give) me\b|\bfor me\b/;

/** Past-only framing: "after my suicide attempt last year" is history, not an emergency. */
export const pastOnly = new RegExp(
  `${words.pastOnly.source}|\\bafter (?:my|a|his|her|their) (?:suicide )?attempt\\b|\\bwhen i was (?:a kid|younger|\\d+)\\b`,
);

export const weapon = words.weapon;
/** A child, by word or by age ("she is 8", "15 yo", "tiene 15 anos"). */
export const child = new RegExp(
  `${words.child.source}|\\b(?:\\d+ ?(?:yo|y\\/o|year old|years old|yr old|month old)|\\d+(?:st|nd|rd|th) grader|grader|maybe 1[0-7]|i am 1[0-7]|(?:he|she|they) (?:is|are) (?:[1-9]|1[0-7])|tiene (?:[1-9]|1[0-7]) anos|tengo 1[0-7]|mi (?:hijo|hija|bebe))\\b`,
);

/**
 * Materials prepared for others about what someone generic might do: "drafting a protocol for
 * when a former client sends a goodbye message", "a training on what to do if a caller says he
 * has a gun". The danger belongs to a hypothetical person, not to anyone in the asker's life.
 */
const workProduct =
  /\b(?:protocol|policy|policies|procedure|procedures|training|trainings|handout|guide|guidance|checklist|manual|curriculum|lesson|workshop|memo|script for staff|flowchart|toolkit|faq)\b/;
const genericWhen =
  /\b(?:if|when|whenever|in case|for when|what to do when|how to respond when|what happens when)\s+(?:a|an|any|some|someone|somebody|anyone|one of our) (?:\w+ )?(?:client|caller|person|patient|student|tenant|worker|employee|customer|resident|member|child|kid|user|patron|parent|volunteer|visitor|someone|texts|sends|says|tells|mentions|calls)?/;
export function isPreparedForOthers(sentence: string): boolean {
  return workProduct.test(sentence) && genericWhen.test(sentence);
}

/**
 * A yes-or-no or what-question about the law, even with words quoted in it ("is a text that says
 * i will burn your house down a true threat", "what is the statute of limitations after a child
 * drank a cleaning product"): round 5's detectors (fire, poison, people held) do not fire on it.
 */
const askFrame =
  /^(?:\W*)(?:is|are|was|does|do|would|could|can|should|what|how do courts|how does|when (?:is|does)|under what|which|why)\b/;
const lawWords =
  /\b(?:true threat|under (?:federal|state) law|federal law|a (?:federal )?crime|illegal|legal|statute|statute of limitations|liable|liability|sue|suing|lawsuit|penalty|sentence|charged with|elements|prosecut\w*|regulat\w*|ley federal|delito|es legal|es ilegal)\b/;
export function asksAboutLawItself(sentence: string): boolean {
  return (
    askFrame.test(sentence) && lawWords.test(sentence) && !/\b(?:my|our|mi|nuestr[oa]s?)\b/.test(sentence)
  );
}
