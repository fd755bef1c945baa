import { words } from '../lexicon/index.js';
import { now } from './cues.js';

/**
 * Stalking and abuse going on now: someone parked outside the asker's work again, outside the
 * window every night and tonight cutting the screen, a partner who locked the asker out and took
 * the phone, an aide who hits a grandmother and is alone with her again tonight, a stalker's
 * tracker found on the car.
 */
const stalking =
  /\b(?:parked|waiting|standing|sitting|watching|lurking|been|is|was) (?:outside|out(?:side)? (?:of )?|at|by|in front of|across from|across the street from|down the street from|near) (?:my|our|the|her|his) (?:house|home|apartment|apt|door|window|work|job|car|school|building|office|place|unit)\b|\b(?:following|followed|watching|stalking) (?:me|us|her|him)\b|\b(?:airtag|tracker|gps) (?:on|in|under) (?:my|her|his) (?:car|bag|phone|purse)\b|\bcut the screen\b/;

const ongoingAbuse =
  /\b(?:locked (?:me|us|her|him|them|my \w+)(?: and (?:\w+ ){0,2}?\w+)? (?:out|in|inside)|has me locked|locked out on the balcony|took my phone|will not let me (?:in|out|leave|go)|me encerro|(?:has been|keeps|been) (?:hitting|beating|hurting|choking|slapping|abusing) (?:her|him|me|them)|alone with (?:her|him) again)\b/;

const happeningNow =
  /\b(?:every (?:day|night)|this week|out there|is out|again|since \d+(?:am|pm| am| pm|:\d\d)?|for hours)\b/;

/** Fear, a threat or violence alongside: what turns someone's presence into danger. */
const fear =
  /\b(?:scared|afraid|terrified|freaking out|panicking|miedo|threat\w*|no[- ]contact order|restraining order|protective order|order of protection)\b/;

/**
 * Kept from leaving a car, a room or a house, said in the present ("the man will not let her out
 * and she does not know where they are"): happening by its wording. Not a lease, a job or a
 * contract ("will not let me out of the lease", "no me deja salir del contrato"). In Spanish: "no la
 * deja bajar" (of a car), "no nos dejan salir".
 */
const keptIn =
  /\b(?:la|lo|me|nos|los|las|te) (?:tiene|tienen|tenia|mantiene) encerrad[oa]s?\b|\bno (?:me|la|lo|nos|los|las|te) (?:deja|dejan|quiere dejar|quieren dejar) (?:bajar(?:me|se|nos)?|salir|irme|irse|ir)\b(?! del? (?:contrato|arrendamiento|trabajo|lease|renta|acuerdo|plan))|\b(?:will not|would not|does not|is not going to) let (?:me|her|him|us|them) (?:out|leave|go)(?=\s*(?:$|[.,;!?]|and\b|of (?:the|his|her|their) (?:car|truck|van|house|room|apartment|basement)|the (?:car|truck|van|house|room|apartment|building|property|basement)))/;

/**
 * A person shut in by someone, with a sign that it is now or that they go without food or water:
 * "tiene a su mamá viejita encerrada en un cuarto sin comida", "keeps his elderly mother locked
 * in a back room without food". A room, a yard or a gate locked up holds no one.
 */
const shutIn = new RegExp(
  `\\b(?:tiene|tienen|mantiene|tenia) a (?:su|sus|la|el|mi|los|las|una|un) (?:\\w+ ){0,2}?encerrad[oa]s?\\b|\\b(?:keeps|kept|has|had|is keeping|have) (?:his|her|their|my|our|the|a|an) (?:\\w+ ){0,2}?${words.person.source} (?:\\w+ )?(?:locked|shut|chained) (?:in|up|inside|into)\\b`,
);
const deprived = /\b(?:without|with no|no|sin) (?:any )?(?:food|water|comida|agua|heat|calefaccion)\b/;
/** The police looking for someone is not stalking ("cops are looking for my boyfriend and he's at my place"). */
const authorities =
  /\b(?:cops|police|feds|officers?|agents?|marshals|detectives?|troopers?|deputies|sheriff)\b/;

/** Alone with someone who hurts them ("the caregiver hits him… she is alone with him tonight"). */
const aloneWith =
  /\b(?:is|are|will be|gets to be|stays|left) alone with (?:her|him|them|my \w+|his \w+|her \w+)\b/;

export function abuseNowSignal(sentence: string, text: string): string | undefined {
  if (aloneWith.test(sentence) && words.violentAct.test(text.replace(aloneWith, ' ')) && now.test(text))
    return 'abuse-now';
  if (keptIn.test(sentence)) return 'kept-in';
  if (shutIn.test(sentence) && (deprived.test(text) || now.test(text))) return 'kept-in';
  if (stalking.test(sentence) && !authorities.test(sentence) && (now.test(text) || happeningNow.test(text)))
    return 'stalking-now';
  if (
    ongoingAbuse.test(sentence) &&
    (now.test(text) || happeningNow.test(text) || /\bin the cold\b/.test(text))
  )
    return 'abuse-now';
  // The police following someone is not stalking.
  if (
    words.stalking.test(sentence) &&
    !authorities.test(sentence) &&
    (now.test(sentence) || fear.test(text) || words.violentAct.test(text) || words.threatSpeech.test(text))
  )
    return 'watched-or-confined';
  return undefined;
}
