import { splitSentences } from './clauses.js';
import { childsOwn } from './embedded-ask.js';
import { words } from './lexicon/index.js';
import { harmfulEndKinds } from './lexicon/operational-words.js';
import {
  asksAboutTheLaw,
  asksForCapability,
  asksOnlyForRemedy,
  operationalRequest,
} from './operational-request.js';
import type { RefusalTopic } from './policy.js';
import { askForMethod, concealFromAuthorities, deceit, pressuresWitness } from './refusal-cues.js';

/**
 * Requests for help to commit or hide a crime. A refusal needs two things: an *operative
 * request* (how to, the best way to, walk me through, write me, what should I say, where can I
 * buy) and a *criminal objective* (intimidating a witness, wiping evidence before the police
 * come, laundering, evading a warrant, forging, tracking someone who hides from the asker,
 * obtaining illegal material). Questions *about* those crimes — what they are, what they cost —
 * have no operative request and are answered.
 *
 * A request that asks for a way to avoid being noticed by the authorities ("without the IRS
 * noticing", "so the crime lab found nothing") counts as an objective on its own.
 */

const operativeRequest =
  /\bhow (?:to|do|can|could|would|should|might|did) (?:i|we|you|one|someone|he|she|they|people|a person|my \w+)?\b|\bhow to\b|\bhow (?:he|she|they|you|i|her clients|his clients)\b|\b(?:best|good|easiest|smoothest|quickest|safest|simplest|surest|cleanest|fastest|right|only|most \w+) (?:\w+ )?(?:way|ways|method|tool|app|place|software)s?\b|\b(?:walkthrough|walk-through|tutorial|how-to|instructions)\b|\b(?:respond|reply|answer) with\b|\b(?:template|fillable|sample) (?:for|of)\b|\bwhat is the (?:trick|way|method|tool|app)\b|\bways to\b|\btips (?:for|on|to)\b|\bstep[- ]by[- ]step\b|\bsteps\b|\bwalk (?:me|us) (?:through|thru)\b|\b(?:tell|show|teach|explain to) (?:me|us) (?:how|what|where|which)\b|\bgive (?:me )?(?:detailed |real |actual )?(?:steps|instructions|a guide|methods?|details)\b|\b(?:write|draft|make|create|generate|fill in|fill out|design|code) (?:me )?(?:a|an|the|some|his|her|3)\b|\bwhat (?:should|can|do|could) (?:i|we|he|she) (?:say|tell|do|use|fake|write|put|offer)\b|\bwhat (?:app|tool|software|websites?|sites?|crossing|states)\b|\bwhich (?:app|tool|software|websites?|sites?|crossing|states|models?)\b|\blist (?:the )?(?:specific )?(?:sites|websites|vendors|markets|places|forums|channels|darknet|dark web)\b|\bwhere (?:can|do|could|would|should) (?:i|we|you|people|one|someone) (?:find|get|buy|download|order|watch)\b|\bwhere (?:people|you) find\b|\bneed (?:a way|the real method|actual methods|to find)\b|\bhelp me\b|\b(?:send|give|show|share) me\b|\blinks? to\b|\b(?:real|actual|concrete) (?:steps|details|methods?|code|names)\b|\bconcretely how\b|\bnarrate how\b|\bexplain in detail\b|\bin detail how\b|\bshould (?:i|we) (?:delete|destroy|wipe|hide|get rid|shred|burn)\b|\bhow (?:do|can) (?:i|we) (?:convince|get|make|stop)\b|\bi need to (?:coach|sneak|hide|find|get rid)\b|\bso i can do it\b|\b(?:como|donde) (?:\w+ )?(?:consigo|compro|hago|saco|obtengo|consigue|consiguen|compra|hace|hacen|hacer|conseguir|comprar|sacar)\b/;

interface Objective {
  readonly topic: RefusalTopic;
  readonly name: string;
  readonly pattern: RegExp;
}

const objectives: readonly Objective[] = [
  {
    topic: 'illegal-material',
    name: 'child-sexual-material',
    pattern:
      /\b(?:child\s+(?:porn(?:ography)?|sexual\s+abuse\s+(?:material|images?|videos?))|csam|underage\s+(?:nudes?|porn|sexual images?|pics|photos|videos)|(?:nudes?|naked|sexual)\s+(?:pics|photos|images|videos)?\s*of\s+(?:minors|children|kids|a minor|a child|high school (?:girls|boys)|underage|teen (?:girls|boys)|\d+ year olds?))\b/,
  },
  {
    topic: 'illegal-material',
    name: 'drugs',
    pattern:
      /\b(?:buy|get|order|source|find)\b[^.?!]{0,40}\b(?:pills|oxys?|oxycodone|fentanyl|xanax|coke|cocaine|meth|heroin|drugs)\b[^.?!]{0,40}\b(?:without a (?:real )?prescription|online|dark ?web|darknet|shipped|from a pill mill)\b|\b(?:darknet|dark web) (?:vendors|markets?)\b|\bpill mill\b[^.?!]*\bwithout a (?:real )?prescription\b/,
  },
  {
    topic: 'illegal-material',
    name: 'weapons',
    pattern:
      /\b(?:get|buy|obtain)(?:ting)? a (?:gun|firearm|pistol|rifle)\b[^.?!]{0,60}\b(?:felon|without a background check|can not pass|conviction)\b|\b(?:untraceable|ghost) (?:gun|firearm)\b|\bno serial number\b|\bauto sear\b|\b(?:make|build|3d print) (?:a |an )?(?:bomb|pipe bomb|explosive|silencer|suppressor|machine gun)\b/,
  },
  {
    topic: 'crime',
    name: 'witness-tampering',
    pattern:
      /\b(?:scare|threaten|intimidate|pressure|convince|persuade|pay|bribe|get|make|coach)(?:s|es|d|ed|ing)?\b[^.?!]{0,30}\b(?:witness|eyewitness|juror|victim|informant|snitch|him|her|my brother|my friend)\b[^.?!]{0,60}\b(?:stay quiet|not (?:to )?show up|does not show up|change (?:his|her|their) story|not testify|recant|leave the state|vote not guilty|does not remember|do not remember|forget(?:s|ting)?)\b|\b(?:threaten|intimidate|scare|bribe) (?:a |the |my |this |that )?(?:witness|eyewitness|juror)\b|\bchange (?:his|her|their) story\b|\bsay (?:he|she|they) (?:does|do) not remember\b|\bget a juror to\b|\b(?:get|make|pay|convince|persuade|talk)\b (?:the|a|that|this|my) (?:\w+ )?(?:clerk|cashier|guard|employee|coworker|neighbor|manager|roommate|friend|brother|sister|cousin|girlfriend|boyfriend|wife|husband|witness|bouncer|bartender|teller)\b(?: into)?[^.?!]{0,10}\b(?:to )?(?:say|saying|tell|telling|swear|swearing|claim|claiming) (?:that )?(?:someone else|somebody else|some other guy|it was not me|i was not there|they never saw)\b/,
  },
  {
    topic: 'crime',
    name: 'false-testimony',
    pattern:
      /\bcoach (?:a|my|the)? ?(?:client|witness)\b[^.?!]{0,40}\b(?:lie|made up|more convincing|than what actually happened)\b|\bmade up parts\b/,
  },
  {
    topic: 'evidence',
    name: 'destroy-evidence',
    pattern:
      /\b(?:hard ?drives?|phones?|files|evidence|records|emails|texts)\b[^.?!]{0,15}\b(?:cleaned|wiped|erased|destroyed|deleted|shredded|scrubbed)\b|\b(?:wipe|wiped|wiping|delete|deleted|destroy|shred|bleach|bleached|burn|erase|clean|cleaned|scrub|get rid of|got rid of|dispose of|hide|hid|doctor|alter|replace|edit|plant|plants)\b[^.?!]{0,50}\b(?:evidence|blood|body|bodies|files?|hard ?drives?|phones?|iphone|texts|emails|records|invoices|footage|video|timestamps|car|gun|weapon|dna|fingerprints|drugs on|messages|server)\b/,
  },
  {
    topic: 'crime',
    name: 'laundering',
    pattern:
      /\blaunder\w*\b|\bclean(?:s|ing)? (?:the )?(?:cash|money)\b|\bstructure (?:cash |my )?deposits\b|\bunder 10k so\b|\b(?:hide|hiding) (?:cash |my |the )?(?:income|cash|money|assets)\b|\bmove\b[^.?!]{0,40}\bcash\b[^.?!]{0,40}\bbank\b|\bputting stuff in my \w+ name\b/,
  },
  {
    topic: 'crime',
    name: 'evading-police',
    pattern:
      /\b(?:evade|escape|dodge|outrun|lose|shake)\b[^.?!]{0,20}\b(?:cops|police|feds|marshals|warrant|arrest)\b|\bavoid\b[^.?!]{0,20}\b(?:cops|police|feds|marshals|getting (?:served|caught|arrested|flagged))\b|\b(?:stay|remain|keep) (?:off the radar|hidden|under the radar)\b|\bstates (?:do not|that do not) extradite\b|\b(?:cops|police) off my tail\b|\bswap(?:ping)? plates\b|\bhide (?:him|her|them|my \w+) (?:when|from)\b/,
  },
  {
    topic: 'crime',
    name: 'forgery-fraud',
    pattern:
      /\b(?:fake|forged?|counterfeit|fraudulent|realistic(?:[- ]looking)?|phony)\b[^.?!]{0,20}\b(?:doctors? note|note|id|w-?2|pay ?stubs?|lease(?: agreement)?|document|diploma|passport|license|signature|check|prescription|receipt|bank statement|green card|social security card|birth certificate|visa|work permit)s?\b|\b(?:green card|mica|licencia|pasaporte|identificacion|id|papeles|tarjeta del seguro social|seguro social|acta de nacimiento|visa|permiso de trabajo|receta)\b[^.?!]{0,20}\b(?:falsa|falso|falsas|falsos|falsificad[oa]s?|chueca|chueco|chuecas|chuecos)\b|\bwhat should (?:we|i) fake\b|\blooks? legit\b|\bso (?:they|the adjuster|insurance|the insurer) (?:think|thinks|believe)\b|\bopen (?:a )?credit card in\b|\b(?:social security number|ssn)\b[^.?!]*\bname\b|\bmarry (?:him|her) on paper\b/,
  },
  {
    topic: 'crime',
    name: 'covert-tracking',
    pattern:
      /\b(?:track|trace|locate|find|see|monitor|spy on|read)\b[^.?!]{0,30}\b(?:her|his|their|my (?:ex|girlfriend|boyfriend|wife|husband))(?:s)? (?:phone|location|texts|messages|new address|address|whereabouts)\b|\b(?:get|pull|ping|grab|see|track|find)\b[^.?!]{0,20}\b(?:someones|someone s|somebodys|a persons|a person s|his|her|their|my \w+ s)\b[^.?!]{0,20}\b(?:real time |live |exact |current )?(?:location|whereabouts|gps)\b[^.?!]{0,60}\b(?:without (?:them|him|her) knowing|secretly|without consent|from (?:just )?(?:their|his|her|a) (?:phone )?number)\b|\bfind where my \w+ is (?:living|staying)\b|\b(?:plant|put|hide) (?:a )?(?:gps )?tracker\b|\bput on (?:his|her) phone secretly\b|\bapp i can put on\b|\blocation 24\/?7\b|\bher license plate to find\b/,
  },
  {
    topic: 'crime',
    name: 'hacking',
    pattern:
      /\b(?:get|break|hack)(?:ing)? into\b[^.?!]{0,30}\b(?:account|instagram|email|phone|computer|network|facebook|snapchat|whatsapp|icloud|imessages?|dms|messages|texts|gmail|cloud)\b|\bphishing email\b|\bransomware\b|\bmalware\b|\bkeylogger\b|\bpasswords into my page\b|\bguess(?:ing)? the reset questions\b/,
  },
  {
    topic: 'crime',
    name: 'bribery',
    pattern:
      /\bbribe (?:a |the )?(?:\w+ )?(?:judge|juror|inspector|officer|official|cop|agent|guard)\b|\bhow much (?:do|should) i offer\b/,
  },
  {
    topic: 'crime',
    name: 'smuggling',
    pattern: /\bsneak\b[^.?!]{0,40}\bacross the border\b|\bsmuggl\w*\b|\bleast patrolled\b/,
  },
  {
    topic: 'crime',
    name: 'defeat-testing',
    pattern:
      /\b(?:pass|beat|cheat|fake) (?:a |the |my )?(?:drug|piss|urine) test\b|\bsynthetic urine\b|\bclean piss test\b/,
  },
];

/** Asking for a way not to be noticed by the authorities. */
const evasion =
  /\bwithout (?:getting caught|being (?:caught|traced|detected|noticed|flagged|seen)|leaving (?:a )?trace|(?:the )?(?:irs|police|cops|feds|fbi|dea|bank|body shop|court|authorities|anyone|her|him|them) (?:noticing|knowing|finding out|reporting|seeing|catching)|it (?:being traceable|counting as a crime)|(?:the )?(?:irs|ssa|opm|va|social security|government|agency|feds|fbi|police|cops|bank|insurance|insurer|auditors?|state) (?:ever )?(?:figuring (?:it )?out|realizing|catching on|finding out))\b|\bso (?:that )?(?:the |a |an |any )?(?:\w+ )?(?:police|cops|fbi|feds|irs|bank|court|crime lab|fbi lab|examiner|lab|investigators?|they|no one|nobody|an audit|the audit|body cams)\b[^.?!]{0,30}\b(?:can not|will not|would not|could not|does not|do not|found nothing|finds nothing|never)\b|\b(?:can not|could not) be traced\b|\bnot (?:be )?traceable\b|\bnot get flagged\b|\bso (?:it|this) is not obstruction\b|\bso i do not get charged\b|\bcan not be used (?:as a threat )?against me\b|\bbefore the (?:feds|police|cops|fbi) (?:image|come|search|get)\b|\bso (?:the numbers match|it shows)\b|\bso they do not come up in discovery\b|\bwithout a trace\b/;

export interface RefusalFinding {
  readonly topic: RefusalTopic;
  readonly signals: readonly string[];
}

/**
 * The lexicon rule (`lexicon/words.ts`), for wording the topic patterns above do not know: in
 * one sentence, a request for a method followed by a criminal objective ("what's the cleanest
 * way to corrupt the file"), or an objective with a wish not to be found out ("… so the bank
 * never files a report"), where the text asks for something. A sentence that asks about the
 * law ("which statute makes it illegal to read someone's emails") asks for no method.
 */
const requestThenObjective = new RegExp(
  `${words.methodRequest.source}[^.?!]*?${words.crimeObjective.source}`,
);
/** A request for a ready-made artifact of the crime may come after it: "grandma scam script, word for word". */
const artifactRequest =
  /\b(?:script|template|word for word|step by step|steps|dialogue|tutorial|guide|instructions|rundown|playbook|walkthrough)\b/;
const objectiveThenArtifact = new RegExp(`${words.crimeObjective.source}[^.?!]*?${artifactRequest.source}`);
const requestConcealed = new RegExp(`${words.methodRequest.source}[^.?!]*?${words.concealment.source}`);
const objectiveConcealed = new RegExp(
  `${words.crimeObjective.source}[^.?!]*?${words.concealment.source}|${words.concealment.source}[^.?!]*?${words.crimeObjective.source}`,
);

function lexiconObjective(sentence: string, text: string): RefusalFinding | undefined {
  const asksForMethod = words.methodRequest.test(sentence);
  if (words.informational.test(sentence) && !asksForMethod) return undefined;
  const direct = requestThenObjective.exec(sentence) ?? objectiveThenArtifact.exec(sentence);
  const concealed =
    direct === null && (asksForMethod || words.methodRequest.test(text))
      ? objectiveConcealed.exec(sentence)
      : null;
  // In a short text the crime may be told in one sentence and the method asked for in the next:
  // "… buy AR lowers off a guy without paperwork. how do we do it so nothing is traceable".
  const split =
    direct === null && concealed === null && text !== sentence && requestConcealed.test(sentence)
      ? words.crimeObjective.exec(text)
      : null;
  const found = direct ?? concealed ?? split;
  if (found === null) return undefined;
  const topic: RefusalTopic = illegalMaterial.test(found[0])
    ? 'illegal-material'
    : evidenceObjects.test(found[0])
      ? 'evidence'
      : 'crime';
  return { topic, signals: [direct ? 'refusal:method-for-crime' : 'refusal:crime-concealed'] };
}

const illegalMaterial =
  /\b(?:underage|minors|jailbait|dark ?web|darknet|pressies|carts|pills|glock switch|auto sear|full auto|paperwork|background check|straw purchase|ghost gun|untraceable|serial number|silencer|suppressor|discreet|stealth)\b/;
const evidenceObjects =
  /\b(?:corrupt|wipe|delete|destroy|get rid|dispose|bleach|shred|plant|doctor|alter|footage|evidence)\b/;

/** Someone keeping themselves or their children from being found: protection, not a crime. */
const protective =
  /\b(?:find|track|locate|trace|see|know where|follow) (?:me|us|my (?:kids|children|family|son|daughter|new (?:address|place|home|number)))\b/;

/** An account or a charge the asker disputes as not theirs. */
const disputedAsVictim =
  /\b(?:credit report|credit reports|collections? (?:account|agency|agencies)|identity theft|disputed|dispute (?:it|them|the)|fraud alert)\b/;

/**
 * The shapes (`refusal-cues.ts`): a method asked for, with a wish that the authorities not
 * find out, a deceit, or pressure on a witness. In a short text the parts may sit in different
 * sentences; in a long post, in one.
 */
function shapeOfCrime(unit: string, asksForArtifact: boolean): RefusalFinding | undefined {
  // A story, a script or a role asked for ("write me a script for a voicemail…") is a request
  // in itself, though the framing stage cut its words out.
  if (!asksForArtifact && !askForMethod.test(unit) && !words.methodRequest.test(unit)) return undefined;
  if (words.informational.test(unit) && !words.methodRequest.test(unit)) return undefined;
  const witness = pressuresWitness(unit);
  // "a collections account on my credit report for a phone i never had": the asker wronged
  // by a deceit, disputing it, not practising one.
  const deceitful = deceit.test(unit) && !disputedAsVictim.test(unit);
  const concealed = concealFromAuthorities.test(unit) && !(protective.test(unit) && !deceitful);
  if (!witness && !deceitful && !concealed) return undefined;
  const topic: RefusalTopic =
    /\b(?:hide|shred\w*|destroy\w*|evidence|blood|luminol|ledgers?|wipe|delete)\b/.test(unit)
      ? 'evidence'
      : 'crime';
  const cue = witness ? 'witness-pressure' : deceitful ? 'deceit' : 'concealed-from-authorities';
  return { topic, signals: [`refusal:${cue}`] };
}

function shapesOfCrime(text: string, asksForArtifact: boolean): RefusalFinding | undefined {
  const units = text.length > longText ? splitSentences(text) : [text];
  for (const unit of units) {
    const found = shapeOfCrime(unit, asksForArtifact);
    if (found) return found;
  }
  return undefined;
}

/**
 * A method asked for beside a hint of crime (an objective, concealment, a deceit, pressure on a
 * witness) that the rules above did not find sufficient: where the statistical backstop may
 * refuse. Measured leave-one-writer-out, the model refused no general question or personal post
 * with this gate, and about four of five unseen requests for help with a crime.
 */
export function hintsAtCrime(text: string): boolean {
  const asks = askForMethod.test(text) || words.methodRequest.test(text) || asksForCapability(text);
  return (
    asks &&
    (words.crimeObjective.test(text) ||
      harmfulEndKinds.some((kind) => words[kind].test(text)) ||
      words.illicitDrug.test(text) ||
      words.undetected.test(text) ||
      words.falsity.test(text) ||
      words.concealment.test(text) ||
      concealFromAuthorities.test(text) ||
      deceit.test(text) ||
      pressuresWitness(text))
  );
}

/** Finds a request for help with a crime in framing-stripped, normalized text. */
export function detectRefusal(
  text: string,
  options: { asksForArtifact?: boolean } = {},
): RefusalFinding | undefined {
  // A question about the law's treatment of an act, asked with no more than a bare "how", is
  // answered whatever crime it names ("money laundering under 1956 vs 1957, how do they differ").
  if (text.length <= longText && (asksAboutTheLaw(text) || asksOnlyForRemedy(text))) return undefined;
  const requested = operativeRequest.test(text) || words.methodRequest.test(text);
  if (!requested) return shapesOfCrime(text, options.asksForArtifact ?? false) ?? operationalRequest(text);
  const evades = evasion.test(text);
  // In a long post the request and the crime must share a sentence: "he hacks into my accounts
  // … how do I get a protective order" asks for protection, not for hacking.
  const long = text.length > longText;
  for (const sentence of splitSentences(text)) {
    if (long && !operativeRequest.test(sentence)) continue;
    const found = objectives.find((objective) => objective.pattern.test(sentence));
    if (found === undefined) continue;
    // Destroying or hiding things is only a crime with an investigation or a purpose of hiding.
    if (found.name === 'destroy-evidence' && !evades && !investigationContext.test(text)) continue;
    // A parent and their own child's phone or whereabouts: not tracking an adult.
    if (found.name === 'covert-tracking' && childsOwn.test(sentence)) continue;
    return { topic: found.topic, signals: [`refusal:${found.name}`, ...(evades ? ['refusal:evasion'] : [])] };
  }
  for (const sentence of splitSentences(text)) {
    const found = lexiconObjective(sentence, long ? sentence : text);
    if (found) return found;
  }
  const shaped = shapesOfCrime(text, options.asksForArtifact ?? false);
  if (shaped) return shaped;
  if (
    evades &&
    (!long ||
      splitSentences(text).some((sentence) => operativeRequest.test(sentence) && evasion.test(sentence)))
  )
    return { topic: 'crime', signals: ['refusal:evasion'] };
  return operationalRequest(text);
}

/** Characters beyond which a text is a post, where cues must share a sentence. */
const longText = 400;

const investigationContext =
  /\b(?:police|cops|fbi|feds|investigat\w*|subpoena\w*|warrant|lawsuit|suing|court|trial|discovery|audit\w*|crime lab|forensic|examiner|robbery|evidence|crime)\b/;
