import { words } from '../lexicon/index.js';
import { now, pastOnly } from './cues.js';
import { type CueRule, scoreCues } from './scoring.js';

/**
 * Suicidal thoughts, plans and attempts, said outright or indirectly ("ending it", "not be
 * around for the sentencing", "saving up my pills"), in the first or third person and in
 * Spanish. A strong cue is enough; weak cues ("goodbye", "after tonight") need a second one.
 */
const rules: readonly CueRule[] = [
  {
    name: 'harm-self',
    weight: 2,
    pattern:
      /\b(?:kill|hurt|harm|cut|shoot|hang|drown|off)(?:ing)? (?:myself|himself|herself|themselves|themself)\b/,
  },
  {
    // Cutting told as a habit that is going on or getting worse: "been cutting deeper every night".
    name: 'cutting-ongoing',
    weight: 2,
    pattern:
      /\b(?:i|i have|i have been|i am|been|keep|kept|started|start|still|is|has been|he is|she is) (?:\w+ )?cutting (?:deeper|again|more|worse|every (?:night|day)|my (?:arms?|legs?|wrists?|thighs?|skin|stomach))\b/,
  },
  {
    name: 'suicidal',
    weight: 2,
    pattern:
      /\b(?:i am|feeling|feel|been|getting|is|she is|he is) (?:really |so |very |kind of |kinda )?suicidal\b/,
  },
  {
    name: 'thinking-of-suicide',
    weight: 2,
    pattern:
      /\b(?:think|thinking|thought|thoughts) (?:about|of) (?:suicide|killing (?:myself|himself|herself)|ending (?:my|his|her) life|ending it|not waking up)\b/,
  },
  {
    name: 'end-it',
    weight: 2,
    pattern:
      /\b(?:going to|want to|wants to|ready to|about to|plan(?:ning)? to|decided to|will|gonna|finally|just) (?:just )?end(?:ing)? (?:it|it all|things|everything|my life|his life|her life)\b|\bend(?:ing)? it (?:all|tonight|this weekend|soon|today)\b|\b(?:end|ending|take|taking) (?:my|his|her) (?:own )?life\b/,
  },
  {
    name: 'no-will-to-live',
    weight: 2,
    pattern:
      /\b(?:do not|does not) want to (?:live|be alive|be here|exist|wake up|go on)\b|\bbetter off without (?:me|him|her|them)\b|\bno reason to (?:live|go on)\b|\b(?:do not|does not|can not) (?:see|find) the point(?: anymore| in living| of living| in going on)\b|\bno point (?:in )?(?:living|going on)\b|\b(?:want|wants|going|am going|plan) to die\b/,
  },
  {
    name: 'not-be-around',
    weight: 2,
    pattern:
      /\b(?:(?:i|he|she) (?:will|would) not|not sure (?:i will|ill|i am going to|he will|she will)|may not|might not) be (?:around|here|alive)(?: for| after| anymore| much longer| by| when| to)\b|\b(?:is|am|are) not (?:around|here|alive) anymore\b|\bnot (?:be )?around anymore\b|\bdoes not exist anymore\b/,
  },
  {
    name: 'made-peace',
    weight: 2,
    pattern: /\b(?:made|making) (?:my|his|her) peace\b|\bif i survive\b|\bsay(?:ing)? my goodbyes\b/,
  },
  {
    name: 'means-saved',
    weight: 2,
    pattern:
      /\b(?:saving|saved|stockpil\w*|hoard\w*|collecting) (?:up )?(?:all )?(?:my |his |her )?(?:pills|meds|medication|medicine|insulin|painkillers|oxy\w*|sleeping pills)\b|\bpills (?:are )?(?:lined up|counted out|in front of me|ready)\b|\btengo las pastillas\b|\bcut (?:my|his|her) wrists\b|\bgun to my head\b|\b(?:car|engine) (?:is )?running in (?:the|a) (?:closed )?garage\b|\bin (?:the|a) garage with the engine running\b/,
  },
  {
    name: 'spanish',
    weight: 2,
    pattern:
      /\b(?:quitarme la vida|quitarse la vida|suicidarme|matarme|no quiero (?:seguir )?vivir|quiero morir(?:me)?|pensando en (?:morir|matarme|el suicidio)|ya no (?:va|voy) a estar (?:aqui|aca|con ustedes|mas)|no (?:va|voy) a estar aqui manana)\b/,
  },
  {
    // Finality said of oneself: "this is the last story", "my final message".
    name: 'finality',
    weight: 1,
    pattern:
      /\b(?:this is|this will be|that was|it is|will be) (?:the|my|her|his) (?:very )?last (?:one|story|message|text|post|call|time you)\b|\b(?:my|her|his) (?:last|final) (?:message|post|goodbye|words|story|text)\b/,
  },
  {
    // Whether a policy pays on a death that was no accident, asked beside another sign.
    name: 'payout-if-not-accident',
    weight: 1,
    pattern:
      /\b(?:life insurance|policy)\b[^.?!]{0,40}\b(?:pays? out|pays?|cover)\b[^.?!]{0,30}\b(?:was not|is not|was n't|were not) an accident\b/,
  },
  {
    // A gun just bought "not for protection": the purpose left unsaid is the danger.
    name: 'weapon-not-for-protection',
    weight: 2,
    pattern:
      /\b(?:bought|got|picked up) (?:a|my|the) (?:gun|pistol|handgun|rifle|shotgun)\b[^.?!]{0,40}\bnot for (?:protection|hunting|self[- ]defense)\b/,
  },
  { name: 'place', weight: 1, pattern: /\bon (?:the|a) (?:bridge|roof|ledge|edge|tracks)\b/ },
  {
    name: 'means',
    weight: 1,
    pattern: /\b(?:rope|noose|razor|bottle of (?:pills|tylenol|sleeping pills|\w+ pills))\b/,
  },
  {
    name: 'farewell',
    weight: 1,
    pattern:
      /\b(?:goodbye|said bye|gave away (?:all )?(?:his|her|my|their) (?:stuff|things|belongings|dog|cat|pets?|guitar)|saying bye|sorry about the|(?:written|wrote|writing|left) (?:the|my|a) (?:suicide )?notes?|tonight (?:is|feels like) the night|go(?:ing)? all the way tonight|tonight i (?:think )?(?:i )?(?:will |am going to |am gonna )?go all the way|finally do it|(?:i have|ive) (?:kind of |kinda )?decided|after tonight|will not need [^.?!]* after|ya no aguanto)\b/,
  },
  {
    name: 'own-death',
    weight: 1,
    pattern:
      /\b(?:if i (?:die|am dead|was dead|were dead)|si me muero|when i am gone|after i am gone|if the (?:tenant|defendant|appellant) (?:dies|is dead))\b/,
  },
  // The lexicon rules: said outright, said indirectly, the means at hand, and what happens to
  // one's things or debts afterwards (asked next to another sign).
  { name: 'explicit', weight: 2, pattern: words.selfHarmExplicit },
  { name: 'indirect', weight: 1, pattern: words.selfHarmIndirect, eachMatch: true },
  { name: 'means-at-hand', weight: 1, pattern: words.selfHarmMeans, eachMatch: true },
  { name: 'high-place', weight: 1, pattern: words.selfHarmPlace },
  {
    name: 'how-many-would-it-take',
    weight: 2,
    pattern:
      /\bhow many (?:of )?(?:my |his |her |the )?(?:\w+ ){0,2}(?:pills|tablets|meds|capsules)\b[^.?!]*\b(?:would|will|does|it would|it will) (?:it )?take\b/,
  },
  {
    // Walking into water, weighed down: "gonna walk into the lake tonight with my pockets full of rocks".
    name: 'weighed-down',
    weight: 2,
    pattern: /\b(?:pockets full of (?:rocks|stones)|weigh(?:ed|t)? (?:myself|himself|herself) down)\b/,
  },

  {
    // Choosing where ("been picking which overpass", "scouted the bridge"), or at the place now
    // and thinking of stepping out ("parked at the skyway bridge… thinking about walking out").
    name: 'choosing-the-place',
    weight: 2,
    pattern: new RegExp(
      `\\b(?:picking|picked|choosing|chose|chosen|deciding on|decided on|scouting|scouted|narrowed (?:it )?down to)\\b(?: (?:which|what|the|a|my|out|between))*(?: \\w+)?(?: \\w+)? ${words.selfHarmPlace.source}(?=\\s*(?:$|[.,;!?]|to (?:jump|go|do it|use)|tonight|already|lol|jk|now))|\\b(?:i am|im|i am sitting|i am parked|parked|sitting|standing|here) (?:at|on|by|near|under|in) (?:the|a|this) (?:\\w+ ){0,2}?${words.selfHarmPlace.source}[^.?!]*\\b(?:thinking (?:about|of)|want to|going to|gonna|about to|ready to)\\b[^.?!]*\\b(?:walk\\w*|jump\\w*|step\\w*|go(?:ing)? over|climb\\w*|let go)\\b`,
    ),
  },
  {
    name: 'at-the-edge',
    weight: 2,
    pattern:
      /\b(?:standing|sitting|stood|climbed|i am|he is|she is|they are|someone is) (?:up )?on (?:the|a|top of the) (?:\w+ )?(?:railing|ledge|edge)\b|\blooking (?:over|down from) the (?:edge|ledge|railing)\b/,
  },
  {
    name: 'afterwards',
    weight: 1,
    pattern:
      /\b(?:(?:after|when|if) (?:a|the) (?:defendant|plaintiff|debtor|tenant|appellant|insured(?: person)?|beneficiary|person|employee|veteran) (?:dies|is dead|passes away|takes (?:their|his|her) own life)|(?:pay|payout|pays|cover|covered)[^.?!]{0,40}\b(?:my death|if i die|suicide|own life)|who gets my|go(?:es)? to my|my (?:stuff|things|playlist|cat|dog|car|savings) (?:go|goes|to)|when (?:i|u|you) die|after i die|if i die|after i am gone|does my \w+ get stuck|get discharged when|heredan|after\W*$)\b|\bafter\b[^.?!]*\?$/,
  },
];

export function selfHarmSignal(sentence: string, text: string): string | undefined {
  const found = scoreCues(rules, sentence, text);
  if (!found) return undefined;
  // A bridge and a roof are places; only beside another sign do they say anything.
  if (found.names.split('+').every((name) => name === 'place' || name === 'high-place')) return undefined;
  // A past attempt told as history ("after my suicide attempt last year") is not happening now.
  if (pastOnly.test(sentence) && !now.test(sentence) && found.weight < 4) return undefined;
  return found.names;
}
