import { splitSentences } from './clauses.js';
import { words } from './lexicon/index.js';
import type { RefusalTopic } from './policy.js';

/**
 * Criminal asks told inside the asker's own story (round 4 of the refusal stage): "the cops are
 * coming, where can i put it so they don't find it", "how do i convince her to say she didn't
 * see it", "how do i put it in the bank without it getting reported", "can i put something on
 * his phone that sends me his messages". Round 3 looked for an ask and a named crime; people
 * telling their own trouble name no crime. What they ask the bot to do has a shape instead, and
 * each shape below is grammar, not a list of crimes:
 *
 * - **concealment**: a purpose clause of not being noticed — passive ("without it getting
 *   reported", "without them flagging me"), negated perception ("so they don't find it", "so
 *   the creditor can't touch it"), a result that hides ("comes back clean", "looks like normal
 *   wear", "off their radar"). Aimed at a thing or an act, never at the asker's own person ("so
 *   he can't find me" is protection);
 * - **changing testimony**: getting a person to say, forget or take back what they saw, where
 *   a statement, a hearing or the police are in the story;
 * - **someone's whereabouts or device**: where a particular adult goes, or something put on
 *   their phone, or the address of someone who has a protective order or moved away;
 * - **a false account for an official**: what to say to an investigator "even though I wasn't",
 *   "so my story holds up".
 *
 * Each needs an ask of any strength ("can i…", "what's something i can…", "where do i…"): in a
 * story, that is how people ask. A question about the law's treatment with no such ask is
 * answered (the caller masks legality clauses first: "is it illegal to make a fake id").
 */

export interface EmbeddedAskFinding {
  readonly topic: RefusalTopic;
  readonly signals: readonly string[];
}

/** An ask of any strength, as people ask inside their own story. */
const anyAsk =
  /\b(?:how (?:do|can|could|would|should|to|does|did|much|many) |how (?!come|long|old|far|often|bad|serious|is|are|was|were|about)[a-z]{3,}\b|where (?:do|can|could|should|would|to|is a good|is the best)\b|what (?:do|can|could|should|would) (?:i|we|he|she|they|you|our client|my \w+|the caller|the client)\b|what is the (?:move|play|sequence|game plan|trick)\b|(?:list|give me|lay out) (?:the |all the )?steps\b|(?:which|what) (?:one|ones|brand|brands|model|kind)\b|how (?:i|we|he|she|they) (?:can|could|should|do|to)\b|what is (?:something|(?:a|one|the) (?:good |safe |quick |simple )?way|the (?:best|easiest|quickest|fastest|safest|cleanest|simplest|right) \w+)|what (?:is )?(?:something|anything|stuff) (?:i|we|he|she) (?:can|could)\b|(?:best|easiest|quickest|fastest|safest|cleanest|simplest|surest) (?:way|ways|place|spot|thing|method|app|structure)s?\b|can (?:i|we|he|she|you) (?:put|install|get|make|use|hide|move|keep|see|read|track|find|delete|wipe|say|tell|text|convince|change|fix|clean|stash|add|load)\b|is there (?:a|an|any) (?:way|app|trick|program)\b|(?:tell|show|teach) (?:me|him|her|us|them) (?:how|what|where)\b|\bhelp (?:me|him|her|us|them|our client|my client)\b|(?:what|which) (?:app|apps|tool|tools|databases?|sites?|websites?|software|program|structure)\b|(?:wants?|asked|asking) (?:me )?(?:to know |to find out |to research )?(?:how|what|where) (?:to|he|she|they|i)\b|\bneed (?:a way|to know how)\b|(?:como|donde|que) (?:\w+ ){0,2}(?:hago|puedo|pongo|escondo|guardo|digo|le digo))\b/;

/** Who might look: an authority or anyone who checks (from the lexicon), or "they" beside one. */
const watcherWord =
  /\b(?:they|them|he|she|anyone|anybody|nobody|no one|it|the \w+|my \w+|his \w+|her \w+|their \w+|our \w+)\b/;

const notNoticedPassive =
  /\bwithout (?:\S+ ){0,3}?(?:getting|being|it being|it getting|them getting|them being|anyone|anybody|someone)? ?(?:reported|flagged|noticed|detected|traced|tracked|caught|recorded|picked up|pulled over|red-flagged)\b/;
const notNoticedActive =
  /\bwithout (?:it|them|that|this|anything|the \w+|their \w+|his \w+|her \w+) (?:triggering|setting off|going off|sounding|beeping|showing up|showing (?:in|on)|appearing (?:in|on)|raising|tripping|pinging|flagging|alerting|catching|noticing|picking (?:me|him|her|us) up|stopping)\b/;
/** "without the manager see": the perceiver and a bare verb, as a second language writes it. */
const notNoticedBare =
  /\bwithout (?:the|my|his|her|their|our|any) (?:\w+ )?\w+ (?:see|notice|know|find out|realize|catch|check)\b/;
/** "without tripping the pharmacy logs": no subject, but something that records or alarms. */
const notNoticedRecord =
  /\bwithout (?:tripping|triggering|setting off|alerting|pinging|flagging|hitting) (?:the |any |an? |their |its )?(?:\w+ ){0,2}?(?:logs?|alarms?|sensors?|cameras?|flags?|red flags?|alerts?|audits?|audit trail|monitoring|monitors?|scanners?|detectors?|reports?|limits?|system)\b/;
/** "so neither the bank nor her kids notice", "so no currency report gets filed". */
const nobodyNotices =
  /\bso (?:that )?neither (?:\S+ ){1,4}?nor (?:\S+ ){1,4}?(?:notice|notices|know|knows|find out|finds out|see|sees|catch on|catches on|suspect|suspects|realize|realizes)\b|\bso (?:that )?no (?:\w+ ){0,2}?(?:report|ctr|sar|flag|alert|record|trace|paper trail|form) (?:gets|is|will be|ever gets|would be|has to be) (?:filed|made|generated|triggered|sent|created|kept|raised)\b/;
/** Traces removed before the police look: "get the paint off before the cops check body shops". */
const beforeAuthoritiesLook =
  /\b(?:get|gets|getting|wipe|clean|scrub|sand|buff|remove|hide|fix|fixed|repaint|paint over|dump|ditch|stash|move|burn|bleach|shred|delete) (?:[^.?!]{0,60}?)before (?:the |any )?(?:police|cops|feds|fbi|detectives?|investigators?|forensics|crime lab|marshals|sheriff|deputies|troopers?|agents|da|prosecutors?) (?:\w+ )?(?:check|checks|look|looks|search|searches|find|finds|come|comes|arrive|arrives|get|gets|inspect|inspects|examine|examines|see|sees|notice|notices|show up|shows up|start|starts)\b/;
/** "so they don't find it", "so the creditor can't touch it": not the asker's own person. */
const negatedPerception = new RegExp(
  `\\bso (?:that )?(?:${watcherWord.source}) ?(?:\\S+ )?(?:do not|does not|will not|would not|can not|could not|never|did not|wont|dont|cant) (?:\\S+ )?(?:find|see|notice|report|flag|catch|detect|trace|recover|look|check|count|touch|reach|collect|take|know|suspect|realize|smell|tell)\\b(?! (?:me|us|my (?:kids|children|family|son|daughter|baby|new)|where (?:i|we) (?:live|am|are|moved)))`,
);
const hidingResult =
  /\b(?:comes?|came|coming) (?:back |up )?(?:clean|negative)\b|\b(?:show|shows|test|tests|read|reads) (?:up )?clean\b|\b(?:stay|stays|keep \w+|keeps \w+|remain|remains) (?:off|under) (?:the|their|his|her|any|my) radar\b|\b(?:look|looks|seem|seems|appear|appears|pass|passes) (?:like |as )?(?:normal wear|wear and tear|normal|natural|an accident|accidental|it (?:broke|failed|happened) on its own)\b|\bso (?:the|it|its|my|our) (?:\w+ )?(?:dates?|numbers?|paint|records?|story|stories|times?) (?:match|matches|line up|lines up|add up|adds up|do not match|does not match)\b|\bso (?:it|they|the \w+) (?:do not|does not|will not|would not) match\b|\b(?:not|never) (?:show|shows|come up|comes up|read|reads|look|looks) (?:as )?(?:short|missing|anything missing|a gap|a shortage)\b/;

/** A thing or act kept from a checker; never someone protecting themselves. */
function concealment(unit: string, text: string): boolean {
  const shapes = [
    notNoticedPassive,
    notNoticedActive,
    notNoticedBare,
    notNoticedRecord,
    nobodyNotices,
    beforeAuthoritiesLook,
    hidingResult,
  ];
  if (shapes.some((shape) => shape.test(unit))) return true;
  // Negated perception by a pronoun needs someone who checks somewhere in the story.
  const match = negatedPerception.exec(unit);
  if (match === null) return false;
  return words.checker.test(text) || /\b(?:creditor|landlord|inspector|investigator|other side)\b/.test(text);
}

const influenceAsk =
  /\b(?:how (?:do|can|could|would|should|to) (?:i |we |he |she |our client |my \w+ )?(?:get|convince|make|persuade|talk|pressure|push|ask|pay)|what (?:do|can|could|should|would) (?:i|we|he|she|our client|my \w+|the client) (?:say|text|tell|write|send|offer|do)|what to (?:say|text|tell)|(?:best|easiest) way to (?:get|convince|make|persuade|talk)|(?:get|convince|make|persuade) (?:her|him|them|my \w+|his \w+|the \w+) to|(?:a|any) way to (?:phrase|word|put) (?:it|this|that)|help (?:\w+ )?word (?:a|the) (?:message|text|letter|note))\b/;
const testimonyChange =
  /\b(?:recant\w*|take (?:it|that|back|her statement|his statement)|change (?:her|his|their|the) (?:story|statement|testimony|mind|version)|say (?:she|he|they|it) (?:did not|does not|never|was not|is not|could not)|say (?:she|he|they) (?:was|were|is|got) (?:mistaken|wrong|confused|lying|not sure|it wrong)|(?:forget|forgets)\b|remembers? (?:\w+ )?differently|drop (?:it|the (?:charges|case|complaint|report))|not (?:to )?(?:testify|show up|come to court|cooperate|talk to)|stay quiet|keep quiet|back off|withdraw (?:the|her|his|their) (?:statement|complaint|report))\b/;
const testimonyContext =
  /\b(?:testif\w*|testimony|statement|witness\w*|deposition|hearing|grand jury|trial|court|detective|police|cops|investigator|prosecutor|charges|reported|hr)\b/;
/** Persuading the prosecutor or the court is advocacy, not tampering. */
const advocacy = /\b(?:prosecutor|district attorney|the da|judge|the court) to\b/;

const whereabouts =
  /\b(?:see|know|find out|track|follow|watch|monitor|figure out|keep tabs on) (?:where|wherever) (?:she|he|they|my \w+|his \w+|her \w+) (?:is|are|goes|go|went|is at|lives|is staying|is living|hangs out|drives)\b/;
const deviceIntrusion =
  /\b(?:install|put|load|hide|plant) (?:it |this |that |something )?(?:on|in|onto|into) (?:his|her|their|my (?:ex|wife|husband|girlfriend|boyfriend|partner|gf|bf|spouse|fiance)\w*) (?:phone|iphone|android|car|laptop|computer|tablet|ipad|truck)\b|\b(?:sends?|forwards?|copies|mirrors?) (?:me )?(?:his|her|their) (?:\w+ ){0,3}?(?:texts|messages|snaps|location|calls|emails|photos|chats|dms) to me\b|\b(?:put|install|load|hide|add|plant|stick|slip) (?:something|an app|a app|software|spyware|a tracker|a gps|an airtag|a program|stuff|an? \w+) (?:on|in|into|under) (?:his|her|their|my (?:ex|wife|husband|girlfriend|boyfriend|partner)\w*) (?:phone|car|laptop|computer|tablet|ipad|truck)\b|\b(?:sends?|forwards?|copies|shows?) me (?:his|her|their|all (?:his|her|their)) (?:texts|messages|location|calls|emails|photos|chats)\b|\b(?:get into|log into|access|break into) (?:his|her|their|my \w+s?) (?:icloud|email|gmail|facebook|instagram|snapchat|whatsapp|account|phone)\b/;
/** A device hidden in an adult's car, phone or room: "hidden camera for my girlfriend's bathroom". */
const covertDevice =
  /\b(?:hidden|secret|covert|tiny|small|mini|discreet|undetectable|spy) (?:\w+ )?(?:gps|trackers?|cameras?|cams?|airtags?|mics?|microphones?|recorders?|apps?|spyware) (?:for|on|in|under|inside) (?:my |his |her |their )?(?:ex|wife|husband|girlfriend|boyfriend|partner|gf|bf|spouse|fiance|roommate|neighbor|coworker|boss|landlord|tenant)\w* (?:\w+ )?(?:car|truck|phone|bathroom|bedroom|room|purse|bag|house|apartment|shower|laptop)\b|\b(?:gps|trackers?|airtags?|cameras?|spyware) (?:for|on|in|under) (?:my |his |her )?(?:ex|wife|husband|girlfriend|boyfriend|partner|spouse)\w* (?:\w+ )?(?:car|truck|phone|bathroom|bedroom|purse|bag)\b[^.?!]{0,30}\b(?:he|she|they) (?:will not|wont|would not|can not|does not|never) (?:find|notice|see|know)\b/;
/** A parent looking at their own child's phone or whereabouts is not intrusion on an adult. */
export const childsOwn =
  /\bmy (?:\w+ ){0,2}?(?:son|daughter|kid|child|teen|teenager|baby)s? (?:phone|texts|messages|ipad|tablet|laptop|location)\b|\bwhere (?:my|our) (?:\w+ )?(?:kids|children|son|daughter|baby|child)\b|\b(?:he|she) is (?:1[0-7]|[1-9])\b/;
const addressOf =
  /\b(?:where (?:she|he|they) (?:lives|is living|is staying|moved|lives now)|(?:her|his|their) (?:new |current )?(?:address|location|whereabouts))\b/;
const protectedFromSeeker =
  /\b(?:protective order|restraining order|no contact order|order of protection)\b|\b(?:she|he|they) (?:moved|blocked|is hiding|does not want)\b/;

/**
 * Someone the police are looking for, and a way to move them, hide them or send the police
 * away: "the marshals have a warrant for my brother… how do i get him across the state line".
 * Whether it is a crime to let them stay is a question about the law (a legality clause).
 */
const soughtByAuthorities =
  /\b(?:police|cops|marshals|feds|fbi|ice|detectives?|deputies|sheriff|agents|la policia|la migra)\b (?:\w+ ){0,3}?(?:looking for|searching for|asking for|after|hunting for|coming for|coming by|asking about|buscando a)\b|\bwarrant (?:out )?for (?:my|his|her|our|the) \w+/;
const harborAsk =
  /\b(?:get|move|take|drive|sneak|send|smuggle) (?:him|her|them|my \w+) (?:out of (?:state|town|the state|the country|the county)|outta (?:state|town)|across (?:the )?(?:state line|border|line)|over the border|to another (?:state|country))\b|\bwhere (?:can|could|should) (?:he|she|they) (?:stay|hide|go|sleep|crash)\b|\bhide (?:him|her|them)\b|\bkeep (?:him|her|them) (?:hidden|away from|out of sight)\b|\bso (?:they|the police|the cops|the marshals) (?:leave|go away|stop (?:coming|looking|asking)|do not come back|will not look|wont look)\b/;

const sayAsk =
  /\b(?:what (?:\w+ ){0,2}?(?:do|should|can|could|would) (?:i|we|he|she|they|our client|my \w+) (?:say|tell|write|put|claim|report|describe)|how (?:do|should|can) (?:i|we) (?:word|phrase|say|tell|explain)|what to (?:say|tell|write)|help (?:me|us) (?:say|word|explain))\b/;
const falseAccount =
  /\beven though (?:i|we|he|she|they) (?:was not|were not|did not|is not|are not|never|had not|have not|do not|does not)\b|\b(?:that is|it is|which is) not (?:true|what happened)\b|\bso (?:my|our|his|her|the) (?:story|stories|alibi|version) (?:holds? up|matches|match|checks? out|lines? up|sticks)\b|\b(?:get|keep) (?:our|the|my) stor(?:y|ies) straight\b|\bcover for (?:him|her|me|them)\b|(?<!\b(?:not|never|without|no) (?:\w+ ){0,2})\b(?:exaggerat\w*|embellish\w*|play up|fake (?:it|a|an|some|my|the)|pretend (?:to|that|i))\b|\bi (?:do not|did not|have not|am not) (?:actually|really) (?:have|had|get|feel|experience|hear|see|in pain|hurt)\b|\bsay (?:that )?i do\b/;

/** Characters beyond which the ask and the shape must share a sentence. */
const longText = 400;

/** Finds a criminal ask embedded in the asker's story (normalized, legality clauses masked). */
export function embeddedAsk(text: string): EmbeddedAskFinding | undefined {
  const long = text.length > longText;
  for (const sentence of splitSentences(text)) {
    if (!anyAsk.test(sentence) && !influenceAsk.test(sentence) && !sayAsk.test(sentence)) continue;
    const unit = long ? sentence : text;
    if (concealment(unit, text)) return finding('concealment', unit);
    if (
      influenceAsk.test(unit) &&
      testimonyChange.test(unit) &&
      testimonyContext.test(text) &&
      !advocacy.test(unit)
    )
      return finding('changing-testimony', unit);
    if (
      !childsOwn.test(unit) &&
      (whereabouts.test(unit) || deviceIntrusion.test(unit) || covertDevice.test(unit))
    )
      return finding('whereabouts-or-device', unit);
    if (addressOf.test(unit) && protectedFromSeeker.test(text)) return finding('whereabouts-or-device', unit);
    if (sayAsk.test(unit) && falseAccount.test(unit)) return finding('false-account', unit);
    if (harborAsk.test(unit) && soughtByAuthorities.test(text)) return finding('harboring', unit);
  }
  return undefined;
}

const evidenceWords =
  /\b(?:texts|messages|evidence|records|files|laptop|phone|footage|emails|bag|stuff|it)\b/;

function finding(shape: string, unit: string): EmbeddedAskFinding {
  const topic: RefusalTopic =
    shape === 'concealment' &&
    evidenceWords.test(unit) &&
    /\b(?:police|cops|subpoena\w*|warrant|search|forensic\w*|court)\b/.test(unit)
      ? 'evidence'
      : 'crime';
  return { topic, signals: [`refusal:embedded:${shape}`] };
}

/**
 * "is it illegal to make a fake id", "whether it is a federal crime to put a tracker on…": the
 * act named as the subject of a question about the law, which is not a request for it. The
 * refusal stages read the text with these clauses cut out when nothing else in it asks.
 */
export const legalityClause =
  /\b(?:is it|it is|its|whether it is|whether its|if it is|if its|is that|is this|would it be|whether|if) (?:actually |really |still |ever |even )?(?:illegal|legal|a crime|a federal crime|against the law|an offense|a federal offense|allowed|lawful|unlawful|a felony|a misdemeanor)(?: under federal law| federally)? (?:for (?:\w+ ){1,3})?to [^.?!;]*/g;
