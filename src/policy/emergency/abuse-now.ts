import { now } from './cues.js';

/**
 * Stalking and abuse going on now: someone parked outside the asker's work again, outside the
 * window every night and tonight cutting the screen, a partner who locked the asker out and took
 * the phone, an aide who hits a grandmother and is alone with her again tonight.
 */
const stalking =
  /\b(?:parked|waiting|standing|sitting|watching|lurking|been|is|was) (?:outside|out(?:side)? (?:of )?|at|by|in front of) (?:my|our|the|her|his) (?:house|home|apartment|door|window|work|job|car|school|building|office)\b|\b(?:following|followed|watching|stalking) (?:me|us|her|him)\b|\b(?:airtag|tracker|gps) (?:on|in|under) (?:my|her|his) (?:car|bag|phone|purse)\b|\bcut the screen\b/;

const ongoingAbuse =
  /\b(?:locked (?:me|us|her|him) (?:out|in)|has me locked|locked out on the balcony|took my phone|will not let me (?:in|out|leave|go)|me encerro|(?:has been|keeps|been) (?:hitting|beating|hurting|choking|slapping|abusing) (?:her|him|me|them)|alone with (?:her|him) again)\b/;

const happeningNow = /\b(?:every (?:day|night)|this week|out there|is out|again)\b/;

export function abuseNowSignal(sentence: string, text: string): string | undefined {
  if (stalking.test(sentence) && (now.test(text) || happeningNow.test(text))) return 'stalking-now';
  if (
    ongoingAbuse.test(sentence) &&
    (now.test(text) || happeningNow.test(text) || /\bin the cold\b/.test(text))
  )
    return 'abuse-now';
  return undefined;
}
