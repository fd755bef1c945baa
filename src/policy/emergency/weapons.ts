import { weapon } from './cues.js';

/**
 * A weapon present where people are, with danger: "a man with a gun outside my house", "got my
 * uncle's shotgun in the trunk … make him pay tonight", "a loaded handgun in his backpack". The
 * weapon must be placed (held, carried, somewhere near) and the text must carry a threat, an
 * angry person or a "now"; "what are the federal rules about guns for people under a
 * restraining order" has neither.
 */
const placed =
  /\b(?:with an? (?:\w+ )?|has an? (?:\w+ )?|have an? |got (?:my |his |her |a |an )?(?:\w+ )?|holding|waving|pointing|pointed|brandishing|carrying|brought (?:a |an |his |her )?|loaded|keeps? (?:\w+ )?|showed up with|pulled (?:out )?(?:a |an |his )?)(?:\w+'?s? )?(?:guns?|rifles?|shotguns?|handguns?|pistols?|firearms?|knife|knives|machete|(?:baseball )?bat|weapons?|glock)\b|\b(?:guns?|rifles?|shotguns?|handguns?|pistols?|knife|knives|bat|weapons?)\b[^.?!]{0,25}\b(?:outside|in (?:his|her|the|my|their) (?:truck|car|trunk|backpack|bag|locker|hand|pocket|waistband)|at (?:my|the) (?:door|house|window)|in the parking lot|pointed at|waving)\b|\b(?:tiene|trae) (?:un|una) (?:arma|pistola|cuchillo)\b/;

const danger =
  /\b(?:kill|hurt|shoot|stab|settle it|make \w+ pay|you all will see|you will see|end things|take care|scare|scaring|fired|angry|drunk|screaming|yelling|pacing|waving|threat\w*|right now|tonight|today|outside my|at my door|people|bully|bullies)\b/;

export function weaponSignal(sentence: string, text: string): string | undefined {
  if (!weapon.test(sentence) || !placed.test(sentence)) return undefined;
  const elsewhere = text.replace(sentence, ' ');
  if (!danger.test(sentence.replace(placed, ' ')) && !danger.test(elsewhere)) return undefined;
  return 'weapon-present';
}
