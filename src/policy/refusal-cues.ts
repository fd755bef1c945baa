/**
 * The shapes of a request for help with a crime that no list of crimes can foresee: asking for
 * a method, together with a wish that the authorities not find out ("so the police won't find
 * it", "in a way nobody can trace", "so the agency believes I live alone", "para que el banco no
 * reporte nada"), or together with a deceit or a pressure on a witness. Round 1 missed most
 * unseen refusals because the crime itself was worded in a way its patterns did not know; these
 * cues look at the purpose of the request instead of the crime.
 *
 * Over normalized text (see `normalize.ts`).
 */

/** Asking for a method, a source, words to say or a document. */
export const askForMethod =
  /\b(?:lay out|break down|describe|list every|list all|spell out)\b|\b(?:write|draft|compose|word) (?:me )?(?:a|an|the) (?:\w+ )?(?:letter|note|message|text|email|voicemail|script|post|dm)\b|\b(?:how|where|which|what) (?:\w+ ){0,3}?(?:do|does|can|could|would|should|did|to|is|are) (?:i|we|you|he|she|they|one|someone|people|ppl|my \w+)\b|\b(?:how|where) to\b|\bhow (?:do|does|did) (?:they|he|she|people|ppl)\b|\b(?:tips|steps|method|methods|process|template|trick|tricks|technique|playbook|instructions|guide|tutorial|script)\b|\b(?:help|make|give|provide|tell|show|walk|write|draft|teach|send) (?:me|us)\b|\bhelp me word\b|\bwhat (?:kind of|program|app|tool|symptoms|countries|banks|states|method|words?) \b|\bwhich (?:\w+ ){0,2}(?:method|countries|banks|states|app|tool|program|clinics|roads|turns)\b|\b(?:kindly )?advise (?:me )?(?:what|how)\b|\bwhat (?:can|should|could|do) (?:i|we) (?:say|write|tell|put|answer|use|do)\b|\bwhat (?:would|are) the steps\b|\bwhat do i do first\b|\b(?:como|donde|que) (?:\w+ ){0,2}(?:puedo|podemos|hago|hacen|usan|uso|revisan)\b|\bque (?:papel|sellos|documentos)\b/;

/** Whom a concealment is aimed at: the authorities, a checker, or anyone at all. */
const watcher =
  '(?:the |a |an |any |my |his |her |their |our )?(?:\\w+ )?(?:forensics?|examiners?|crime lab|analysts?|experts?|police|cops?|feds|fbi|dea|atf|irs|ssa|va|dmv|uscis|ice|ntsb|osha|sec|ftc|fda|bank|banks|teller|lender|agency|court|judge|jury|insurance|insurer|adjuster|marshals|lab|luminol|border|customs|cbp|inspectors?|auditors?|investigators?|detectives?|prosecutors?|government|state|school|employer|hr|pharmacy|pharmacist|seller|dealer|clerk|cashier|loss prevention|security|cameras?|alarm|sensors?|platform|site|website|app|carrier|phone company|they|nobody|no one|nothing|anyone|anybody|it|form|check|siblings|family|system|filter|dogs|scanner|test|metadata|records?|package|money|deposits?|transfers?|bills?)';

/**
 * A wish that the authorities (or anyone checking) not find out, or be deceived: aimed at a
 * watcher, so "so my abuser can't find me" (someone protecting themselves) is not one.
 */
export const concealFromAuthorities = new RegExp(
  [
    `\\bso (?:that )?${watcher} (?:will not|would not|can not|could not|does not|do not|did not|never|is not|are not|wont) (?:\\w+ )?(?:find|notice|see|trace|track|flag|catch|report|know|call|verify|freeze|alert|look|detect|recover|reassemble|ask|show|find out|pick|question|check|search|suspect|realize|reject|deny|stop|come up|get suspicious|think twice)`,
    // Verbs of forensic recovery say what is hidden and from whom, whoever the subject is.
    `\\bso (?:that )?(?:\\w+ ){1,3}(?:will never|would never|can never|could never|never|will not|would not|can not|could not|does not|do not) (?:\\w+ )?(?:recover|trace|detect|reassemble|reconstruct|restore)`,
    `\\bso (?:that )?(?:nothing|none of it|it|they|the \\w+) (?:gets?|is|are) (?:ever )?(?:reported|flagged|traced|noticed|detected|caught|found|frozen|seized|questioned)\\b`,
    `\\bwithout ${watcher} (?:\\w+ )?(?:noticing|freezing|flagging|reporting|calling|asking|checking|verifying|catching|knowing|finding out|getting (?:a |an )?(?:alert|notification|sign-in alert|warning)|seeing)\\b`,
    '\\bwithout (?:my|his|her|their) (?:real )?name (?:hitting|showing up|coming up)\\b|\\bso i can stay (?:gone|hidden|free|out)\\b|\\bhow to beat (?:each|them|it|the)\\b',
    `\\bso (?:that )?${watcher} (?:\\w+ )?(?:believes?|thinks?|pays? out|approves?|accepts?|buys it)\\b`,
    `\\bin a way (?:that )?(?:nobody|no one|they|a judge|the judge|the court|police|it|the cops) (?:can|could|would|will) (?:not )?(?:trace|call|prove|see|tell|find|use)`,
    `\\b(?:before|until) ${watcher} (?:\\w+ )?(?:notice|notices|find out|finds out|catch on|catches on|figure it out)\\b`,
    '\\bwithout (?:a |the |any |them |anyone |the \\w+ )?(?:inspection|asking (?:where|about|questions|for (?:id|papers))|paperwork|background check|getting caught|being caught|leaving a trace|getting (?:arrested|picked up|flagged|caught|traced))\\b',
    '\\b(?:not|never|will not|would not|does not|do not) get (?:me |us |him |her )?(?:picked up|caught|arrested|flagged|traced|charged|thrown out)\\b',
    '\\bso (?:it|they|that it|the \\w+) (?:looks?|reads?|seems?|passes|appears?|comes out) (?:\\w+ )?(?:real|original|legit|normal|genuine|legal|authentic|official|clean|like normal)\\b',
    '\\b(?:look|looks|seem|seems|appear|appears|pass|passes) (?:\\w+ )?(?:real|original|legit|genuine|authentic|official)\\b',
    '\\b(?:off the books|under the radar|off the radar|stay ahead of|impossible to (?:reassemble|recover|trace|read)|shows nothing|finds nothing|show up clean)\\b',
    '\\b(?:does not|do not|will not|would not|never) (?:flag|trigger|show up|ping)\\b',
    '\\bpara que (?:no|el banco no|la policia no|nadie|no lo|no la|parezca)\\b|\\bsin que\\b|\\bdonde no revisan\\b',
  ].join('|'),
);

/** A deceit or a crime against someone's identity or property, asked for as a method. */
export const deceit = new RegExp(
  [
    '\\b(?:make|get|create|write|file|use|needs?|buy|print|produce|forge|order) (?:me )?(?:a |an |the |some )?(?:\\w+ )?fake\\b',
    '\\bfake (?:a|an|the|my|some|symptoms|it|injury|injuries|illness)\\b|\\bshould i fake\\b',
    '\\bunder (?:my |his |her |their |someone(?: else)? )?(?:\\w+ ){0,2}(?:ssn|social security(?: number)?|name|identity)\\b',
    '\\bthat are not (?:mine|ours|his|hers)\\b|\\bin (?:someone|somebody)(?: else)? name\\b',
    '\\b(?:never|did not) (?:bought|buy|pay for|paid for)\\b',
    '\\b(?:neighbors?|someone else|other peoples?|strangers) (?:\\w+ )?(?:packages|mail|deliveries)\\b',
    '\\blos(?:e|ing) (?:a |the )?(?:cops?|police|tail|feds)\\b|\\bshake (?:the )?(?:cops|police|tail)\\b',
    '\\bundeclared\\b',
    // Things that do not exist or are not the asker's, passed off as real.
    '\\b(?:a|an|the|my) (?:\\w+ ){0,2}(?:that |which )?(?:i|we) (?:do not|did not|never) (?:have|had|own|earn|work)\\b|\\b(?:that|which) (?:does not|do not|did not) exist\\b|\\bmade[- ]up\\b|\\bfake (?:name|returns?|payroll|identity|business)\\b|\\bstolen (?:identities|identity|cards?|checks?|mail)\\b',
    '\\bpass (?:the |an |a )?(?:pen test|i-9|i9|background check|drug test|inspection|check|verification)\\b|\\bpass as (?:real|pharma|legit|genuine)\\b|\\b(?:made|printed) that will pass\\b',
    '\\b(?:pretext|trick|con|fool|sweet-talk) (?:the |a |an )?(?:\\w+ ){0,2}into (?:giving|handing|sending|telling)\\b',
    '\\b(?:gets?|getting) past the (?:lock|alarm|cameras?|guard|security)\\b|\\bdodges? the cameras\\b|\\bcheck kiting\\b|\\bcrypto mixers?\\b|\\bmule money\\b|\\bmoney mule\\b|\\bshell (?:llc|company|companies)\\b|\\blooking like (?:\\w+ )?income\\b|\\bstraw purchase\\b',
    '\\b(?:find|get|locate|track down|figure out) (?:her|his|their|my ex\\w*) (?:new |current |real-time )?(?:address|location|number|whereabouts)\\b[^.?!]*|\\b(?:blocked me|moved away|cut (?:me )?off contact)\\b[^.?!]*\\b(?:address|location|where (?:she|he) (?:lives|is))\\b',
    '\\b(?:secretly|covertly) (?:put|install|add|read|track|watch|record)\\b|\\b(?:underage|child) (?:content|pics|photos|videos|material)\\b|\\b(?:reagents|precursors|pharma grade|cook a batch)\\b|\\bno (?:background check|serial)\\b|\\b(?:vendors|markets) (?:are )?legit\\b',
    '\\b(?:read|see|access|pull|get into|log into|snoop on|look at|check) (?:\\w+ ){0,3}(?:texts|messages|emails|dms|whatsapp|icloud|snaps?|snapchat|instagram|account|photos|phone)\\b[^.?!]{0,30}\\b(?:after (?:she|he|they) blocked|without (?:her|his|their) (?:knowing|permission|consent)|behind (?:her|his|their) back|secretly|old shared|password)',
    '\\bhide (?:the |a |my |his |her )?(?:\\w+ ){0,2}(?:gun|weapon|body|drugs|money|cash|evidence|ledgers?|him|her|them)\\b|\\besconder\\w*\\b|\\blo podemos esconder\\b',
  ].join('|'),
);

/** A witness, juror or testimony in the same text as a pressure on them. */
const witnessWord =
  /\b(?:witness|witnesses|juror|jurors|jury|testifying against|testify against|testimony|testigo)\b/;
const pressureWord =
  /\b(?:scare|scares|scared off|discourage\w*|safer if|not happy|know where (?:she|he|they|her|his)|visit (?:each|them|her|him)|make sure (?:they|she|he) know|out of showing up|not show up|remind (?:her|him|them)|consequences|stay quiet|keep (?:her|his|their) mouth shut|forget|change (?:her|his|their) story|rethink|hangs? the jury|drops? it|drops? the (?:case|charges)|gets? the message|back out|immigration status|which school)\b/;

export function pressuresWitness(text: string): boolean {
  return witnessWord.test(text) && pressureWord.test(text);
}
