/**
 * A professional asking about the law for the people they serve (round 4 of the
 * personal-situation stage): "I'm a librarian and a patron asked me…", "I teach a civics unit…",
 * "Paralegal here, my attorney asked me to pull the rule…", "we're updating our screening
 * sheet". These are long and in the first person, so the narrative, account and own-matter
 * rules took them for the asker's own situation; writers G and F lost most of their general
 * look-alikes that way.
 *
 * A text is a professional's general question when it places the asker in a working role (an
 * introduction, a role said at the start, or work being prepared for others: a lesson, a
 * handout, a memo, a training) and tells nothing of the asker's own situation nor of one
 * particular person's matter: no legal event that befell the asker ("subpoenaed me", "I got a
 * DUI"), none of their own legal things ("my contract", "my loans"), no advice asked for
 * themselves ("should I", "do I have a case"), no "should she" or "her chances" about one
 * client. Emergencies and refusals are decided before this and are not affected; a relayed
 * client's matter stays personal.
 *
 * Over normalized text (see `normalize.ts`).
 */

const professions =
  '(?:teacher|librarian|library (?:aide|assistant|worker|staff)|paralegal|journalist|reporter|editor|writer|counselor|counsellor|nurse educator|nurse|educator|professor|instructor|lecturer|tutor|clerk|court clerk|court reporter|coordinator|volunteer|aide|caseworker|case worker|case manager|social worker|advocate|intake worker|intake coordinator|navigator|interpreter|translator|law student|grad student|researcher|trainer|principal|administrator|chaplain|pastor|organizer|staffer|staff member|clinic staff|podcaster|producer|historian|therapist|dispatcher|moderator|docent|ta|teaching assistant)';

const roleIntro = new RegExp(
  [
    `\\bi am (?:a|an|the|one of the) (?:[\\w-]+ ){0,3}?${professions}s?\\b`,
    `\\b(?:as|being) (?:a|an|the) (?:[\\w-]+ ){0,3}?${professions}\\b`,
    `\\b${professions} (?:here|question|asking|checking in)\\b`,
    `(?:^|[.!?] )(?:[\\w-]+ ){0,2}?${professions}\\s*[-.,:]`,
    '\\bi (?:teach|tutor|coach|train|volunteer|run (?:a|an|the|our)|coordinate|supervise|report on|cover|write for|edit)\\b',
    '\\bi work (?:as|at|in|for) (?:a|an|the|our) (?:[\\w-]+ ){0,4}?(?:clinic|library|school|office|firm|newsroom|paper|court|center|centre|hospital|program|programme|nonprofit|non-profit|shelter|agency|college|university|hotline|desk|station)\\b',
    '\\b(?:teaching|covering|reporting on|writing about|preparing|putting together|updating|drafting|running|building|making|writing|planning) (?:a|an|the|our|my|this) (?:[\\w-]+ ){0,4}?(?:unit|lesson|lecture|handout|faq|training|memo|piece|story|article|explainer|workshop|night|session|curriculum|poster|guide|flyer|brochure|segment|episode|newsletter|chart|sheet|timeline|module|seminar|presentation)\\b',
    '\\bfor (?:our|my|the) (?:[\\w-]+ ){0,2}?(?:volunteer training|staff training|training|handout|faq|memo|piece|story|article|explainer|poster|newsletter|screening sheet|class|students|patrons|readers|listeners|clinic|intake faq)\\b',
  ].join('|'),
);

/** The asker's own situation, beside a role: what makes a professional's text personal after all. */
const ownSituation = new RegExp(
  [
    '\\b(?:about me|my own|this is about me|this one is about me|my (?:own )?situation|personally|for myself|me personally|me specifically)\\b',
    '\\b(?:i|we) (?:was|were|am|got|have been|has been|just got|just|recently got) (?:just )?(?:charged|arrested|fired|sued|served|evicted|indicted|convicted|sentenced|detained|pulled over|ticketed|cited|subpoenaed|deported|laid off|terminated|injured|hurt|denied|accused|investigated|suspended|audited|garnished|a dui|a ticket|a letter|a notice|court papers|papers)\\b',
    '\\b(?:has not paid|hasnt paid|did not pay|owes|fired|sued|suing|subpoenaed|investigating|garnish\\w*|evict\\w*|denied|demoted|disciplined|terminated|laid off|charged|cutting) (?:me|us)\\b',
    '\\b(?:against|about) (?:me|us)\\b',
    '\\b(?:hitting|beating|threatening|harassing|following|stalking|hurting|choking|suing|firing|evicting|investigating|garnishing|charging|billing|blackmailing|hit|threatened|harassed|hurt|choked) (?:me|us)\\b',
    '\\bmy (?:[\\w-]+ )?(?:boyfriend|girlfriend|partner|fiancee?|mom|mother|dad|father|brother|sister|parents?|family|grandma|grandpa|grandmother|grandfather|roommate|neighbou?r|cousin|aunt|uncle|spouse|stepdad|stepmom)\\b',
    '\\bmy (?:contract|position|job|license|licence|loans?|student loans|visa|status|deposit|landlord|lease|ex|daughter|son|husband|wife|kids?|children|case|dui|ticket|charges?|record|employer|severance|pay|wages|overtime|claim|benefits|taxes|divorce|custody|mortgage|apartment|house|car|accident|injury|h-1b|h1b|green card|hearing|trial|bankruptcy|debt)\\b',
    '\\b(?:should i|should we|do i have (?:a|any) (?:case|claim|grounds|recourse)|will i (?:lose|get|be|go)|what (?:should|do) i (?:file|sign|plead)|am i (?:exempt|liable|in trouble|going|out of|covered|entitled|stuck|on solid ground|within my rights)|can i (?:sue|stop|fight|appeal|get (?:it|my))|how (?:do|can) i (?:stop|fight|appeal|get out)|do i have to (?:comply|pay|respond|testify))\\b',
  ].join('|'),
);

/** One particular person's matter relayed: "should she ask for a waiver", "her lease". */
const relayedSituation =
  /\b(?:should|could|can|will) (?:she|he|they|the client|my client|our client|the caller|the patron|the student) (?:sue|file|appeal|sign|plead|ask|get|win|lose|stay|keep|be|go|do|take|fight)\b|\b(?:her|his|their) (?:case|lease|landlord|eviction|visa|benefits|charges?|hearing|chances|options|claim|deadline|appeal|boss|employer|ex)\b|\b(?:client|caller|patron|student|patient|tenant|parent)s? (?:\w+ ){0,3}?(?:got|was|were|is being|has been|received|just got) (?:\w+ )?(?:fired|evicted|served|charged|arrested|sued|denied|a notice|a letter|a summons|papers)\b/;

/** Whether the text is a professional's question about the law for others (see above). */
export function isProfessionalGeneral(text: string): boolean {
  return roleIntro.test(text) && !ownSituation.test(text) && !relayedSituation.test(text);
}
