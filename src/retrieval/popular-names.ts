/**
 * The popular names of federal statutes and rules, as the U.S. Code's Popular Name Table and
 * practitioners use them: "the CFAA" is 18 U.S.C. § 1030, "the rape shield rule" is Fed. R.
 * Evid. 412. A question that names one cites it, exactly as if it had written the section, so
 * it finds that provision first and `citedProvisions` can tell whether the corpus holds it.
 *
 * Only names that point at a few sections are listed (the section that states the rule or the
 * offence first); the name of a whole act or chapter ("the Lanham Act", "the DMCA", "the
 * Copyright Act") is a topic, not a citation, and is left to ranking: read as citations of
 * its best-known sections, "Under the Lanham Act, when is a mark abandoned?" lost § 1127.
 */
export interface PopularName {
  readonly pattern: RegExp;
  readonly sectionLabels: readonly string[];
}

export const popularNames: readonly PopularName[] = [
  { pattern: /\bcomputer fraud and abuse act\b|\bCFAA\b/i, sectionLabels: ['18 U.S.C. § 1030'] },
  { pattern: /\bjencks act\b/i, sectionLabels: ['18 U.S.C. § 3500'] },
  { pattern: /\bhobbs act\b/i, sectionLabels: ['18 U.S.C. § 1951'] },
  {
    pattern: /\bracketeer influenced and corrupt organizations act\b|\bRICO\b/,
    sectionLabels: ['18 U.S.C. § 1962', '18 U.S.C. § 1963', '18 U.S.C. § 1964'],
  },
  { pattern: /\bmann act\b/i, sectionLabels: ['18 U.S.C. § 2421'] },
  { pattern: /\bCAN-SPAM act\b/i, sectionLabels: ['18 U.S.C. § 1037'] },
  { pattern: /\beconomic espionage act\b/i, sectionLabels: ['18 U.S.C. § 1831', '18 U.S.C. § 1832'] },
  { pattern: /\bdefend trade secrets act\b|\bDTSA\b/i, sectionLabels: ['18 U.S.C. § 1836'] },
  { pattern: /\ball writs act\b/i, sectionLabels: ['28 U.S.C. § 1651'] },
  { pattern: /\banti-injunction act\b/i, sectionLabels: ['28 U.S.C. § 2283'] },
  { pattern: /\bbail reform act\b/i, sectionLabels: ['18 U.S.C. § 3142'] },
  { pattern: /\bstored communications act\b/i, sectionLabels: ['18 U.S.C. § 2701'] },
  { pattern: /\bwiretap act\b/i, sectionLabels: ['18 U.S.C. § 2511'] },
  { pattern: /\bspeedy trial act\b/i, sectionLabels: ['18 U.S.C. § 3161'] },
  {
    pattern: /\bfederal tort claims act\b|\bFTCA\b/i,
    sectionLabels: ['28 U.S.C. § 1346', '28 U.S.C. § 2674'],
  },
  { pattern: /\bcriminal justice act\b/i, sectionLabels: ['18 U.S.C. § 3006A'] },
  {
    pattern: /\bsection 1983\b|\b§\s?1983 (?:claim|action|suit|lawsuit)s?\b/i,
    sectionLabels: ['42 U.S.C. § 1983'],
  },
  { pattern: /\brape shield (?:rule|law|statute)\b/i, sectionLabels: ['Fed. R. Evid. 412'] },
  { pattern: /\bbest evidence rule\b/i, sectionLabels: ['Fed. R. Evid. 1002'] },
  // An exception to the hearsay rule is in the exceptions' rules, not in the rule it excepts
  // from: "is an excited utterance an exception to the hearsay rule?" is answered by Rule 803(2).
  {
    pattern:
      /\bhearsay exceptions?\b|\bexceptions? (?:to|from) (?:the )?(?:hearsay rule|rule against hearsay)\b/i,
    sectionLabels: ['Fed. R. Evid. 803', 'Fed. R. Evid. 804', 'Fed. R. Evid. 807'],
  },
  {
    pattern: /(?<!\bexceptions? (?:to|from) (?:the )?)(?:\bhearsay rule\b|\brule against hearsay\b)/i,
    sectionLabels: ['Fed. R. Evid. 802', 'Fed. R. Evid. 801'],
  },
];
