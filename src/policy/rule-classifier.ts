import { findAndRedact } from '../core/redaction.js';
import { splitSentences } from '../corpus/sentences.js';
import type { PolicyClassifier, PolicyDecision, RefusalTopic } from './policy.js';

/**
 * The default policy classifier: deterministic rules over the text, no model. Each rule is a
 * named signal so evaluation can show why a text was flagged.
 *
 * Individualized = the asker's own situation (or that of someone close to them) AND a request
 * for what to do, a prediction, or a drafted document; a long first-person account of events is
 * individualized on its own. General first-person questions from students, staff and teachers,
 * and hypotheticals, are not.
 */

// --- Refusals: finding illegal material, committing or concealing a crime, destroying evidence.
const illegalMaterial =
  /\b(?:child\s+(?:porn(?:ography)?|sexual\s+abuse\s+(?:material|images?|videos?))|csam|\bcp\b|underage\s+(?:nudes?|porn|pics|photos|videos)|(?:nude|naked|sexual)\s+(?:pics|photos|images|videos)\s+of\s+(?:minors|children|kids|a\s+minor|a\s+child))/i;
const acquisition =
  /\b(?:where\s+(?:can|do|could)\s+(?:i|we|you|one)\s+(?:find|get|buy|download|watch|see|access)|how\s+(?:can|do|could)\s+(?:i|we|you|one)\s+(?:find|get|buy|download|obtain|access|watch|share|trade)|(?:find|get|send|give|show|share)\s+me|links?\s+to|(?:buy|sell|trade|download)\s+(?:some|more|the)?)/i;
const concealCrime =
  /\b(?:how\s+(?:can|do|could|should)\s+(?:i|we)\s+(?:hide|launder|conceal|smuggle|forge|fake|bribe|hack\s+into|break\s+into|steal|get\s+away\s+with|avoid\s+(?:getting\s+caught|detection|the\s+police)|evade|poison|make\s+a\s+(?:bomb|weapon))|help\s+me\s+(?:hide|launder|conceal|smuggle|forge|steal|hack|bribe|evade)|without\s+(?:getting\s+caught|the\s+police\s+(?:knowing|finding\s+out)|leaving\s+(?:a\s+)?trace)|(?:launder|hide)\s+(?:the\s+)?(?:money|cash|proceeds|drugs|body))/i;
const destroyEvidence =
  /\b(?:delete|destroy|wipe|shred|burn|erase|get\s+rid\s+of|dispose\s+of|hide|smash|clean\s+up)\s+(?:all\s+)?(?:the\s+|my\s+|our\s+|his\s+|her\s+|their\s+|these\s+|those\s+)?(?:evidence|files?|records?|hard\s+drives?|drives?|phones?|laptops?|computers?|messages?|texts?|emails?|photos?|pictures?|videos?|documents?|logs?|history|data|accounts?|chats?)\b[^.?!]{0,80}\b(?:before|so\s+(?:that\s+)?(?:the\s+)?(?:police|cops|fbi|feds|investigators?|prosecutors?|they)|police|cops|fbi|feds|investigat|subpoena|warrant|lawsuit|court|trial|discovery|come\s+back|find)/i;

// --- Emergencies: imminent danger, self-harm, violence in progress.
const selfHarmNow =
  /\b(?:i\s*(?:'m|am)\s+(?:going\s+to|gonna|about\s+to)\s+(?:kill|hurt|harm)\s+myself|i\s+(?:want|plan|intend)\s+to\s+(?:die|kill\s+myself|end\s+(?:my\s+life|it\s+all))|(?:thinking|thought)\s+(?:about|of)\s+(?:suicide|killing\s+myself|ending\s+my\s+life)|i\s+(?:don't|do\s+not)\s+want\s+to\s+(?:live|be\s+alive)|i\s+(?:have|'ve)\s+(?:taken|swallowed)\s+(?:pills|an\s+overdose))/i;
const violenceNow =
  /\b(?:(?:he|she|they|someone|somebody|my\s+\w+)\s+(?:is|are|'s)\s+(?:hitting|beating|attacking|stabbing|shooting|strangling|choking|threatening\s+to\s+kill)\s+(?:me|us|my|her|him)|(?:breaking|broke)\s+in(?:to)?\s+(?:my|our|the)\s+(?:house|home|apartment)\s+(?:right\s+)?now|i\s*(?:'m|am)\s+(?:being|getting)\s+(?:attacked|beaten|abused|followed|stalked)\s+(?:right\s+)?now|(?:in|under)\s+(?:immediate\s+)?danger\s+(?:right\s+)?now|(?:has|have|got)\s+a\s+(?:gun|knife|weapon)\s+(?:and|right\s+now|pointed)|going\s+to\s+kill\s+(?:me|us)|cut(?:ting)?\s+(?:herself|himself|themselves)\b)/i;
const selfHarmMention =
  /\b(?:suicid\w*|self[-\s]?harm|kill(?:ing)?\s+myself|cut(?:ting)?\s+myself|overdos\w*)\b/i;

// --- Individualized: personal situation and requests for advice.
const firstPerson = /\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|our|ours|us)\b/gi;
const roleFraming =
  /\b(?:i\s*(?:'m|am)\s+(?:a|an)\s+(?:law\s+student|student|paralegal|teacher|professor|lecturer|librarian|researcher|journalist|law\s+clerk|clerk|legal\s+aid\s+(?:worker|volunteer)|volunteer|staff\s+member|attorney|lawyer)|as\s+(?:a|an)\s+(?:law\s+student|student|paralegal|teacher|professor|librarian|researcher|journalist|clerk|lawyer|attorney|volunteer|advocate)|our\s+(?:clinic|office|organi[sz]ation|class|firm|library|students|clients|callers|team|center|centre)|for\s+(?:my|our|a)\s+(?:class|paper|essay|exam|course|seminar|research|thesis|moot)|i\s+(?:teach|study|am\s+studying|'m\s+studying))\b/i;
const hypothetical =
  /\b(?:hypothetical(?:ly)?|in\s+general|generally|in\s+theory|suppose|supposing|imagine|for\s+example|say\s+(?:a|someone)|if\s+(?:someone|somebody|a\s+person|a\s+defendant|an?\s+\w+\s+(?:is|was|were))|what\s+happens\s+if\s+(?:a|someone|somebody)|(?:someone|a\s+person|people|anyone|one)\s+(?:who|that))\b/i;
/** Requests that only make sense about one's own case: what to do, what will happen, a document. */
const strongAdvice =
  /\b(?:should\s+(?:i|we|he|she|they|my)|what\s+(?:should|could|would)\s+(?:i|we)\s+(?:do|say|file|plead|tell|sign|write)|what\s+(?:i|we)\s+should|what\s+do\s+(?:i|we)\s+(?:do|say|file|plead|tell|sign|write)|am\s+i\s+(?:going|liable|in\s+trouble|screwed|responsible|in\s+the\s+wrong)|are\s+we\s+(?:going|liable|in\s+trouble)|will\s+(?:i|we|he|she|they)\s+(?:win|lose|go\s+to\s+(?:jail|prison)|get\s+(?:in\s+trouble|deported|fired|sued|charged|my|our)|be\s+(?:charged|convicted|sued|deported|arrested|fined))|what\s+are\s+(?:my|our)\s+(?:options|rights|chances)|how\s+much\s+(?:bail|time|money|jail|prison)\s+will|(?:write|draft|prepare|fill\s+out)\s+(?:my|our|a|the)\s+(?:motion|letter|complaint|response|answer|brief|contract|will|appeal|petition|affidavit)|help\s+me\s+(?:with|write|draft|fight|win|respond)|any\s+advice|what\s+(?:do|would)\s+you\s+(?:suggest|recommend|advise)|is\s+my\s+[\w'-]+(?:\s+[\w'-]+)?\s+(?:enforceable|legal|valid)|do\s+i\s+have\s+(?:a\s+case|any\s+(?:recourse|options|rights|grounds)|grounds))\b/i;
/** Requests that may be personal or may be a general rule phrased with "I" ("How long do I have to sue?"). */
const weakAdvice =
  /\b(?:can\s+(?:i|we)\s+(?:sue|get|be|still|do|file|go|stop|make|refuse|keep|break|take)|do\s+(?:i|we)\s+(?:have|need)\s+to|do\s+i\s+need|what\s+can\s+(?:i|we)\s+do|what\s+do\s+(?:i|we)\s+do|is\s+(?:it|this|that)\s+(?:legal|illegal|allowed)\s+for\s+(?:me|us)|is\s+(?:this|that|it)\s+(?:enforceable|legal|valid)|what\s+(?:would|will)\s+happen\s+to\s+(?:me|us|him|her)|what\s+does\s+this\s+mean)\b/i;
const ownLegalEvent =
  /\b(?:(?:i|we|he|she)\s+(?:was|were|am|'m|is|got|have\s+been|'ve\s+been|has\s+been|just\s+got)\s+(?:just\s+)?(?:charged|arrested|fired|sued|served|evicted|indicted|convicted|sentenced|detained|pulled\s+over|stopped|ticketed|cited|subpoenaed|deported|laid\s+off|terminated|harassed|injured|hurt|scammed|denied|accused|targeted|investigated)|(?:i|we)\s+(?:received|got)\s+(?:a|an|the)\s+(?:letter|notice|summons|subpoena|ticket|citation|complaint|warrant|call|email)|(?:charged|sued|arrested|fired|evicted|served)\s+(?:me|us)|against\s+(?:me|us)|my\s+(?:case|charges?|trial|hearing|lawsuit|sentence|probation|parole|arrest|ticket|lease|contract|deposit|landlord|employer|boss|ex|divorce|custody|bail|plea|attorney|lawyer|public\s+defender)|(?:the\s+)?(?:fbi|police|cops|feds)\s+(?:has|have|took|seized|came|searched|raided|want)\b)/i;
const closePerson =
  /\bmy\s+(?:son|daughter|husband|wife|spouse|partner|boyfriend|girlfriend|fianc[ée]e?|ex|mom|mother|dad|father|parents?|brother|sister|sibling|grandmother|grandfather|grandma|grandpa|aunt|uncle|cousin|kids?|children|child|baby|family|friend|buddy|roommate|neighbou?r|landlord|tenant|boss|employer|manager|coworker|co-worker|company|business|lawyer|attorney)\b/i;
const timeSpecific =
  /\b(?:yesterday|today|tonight|tomorrow|last\s+(?:week|night|month|year)|next\s+(?:week|month)|this\s+(?:morning|week|month)|by\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)|(?:a|two|three|few)\s+(?:days|weeks|months)\s+ago)\b/i;
const ignoreRules =
  /\b(?:ignore|forget|disregard|bypass|override)\s+(?:all\s+)?(?:your|the|previous|prior|any|these)?\s*(?:rules|instructions|guidelines|policy|policies|restrictions|programming|disclaimer)\b/i;

export interface RuleClassifierOptions {
  /** A first-person account at least this long is a personal situation (default 150 characters). */
  readonly narrativeLength?: number;
}

export class RulePolicyClassifier implements PolicyClassifier {
  constructor(private readonly options: RuleClassifierOptions = {}) {}

  async classify(text: string): Promise<PolicyDecision> {
    return this.classifySync(text);
  }

  classifySync(text: string): PolicyDecision {
    const normalized = text
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
    const signals: string[] = [];
    const { found } = findAndRedact(normalized);
    const personalDetails = found;
    if (personalDetails.length > 0) signals.push('personal-details');

    const refusal = this.refusal(normalized);
    const emergency = selfHarmNow.test(normalized) || violenceNow.test(normalized);
    const mentionsSelfHarm = selfHarmMention.test(normalized);
    if (emergency) signals.push('emergency');

    const sentences = splitSentences(normalized)
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.length > 0);
    const personalSentences = sentences.filter((sentence) => this.isPersonal(sentence, signals));
    const wholeIsPersonal = this.isPersonal(normalized, signals) || this.isNarrative(normalized, signals);
    const individualized = wholeIsPersonal || personalSentences.length > 0;
    if (ignoreRules.test(normalized)) signals.push('asks-to-ignore-rules');

    // A mixed question: some sentences ask a general legal question with no personal signal.
    const generalSentences = sentences.filter(
      (sentence) =>
        !personalSentences.includes(sentence) && /\?\s*$/.test(sentence) && !this.mentionsSelf(sentence),
    );
    const generalPart =
      individualized && generalSentences.length > 0 ? generalSentences.join(' ') : undefined;
    if (generalPart) signals.push('mixed');

    const category = refusal
      ? 'refused'
      : emergency
        ? 'emergency'
        : individualized
          ? 'individualized'
          : 'general';
    return {
      category,
      individualized,
      generalPart,
      refusalTopic: refusal,
      personalDetails,
      privateReply: individualized || emergency || personalDetails.length > 0,
      mentionsSelfHarm,
      signals,
    };
  }

  private refusal(text: string): RefusalTopic | undefined {
    if (illegalMaterial.test(text) && acquisition.test(text)) return 'illegal-material';
    if (destroyEvidence.test(text)) return 'evidence';
    if (concealCrime.test(text)) return 'crime';
    return undefined;
  }

  /** Whether the text speaks about the asker (beyond a role introduction). */
  private mentionsSelf(text: string): boolean {
    const withoutRole = text
      .replace(roleFraming, ' ')
      .replace(/\b(?:can\s+you\s+)?(?:tell|show|give|explain\s+to)\s+me\b/gi, ' ');
    return (withoutRole.match(firstPerson) ?? []).length > 0;
  }

  private isPersonal(text: string, signals: string[]): boolean {
    const role = roleFraming.test(text);
    const hypotheticalFraming = hypothetical.test(text) && !/\bmy\b/i.test(text);
    const strong = strongAdvice.test(text);
    const weak = weakAdvice.test(text);
    const event = ownLegalEvent.test(text);
    const close = closePerson.test(text);
    const self = this.mentionsSelf(text);
    const timely = timeSpecific.test(text);
    if (strong) signals.push('asks-for-advice');
    if (weak) signals.push('asks-what-applies-to-me');
    if (event) signals.push('own-legal-event');
    if (close) signals.push('close-person');
    if (role || hypotheticalFraming) return event && !role;
    // Their own legal event is a personal situation in itself.
    if (event) return true;
    if (strong && (self || close)) return true;
    // "Can I sue…?" alone may be a general rule in the first person; with someone close to
    // them, a date, or their own things ("my lease"), it is about their case.
    if (weak && (close || timely || /\bmy\s+(?!own\b)\w+/i.test(text))) return true;
    if (close && timely) return true;
    return false;
  }

  /** A long first-person account of events (the usual shape of a post asking for help). */
  private isNarrative(text: string, signals: string[]): boolean {
    if (text.length < (this.options.narrativeLength ?? 150)) return false;
    // A student or paralegal may introduce themselves before a general question; a long
    // account of events is personal whoever writes it.
    if (roleFraming.test(text) && text.length < 400) return false;
    const firstPersonCount = (text.match(firstPerson) ?? []).length;
    const words = text.split(' ').length;
    const narrative = firstPersonCount >= 3 && firstPersonCount / words >= 0.02;
    if (narrative) signals.push('first-person-narrative');
    return narrative;
  }
}
