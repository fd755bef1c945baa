/**
 * Cue lexicons the emergency detectors share. Each is a small list written as a regular
 * expression over normalized text (see `../normalize.ts`); a detector combines them, so a danger
 * word alone never makes an emergency: it needs a person it is happening to and a time that is
 * now ("hes choking her right now" is an emergency; "what is the penalty for strangulation" is not).
 */

/** Words that place events now or very soon. */
export const now =
  /\b(?:right now|now|tonight|today|this (?:morning|afternoon|evening|weekend)|tomorrow|at the moment|as we speak|currently|still|again|just|minutes? ago|an hour ago|\d+ min(?:ute)?s? ago|ahora|esta noche|hoy)\b/;

/** A particular person (not "someone who", "a person", "the defendant"). */
export const particularPerson =
  /\b(?:i|me|my|we|us|our|he|she|him|her|his|they|them|their|mi|me|yo|there is a (?:man|guy|dude|woman|person)|this (?:guy|man|dude|woman)|a (?:man|guy|dude) (?:with|in|is|outside)|(?:my|our|her|his) \w+)\b/;

/** The asker or someone they speak of as present in their life. */
export const firstPerson = /\b(?:i|me|my|myself|we|us|our)\b/;

/** Past-only framing: "after my suicide attempt last year" is history, not an emergency. */
export const pastOnly =
  /\b(?:last year|years ago|months ago|in 20\d\d|in 19\d\d|when i was (?:a kid|younger|\d+)|back in|used to|in the past|a while ago|history of|after my (?:suicide )?attempt)\b/;

export const weapon =
  /\b(?:guns?|rifles?|shotguns?|handguns?|pistols?|firearms?|knife|knives|machete|(?:baseball )?bat|weapons?|glock|ar-?15|arma|pistola|cuchillo)\b/;

export const child =
  /\b(?:kids?|child|children|baby|toddler|infant|son|daughter|nephew|niece|grandson|granddaughter|students?|\d+ ?(?:yo|y\/o|year old|years old|yr old|month old)|\d+(?:st|nd|rd|th) grader|grader|girl|boy|teen(?:ager)?|minor|little (?:sister|brother)|maybe 1[0-7]|i am 1[0-7]|mi (?:hijo|hija|bebe))\b/;

/** Informational wording: a question about the law, not about people in it. */
export const informational =
  /\b(?:what is the (?:penalty|sentence|punishment|law|statute)|how does (?:federal |the )?law|is it (?:a crime|illegal|legal) to|under (?:federal|state) law|what (?:counts as|does .* mean))\b/;
