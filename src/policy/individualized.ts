import { isQuestion, splitSentences } from './clauses.js';
import { words } from './lexicon/index.js';

/**
 * The personal-situation stage: is the (framing-stripped, normalized) text about the asker's
 * own situation, or that of someone close to them or a person they relay, and does it ask what
 * to do, what will happen, or for a drafted document? A long first-person account of events is
 * personal on its own. General first-person questions ("I keep mixing up Miranda and the Sixth
 * Amendment") are not.
 *
 * Besides the plain forms, it catches the disguised ones: a "general" question that carries the
 * asker's own facts ("a tenant … unit 4B … $1,850 … what should that person put in the letter"),
 * self-insertions ("(me lol)", "someone in my position", "if you were me"), and a decision asked
 * of the bot ("tell me whether I personally should plead guilty").
 */

const firstPerson = /\b(?:i|me|my|mine|myself|we|our|ours|us)\b/g;

/** Institutional "we"/"our" and role introductions left after framing: not the asker's own matter. */
const institutional =
  /\b(?:our (?:clinic|office|organi[sz]ation|class|firm|library|students|team|center|centre|discord|server|desk|front desk|study group|hotline)|we (?:get|have been getting) (?:a lot of )?(?:calls|questions|asked)|my (?:study group|class|students|professor|prof|notes|outline|final|paper|note)|i (?:teach|study|keep mixing up|am studying|am outlining|am writing a note))\b/g;

/** A generic subject: a rule about anyone, not a person in the asker's life. */
const genericSubject =
  /\b(?:hypothetical(?:ly)?|in general|generally|in theory|suppose|supposing|imagine|for example|if (?:someone|somebody|a person|a defendant|an? \w+ (?:is|was|were))|what happens if (?:a|someone|somebody)|(?:someone|a person|people|anyone|one) (?:who|that))\b/;

/** Requests that only make sense about one's own case: what to do, a prediction, a document. */
const strongAdvice =
  /\b(?:should (?:i|we|he|she|they|my)|what (?:should|could|would) (?:i|we) (?:do|say|file|plead|tell|sign|write)|what (?:i|we) should|what do (?:i|we) (?:do|say|file|plead|tell|sign|write)|am i (?:going|liable|in trouble|screwed|responsible|in the wrong)|are we (?:going|liable|in trouble)|(?:will|would) (?:i|we|he|she|they) (?:win|lose|go (?:back )?to (?:jail|prison)|get (?:in trouble|deported|fired|sued|charged|my|our)|be (?:charged|convicted|sued|deported|arrested|fined|detained))|what are (?:my|our|her|his|their) (?:options|rights|chances)|how much (?:bail|time|money|jail|prison) will|(?:write|draft|prepare|fill out) (?:me )?(?:my|our|a|the) (?:motion|letter|complaint|response|answer|brief|contract|will|appeal|petition|affidavit)|help me (?:with|write|draft|fight|win|respond)|any advice|what (?:do|would) you (?:suggest|recommend|advise)|(?:is my|if my|whether my) [\w-]+(?: [\w-]+)? (?:is )?(?:enforceable|legal|valid)|my [\w-]+(?: [\w-]+)? is (?:enforceable|legal|valid)|do i have (?:a case|a claim|any (?:recourse|options|rights|grounds)|grounds))\b/;

/** A decision or a prediction asked of the bot, in any person. */
const decisionRequest =
  /\b(?:tell me (?:exactly )?(?:what to (?:do|write|say|file|put)|whether i|if i should|which (?:one )?to take)|which (?:one )?(?:would you|should i) (?:pick|take|choose)|which would you pick|would you (?:take|pick|choose|sign|plead|contest)|if you were me|what (?:exactly )?(?:do|should) i (?:write|say|put|file|do)|(?:whether|if) i (?:personally )?should|what (?:exactly )?should (?:that|the|this|they|he|she) (?:person|tenant|employee|defendant|family|student|woman|man|guy)? ?(?:do|say|put|file|write|bring)|should (?:that|the|this) (?:person|tenant|employee|student|family)|what are (?:her|his|their) chances|who gets the kids|will (?:they|the judge|the court) (?:detain|deport|grant|impute|give|take)|what (?:do|should) i tell (?:him|her|them)|(?:wants|want) to know (?:whether|if) (?:he|she|they) should|tell me if i should|do you think (?:the|my|our) [\w ]{0,40}(?:will|would) (?:get|be) (?:granted|denied|dismissed)|is chapter \d+ or \d+ the better|(?:chapter \d+|it) (?:now )?or wait)\b/;

/** Requests that may be personal or may be a general rule phrased with "I" ("How long do I have to sue?"). */
const weakAdvice =
  /\b(?:can (?:i|we) (?:sue|get|be|still|do|file|go|stop|make|refuse|keep|break|take)|do (?:i|we) (?:have|need) to|do i need|what can (?:i|we) do|what do (?:i|we) do|is (?:it|this|that) (?:legal|illegal|allowed) for (?:me|us)|is (?:this|that|it) (?:enforceable|legal|valid)|what (?:would|will) happen to (?:me|us|him|her)|what happens to (?:him|her|me)|what does this mean|was (?:that|this|it) legal|can (?:they|he|she) (?:do that|just do that|even do that))\b/;

const ownLegalEvent =
  /\b(?:(?:i|we|he|she) (?:was|were|am|is|got|have been|has been|just got|just) (?:just )?(?:charged|arrested|fired|sued|served|evicted|indicted|convicted|sentenced|detained|pulled over|stopped|ticketed|cited|subpoenaed|deported|laid off|terminated|harassed|injured|hurt|scammed|denied|accused|targeted|investigated|suspended|expelled|put on (?:admin(?:istrative)? )?leave)|(?:i|we|he|she) (?:received|got) (?:a|an|the) (?:letter|notice|summons|subpoena|ticket|citation|complaint|warrant|call|email|target letter|notice of)|(?:charged|sued|arrested|fired|evicted|served|levied|towed|suspended) (?:me|us|my)|against (?:me|us)|my (?:case|charges?|trial|hearing|lawsuit|sentence|probation|parole|arrest|ticket|lease|contract|deposit|landlord|employer|boss|ex|divorce|custody|bail|plea|attorney|lawyer|public defender|probation officer|hoa|severance|employer|job|district|school|manager|visa|green card|record|conviction|application|response)|(?:the )?(?:fbi|police|cops|feds|irs|ice) (?:has|have|took|seized|came|searched|raided|want|sent|levied|left))\b/;

// People write "my elderly mother", "my 17 yo son", "my ex-husband": up to two words between.
const closePerson =
  /\bmy (?:[\w()]+ ){0,2}?(?:ex-|step-?|former )?(?:son|daughter|husband|wife|spouse|partner|boyfriend|girlfriend|fiancee?|ex|mom|mother|moms|dad|father|parents?|brother|sister|sibling|grandmother|grandfather|grandma|grandpa|aunt|uncle|cousin|kids?|children|child|baby|family|friend|buddy|roommate|neighbou?r|landlord|tenant|boss|employer|manager|coworker|co-worker|company|business|lawyer|attorney)s?\b/;

/**
 * The asker or someone they relay, placed in the text as the subject of a generic-sounding
 * question; also a court date of their own given in passing ("(court is on the 14th)").
 */
const selfInsertion =
  /\((?:me|mine|me lol|it is actually me|its actually me|this is me)\)|\(mine\)|\bbasically my situation\b|\bsomeone (?:like me|in my (?:position|situation|shoes))\b|\bin my (?:shoes|position|situation)\b|\bif you were me\b|\basking for me\b|\bi am that (?:tenant|person|employee|guy|woman|defendant|student)\b|\bthis is happening (?:at my|to me)\b|\bmy (?:actual|own|real) (?:case|situation|ticket|divorce|experience|custody case)\b|\ba real situation\b|\bmy actual\b|\b(?:court|court date|hearing|trial|sentencing|arraignment) is (?:on |this |next )?(?:the \d+(?:st|nd|rd|th)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week|in \d+ days)\b/;

/** Concrete particulars of one matter: amounts, dates, deadlines, unit numbers. */
const particulars =
  /\$\s?\d|\b\d+k\b|\b\d{1,3}(?:,\d{3})+\b|\bon the \d+(?:st|nd|rd|th)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:thurs|fri|mon|tues|wed)\b|\byesterday\b|\btoday\b|\bthis morning\b|\blast (?:week|month|night)\b|\bnext (?:week|month|friday|monday)\b|\b\d+ days? ago\b|\bin \d+ (?:days|weeks)\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december) \d|\bunit \w+\b|\bthe \d+(?:st|nd|rd|th)\b|\bbefore the \d+|\b(?:target letter|cp2000|notice of proposed)\b/;

const timeSpecific =
  /\b(?:yesterday|today|tonight|tomorrow|last (?:week|night|month|year)|next (?:week|month)|this (?:morning|week|month)|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)|(?:a|an|\d+|two|three|four|five|six|few|couple(?: of)?) (?:days?|weeks?|months?|years?) (?:ago|out)|in \d+ (?:days|weeks)|(?:last|this|next) (?:weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|since (?:the \d+(?:st|nd|rd|th)|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|20\d\d)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/;

/** Spanish for the common forms: my boss, they fired me, can I sue, what do you recommend. */
const spanishPersonal =
  /\b(?:(?:puedo|debo|deberia) (?:demandar(?:lo|la|los)?|pedir|hacer|reclamar)|que me recomiendan|cuanto (?:dinero )?(?:me )?(?:tocaria|tendrian que pagar|deben)|mi (?:jefe|esposo|esposa|casero|arrendador|patron|caso|abogado)|me (?:despidieron|chocaron|demandaron|arrestaron|desalojaron|deben))\b/;

/** One client's or caller's matter, with its particulars: "our client's release started in March". */
const relayedMatter =
  /\b(?:(?:our|my|a|the|this) (?:client|caller|walk-in|applicant|patron|visitor)|client|caller|interpreter|relaying)\b(?! (?:intake|base|list)s?\b)[^.?!]{0,80}\b(?:\w+ed|was|got|is|has|had|just|kept|lost|owes|signed|left|paid|received|wants|asks|says|told|can the court|will the court|can they|should)\b/;

/** What may happen in that matter, or when it happened. */
const relayedQuestion =
  /\b(?:can|could|will|would|may) (?:the court|the judge|they|he|she|we|her|him)\b|\b(?:in|since|on) (?:january|february|march|april|may|june|july|august|september|october|november|december)\b/;

/** A client or caller relayed by staff, rather than the asker or their family. */
const relayedPerson =
  /\b(?:(?:our|my|a|the) (?:client|caller|walk-in|applicant|patron|visitor)s?|(?:man|woman|person|guy|lady) at the (?:window|desk|counter)|caller|interpreter|relaying)\b/;

/** A prediction of an outcome: still the notice, in every audience. */
const prediction =
  /\b(?:(?:will|would) (?:we|i|he|she|they|our client|the client|my client) (?:win|lose)|will (?:we|i|he|she|they|our client|the client|my client) (?:get|be|go)|what are (?:our|my|the|her|his|their) chances|(?:likely|odds|chances?) (?:to|of) (?:win|succeed|prevail|lose)|will (?:the|a) (?:judge|court|jury) (?:grant|rule|find|side|agree|extend|deny|impute|give)|who (?:gets|will get|wins)|going to (?:win|lose)|am i going (?:back )?to (?:jail|prison)|do you think [^?]*(?:will|would) (?:get|be|win))\b/;

export interface PersonalFinding {
  readonly individualized: boolean;
  /** Whose situation: the asker's (or someone close), or a client/caller relayed by staff. */
  readonly subject: 'self' | 'relayed' | undefined;
  readonly prediction: boolean;
  readonly signals: readonly string[];
}

export interface PersonalOptions {
  /** A first-person account at least this long is a personal situation. */
  readonly narrativeLength: number;
}

/** Whether the text speaks about the asker (beyond a role introduction or an institutional "we"). */
export function mentionsSelf(text: string): boolean {
  const withoutRole = text
    .replace(institutional, ' ')
    .replace(/\b(?:can you )?(?:tell|show|give|explain to) me\b/g, ' ')
    .replace(
      /\bi (?:do not know|keep|wonder|was wondering|am curious|want to know|want to understand|need to know)\b/g,
      ' ',
    );
  return (withoutRole.match(firstPerson) ?? []).length > 0;
}

/** One sentence (or the whole text): is it about a personal situation? */
export function isPersonal(text: string, signals: string[]): boolean {
  const strong = strongAdvice.test(text);
  const decision = decisionRequest.test(text);
  const weak = weakAdvice.test(text);
  const event = ownLegalEvent.test(text);
  const close = closePerson.test(text);
  const inserted = selfInsertion.test(text);
  const concrete = particulars.test(text);
  const spanish = spanishPersonal.test(text);
  const self = mentionsSelf(text);
  const generic = genericSubject.test(text) && !/\bmy\b/.test(text);
  const noted = (name: string, fired: boolean) => {
    if (fired && !signals.includes(name)) signals.push(name);
  };
  noted('asks-for-advice', strong);
  noted('asks-for-a-decision', decision);
  noted('asks-what-applies-to-me', weak);
  noted('own-legal-event', event);
  noted('close-person', close);
  noted('self-insertion', inserted);
  noted('spanish-personal', spanish);
  if (inserted || spanish) return true;
  const relayed =
    relayedMatter.test(text) &&
    (concrete ||
      words.legalMatter.test(text) ||
      timeSpecific.test(text) ||
      strong ||
      decision ||
      weak ||
      event ||
      relayedQuestion.test(text));
  noted('relayed-matter', relayed);
  if (relayed) return true;
  // A decision asked of the bot about particular facts is personal whoever the subject is.
  if (decision && (self || close || concrete || event)) return true;
  if ((strong || decision) && concrete && !generic) return true;
  if (generic) return event && concrete;
  // Their own legal event is a personal situation in itself.
  if (event) return true;
  if (strong && (self || close)) return true;
  // "Can I sue…?" alone may be a general rule in the first person; with someone close to
  // them, a date, or their own things ("my lease"), it is about their case.
  if (weak && (close || timeSpecific.test(text) || /\bmy (?!own\b)\w+/.test(text))) return true;
  if (close && timeSpecific.test(text)) return true;
  return false;
}

/** A long first-person account of events (the usual shape of a post asking for help). */
export function isNarrative(
  text: string,
  originalWordCount: number,
  options: PersonalOptions,
  signals: string[],
): boolean {
  if (text.length < options.narrativeLength) return false;
  const firstPersonCount = (text.replace(institutional, ' ').match(firstPerson) ?? []).length;
  // Words as the asker wrote them: written-out contractions ("didn't" → "did not") are not more words.
  const words = Math.min(originalWordCount, text.split(' ').length);
  const narrative = firstPersonCount >= 3 && firstPersonCount / words >= 0.02;
  if (narrative) signals.push('first-person-narrative');
  return narrative;
}

/** Something that happened to the asker or someone close: "my son got arrested", "I put down a deposit". */
const eventVerbs =
  '(?:got|was|were|had|told|said|says|signed|bought|put|kept|moved|took|gave|sent|called|started|stopped|quit|left|paid|received|changed|cut|found|hired|fired|asked|refused|refuses|refusing|has been|have been|will not|keeps|keep|billed|denied|blocked|sued|towed|garnished|kicked|threatening|threatened|hid|posted|slipped|tore|missed|owe|owes|is making|are making|has had|have had|hasnt|has not|never)';
const pastEvent = new RegExp(
  `\\b(?:i|we|he|she|they|my \\w+|our \\w+)\\b[^.?!]{0,40}\\b${eventVerbs}\\b|(?:^|[.!?] )(?:got|bought|slipped|signed|received|rented|moved|been|landlord|boss|employer)\\b`,
);

/**
 * A short account of one's own events, the other usual shape of a post asking for help: at
 * least three references to the asker or someone close to them, something that happened, and a
 * particular (a date, an amount, "two weeks ago").
 */
export function isAccount(text: string, signals: string[]): boolean {
  if (text.length < 60 || !pastEvent.test(text)) return false;
  const cleaned = text.replace(institutional, ' ');
  // A sentence that opens on a past-tense verb ("Got a jury summons…") has the asker as subject.
  const droppedSubject = (
    cleaned.match(/(?:^|[.!?] )(?:got|bought|slipped|signed|received|rented|moved|been)\b/g) ?? []
  ).length;
  const own = (cleaned.match(firstPerson) ?? []).length + droppedSubject;
  const close = closePerson.test(cleaned)
    ? (cleaned.match(/\b(?:he|she|his|her|him|they|their)\b/g) ?? []).length
    : 0;
  const specific = particulars.test(text) || timeSpecific.test(text);
  // With a date or an amount, two references to the asker (or someone close) make an account;
  // without one, three, in a text long enough to tell something.
  const account = specific ? own + close >= 2 : own + close >= 3 && text.length >= 120;
  if (account) signals.push('account-of-events');
  return account;
}

export function personalSubject(text: string): 'self' | 'relayed' {
  if (!relayedPerson.test(text)) return 'self';
  // "My landlord … our client": if the asker's own life is in it too, it is theirs.
  const withoutRelayed = text.replace(relayedPerson, ' ');
  return closePerson.test(withoutRelayed) || /\b(?:i was|i got|i am being|my own)\b/.test(withoutRelayed)
    ? 'self'
    : 'relayed';
}

export function asksForPrediction(text: string): boolean {
  return prediction.test(text);
}

/** One's own things: "my student loans", "our lease", "mi caso". */
const ownThing = new RegExp(`\\b(?:my|our|mi|mis) (?:[\\w-]+ ){0,3}?${words.legalMatter.source}`);
/** Spanish in the first person, and someone close ("mi hermano"). */
const spanishFirstPerson =
  /\b(?:tengo|estoy|puedo|soy|vivo|(?<!\b(?:de|el|del|al|un|mi|su|tu|sin|en|por|para|buen|este|ese|nuevo|mal)\s)trabajo|entre (?=al?\b|sin\b|con\b|ilegal|por\b|en\b)|pedi|llegue|me (?:ofrecieron|dieron|pueden|puedo|deporten|rechacen|arrestaron|despidieron|demandaron|quitaron|negaron|multaron)|mi (?:hermano|hermana|hijo|hija|esposo|esposa|mama|papa|novio|novia|familia|primo|prima|tio|tia|abuelo|abuela))\b/;
/** A sentence opening on what befell the asker, the subject left out: "Fired after reporting…". */
const openingEvent =
  /(?:^|[.!?] )(?:fired|arrested|evicted|sued|charged|laid off|denied|served|detained|deported|ticketed|cited|indicted|subpoenaed|audited|garnished|locked out|kicked out)\b/;

/** Facts of one's own life told in the first person. */
const ownFacts =
  /\b(?:i|we) (?:live|make|earn|work|rent|own|owe|have|had|got|was|were|entered|came|moved|signed|bought|paid|lost|fly|drive|am on|get|keep getting|received|filed|applied|missed)\b|(?:^|[.!?] )(?:have|had|got|owe|make|live) \w/;

/**
 * A short account of one's own legal matter with a question about it, the shape round 1 missed
 * most: "my student loans went into default … how do i make it stop", "federal target letter
 * came in the mail today, what happens next", "speeding ticket on a military base, do i have to
 * go … i live 4 hrs away", Spanish in the first person. It needs a question and one of: one's
 * own legal thing ("my loans"), a legal event told without a subject ("got served", "came in
 * the mail"), Spanish in the first person, or a first-person question about a legal thing
 * with a fact of one's own life. A question about anyone ("if someone…") is not one.
 */
export function isOwnMatter(text: string, signals: string[]): boolean {
  const cleaned = text.replace(institutional, ' ');
  const questions = splitSentences(cleaned).filter((sentence) => isQuestion(sentence));
  const asks = words.ownQuestion.test(cleaned) || questions.length > 0;
  if (!asks) return false;
  if (genericSubject.test(cleaned) && !/\b(?:my|mi)\b/.test(cleaned)) return false;
  const asksAboutSelf =
    words.ownQuestion.test(cleaned) ||
    questions.some((sentence) => /\b(?:i|we|me|us|my|our)\b/.test(sentence));
  const own =
    ownThing.test(cleaned) ||
    words.legalEvent.test(cleaned) ||
    spanishFirstPerson.test(cleaned) ||
    openingEvent.test(cleaned) ||
    (closePerson.test(cleaned) && words.ownQuestion.test(cleaned)) ||
    (asksAboutSelf && words.legalMatter.test(cleaned) && ownFacts.test(cleaned));
  if (own) signals.push('own-matter');
  return own;
}
