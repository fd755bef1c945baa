import { words } from '../lexicon/index.js';
import { weapon } from './cues.js';

/**
 * A weapon present where people are, with danger: "a man with a gun outside my house", "got my
 * uncle's shotgun in the trunk … make him pay tonight", "a loaded handgun in his backpack". The
 * weapon must be placed (held, carried, somewhere near) and the text must carry a threat, an
 * angry person, a place full of people or a "now"; "what are the federal rules about guns for
 * people under a restraining order" has neither.
 */
const placed =
  /\b(?:with an? (?:\w+ )?|has an? (?:\w+ )?|have an? |got (?:my |his |her |a |an )?(?:\w+ )?|holding|waving|pointing|pointed|brandishing|carrying|brought (?:a |an |his |her )?|loaded|keeps? (?:\w+ )?|showed up with|(?:flashed|flashing|showed|showing) (?:me |us |her |him )?(?:a |an |his |her )?|pulled (?:out )?(?:a |an |his )?)(?:\w+'?s? )?(?:guns?|rifles?|shotguns?|handguns?|pistols?|firearms?|knife|knives|machete|(?:baseball )?bat|weapons?|glock)\b|\b(?:guns?|rifles?|shotguns?|handguns?|pistols?|knife|knives|bat|weapons?)\b[^.?!]{0,25}\b(?:outside|in (?:his|her|the|my|their) (?:truck|car|trunk|backpack|bag|locker|hand|pocket|waistband)|at (?:my|the) (?:door|house|window)|in the parking lot|pointed at|waving|(?:inside|under) (?:his|her|their) (?:jacket|coat|shirt|hoodie))\b|\b(?:tiene|trae) (?:un|una) (?:arma|pistola|cuchillo)\b/;

/** A weapon within a few words of where or how it is held. */
const placedNear = new RegExp(
  `${words.weaponPlaced.source}(?:\\s+\\S+){0,4}?\\s+${weapon.source}|${weapon.source}(?:\\s+\\S+){0,5}?\\s+${words.weaponPlaced.source}`,
);

const danger =
  /\b(?:kill|hurt|shoot|stab|settle it|settle things|settle this|make \w+ pay|you all will see|you will see|end things|take care|scare|scaring|fired|angry|drunk|screaming|yelling|pacing|waving|threat\w*|right now|tonight|today|outside my|at my door|people|bully|bullies)\b/;

function menacing(text: string): boolean {
  return (
    danger.test(text) ||
    words.menace.test(text) ||
    words.violentAct.test(text) ||
    words.selfHarmExplicit.test(text) ||
    words.selfHarmIndirect.test(text)
  );
}

/** A weapon drawn on someone: danger in itself. */
const drawnOn = new RegExp(
  `\\b(?:pulled|pulls|drew|draws|pointed|points|pointing|aimed|aiming|waved|waving|swung|swinging)\\b[^.?!]{0,30}?${weapon.source}[^.?!]{0,10}?\\b(?:on|at)\\s+(?:me|us|him|her|them|my|his|their|our|the|a)\\b`,
);

export function weaponSignal(sentence: string, text: string): string | undefined {
  if (!weapon.test(sentence)) return undefined;
  if (drawnOn.test(sentence)) return 'weapon-drawn';
  const held = placed.test(sentence);
  if (!held && !placedNear.test(sentence)) return undefined;
  const elsewhere = text.replace(sentence, ' ');
  const rest = sentence.replace(held ? placed : placedNear, ' ');
  if (!menacing(rest) && !menacing(elsewhere)) return undefined;
  return 'weapon-present';
}
