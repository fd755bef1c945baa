import { now } from './cues.js';
import { type CueRule, scoreCues } from './scoring.js';

/**
 * Violence in progress or threatened, by the asker or against them: "he said he is going to
 * kill me", "I want to hurt my ex tonight", "stepdad is throwing stuff at my mom right now",
 * "someone is trying to break in". An attack verb needs a victim and a present-tense or "now"
 * cue; a threat needs a target.
 */
const victim =
  '(?:me|us|him|her|them|my \\w+|our \\w+|his \\w+|her \\w+|their \\w+|the door|the kids|people)';
const attackVerb =
  '(?:hitting|beating|attacking|stabbing|shooting at|shooting|strangling|choking|slapping|punching|kicking|hurting|throwing (?:stuff|things|\\w+) at|banging on|pounding on|kicking in|chasing|dragging|burning)';

const attackNow = new RegExp(`\\b${attackVerb}\\s+${victim}`);

const rules: readonly CueRule[] = [
  {
    name: 'threat-to-kill',
    weight: 2,
    pattern: new RegExp(
      `\\b(?:going to|will|gonna|wants to|threat\\w* to|about to|coming (?:over |here |back |home )?to|finish(?:ing)?|said (?:he|she|they) (?:would|will|is going to|was going to)) (?:kill|hurt|shoot|stab|beat|murder|strangle|choke|finish)\\s+${victim}|\\bfinish the job\\b`,
    ),
  },
  {
    name: 'asker-intends-harm',
    weight: 2,
    // "I want to hurt my ex tonight", "going to beat … my landlord" opening a sentence (the
    // subject dropped, as in chat); not "I hurt my back".
    pattern:
      /(?:\bi (?:really |so |just )?(?:want|need|plan|intend|would love|am about|am going|am ready|will|am gonna|have to) (?:to )?|(?:^|[,.!?;] )(?:going to|want to) )(?:hurt|kill|shoot|stab|beat|attack|murder|strangle|choke|run over|jump|make (?:him|her|them) pay|get back at|beat the [a-z*]+ out of)\b\s*(?:him|her|them|my|the|that|this|his|our|someone)\b/,
  },
  {
    name: 'mass-violence',
    weight: 2,
    pattern:
      /\b(?:going to|will|plans? to|wants? to|about to) (?:shoot up|bomb|blow up|attack|open fire on)\b/,
  },
  {
    name: 'attack-in-progress',
    weight: 2,
    pattern: new RegExp(
      `\\b(?:is|are|was|were|keeps?|started|still|been|hear (?:\\w+ )?|see (?:\\w+ )?|watching (?:\\w+ )?)\\s*(?:\\w+ )?${attackVerb}\\s+${victim}`,
    ),
  },
  { name: 'attack-verb', weight: 1, pattern: new RegExp(`\\b${attackVerb}\\s+${victim}`) },
  {
    name: 'break-in',
    weight: 2,
    pattern:
      /\b(?:try(?:ing)? to (?:break|brake) in(?:to)?|try(?:ing)? to get in(?:to)? (?:the|my|our|her|his) (?:house|home|apartment|room|window|door|car)|breaking in(?:to)?|broke in(?:to)? [^.?!]{0,40}\b(?:is still|are still|right now)|is (?:still )?(?:in|inside) (?:the|my|our) (?:house|home|apartment)|is still downstairs|kicking (?:in )?(?:the|my) door)\b/,
  },
  {
    name: 'spanish-attack',
    weight: 2,
    pattern:
      /\bme (?:esta|estan) (?:golpeando|pegando|amenazando|lastimando)\b|\bme (?:quiere|va a|van a) matar\b/,
  },
  {
    name: 'recent-assault',
    weight: 1,
    pattern:
      /\b(?:hit|beat|choked|strangled|punched|kicked|slapped|attacked|hurt|raped|stabbed) me\b|\bme (?:pego|golpeo|amenazo|lastimo)\b|\bblack eye\b/,
  },
  {
    name: 'attacker-present',
    weight: 1,
    pattern:
      /\b(?:is|are) (?:outside|here|in the other room|asleep in|waiting|at (?:my|the) door|in the (?:parking lot|kitchen|house|car))\b|\b(?:esta|estan) afuera\b|\bwaiting (?:outside|in the parking lot|for me|for her)\b|\bfollowed (?:me|her|him) here\b|\btengo (?:mucho )?miedo\b|\bshowed up at (?:my|the) door\b/,
  },
  {
    name: 'threat-words',
    weight: 1,
    pattern:
      /\b(?:you all will see|you will see|see you soon|settle it|take care'? of|make (?:him|her|them) pay|screaming (?:he|she) is going to|threatening (?:me|us|her|him))\b/,
  },
];

export function violenceSignal(sentence: string, text: string): string | undefined {
  // An attack verb with "now" in the same sentence: "throwing stuff at my mom right now".
  if (attackNow.test(sentence) && now.test(sentence)) return 'attack-now';
  const found = scoreCues(rules, sentence, text);
  if (!found) return undefined;
  return found.names;
}
