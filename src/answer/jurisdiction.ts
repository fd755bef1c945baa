/**
 * Places a question may be about, so a question about New York contract law is not answered
 * from federal statutes. Only full names are matched (two-letter abbreviations are too often
 * ordinary words), and a question that also says "federal" is taken to be about federal law.
 */
const states: ReadonlyArray<readonly [string, string]> = [
  ['Alabama', 'US-AL'],
  ['Alaska', 'US-AK'],
  ['Arizona', 'US-AZ'],
  ['Arkansas', 'US-AR'],
  ['California', 'US-CA'],
  ['Colorado', 'US-CO'],
  ['Connecticut', 'US-CT'],
  ['Delaware', 'US-DE'],
  ['Florida', 'US-FL'],
  ['Georgia', 'US-GA'],
  ['Hawaii', 'US-HI'],
  ['Idaho', 'US-ID'],
  ['Illinois', 'US-IL'],
  ['Indiana', 'US-IN'],
  ['Iowa', 'US-IA'],
  ['Kansas', 'US-KS'],
  ['Kentucky', 'US-KY'],
  ['Louisiana', 'US-LA'],
  ['Maine', 'US-ME'],
  ['Maryland', 'US-MD'],
  ['Massachusetts', 'US-MA'],
  ['Michigan', 'US-MI'],
  ['Minnesota', 'US-MN'],
  ['Mississippi', 'US-MS'],
  ['Missouri', 'US-MO'],
  ['Montana', 'US-MT'],
  ['Nebraska', 'US-NE'],
  ['Nevada', 'US-NV'],
  ['New Hampshire', 'US-NH'],
  ['New Jersey', 'US-NJ'],
  ['New Mexico', 'US-NM'],
  ['New York', 'US-NY'],
  ['North Carolina', 'US-NC'],
  ['North Dakota', 'US-ND'],
  ['Ohio', 'US-OH'],
  ['Oklahoma', 'US-OK'],
  ['Oregon', 'US-OR'],
  ['Pennsylvania', 'US-PA'],
  ['Rhode Island', 'US-RI'],
  ['South Carolina', 'US-SC'],
  ['South Dakota', 'US-SD'],
  ['Tennessee', 'US-TN'],
  ['Texas', 'US-TX'],
  ['Utah', 'US-UT'],
  ['Vermont', 'US-VT'],
  ['Virginia', 'US-VA'],
  ['Washington State', 'US-WA'],
  ['West Virginia', 'US-WV'],
  ['Wisconsin', 'US-WI'],
  ['Wyoming', 'US-WY'],
  ['Puerto Rico', 'US-PR'],
  ['Chicago', 'US-IL'],
  ['Los Angeles', 'US-CA'],
  ['San Francisco', 'US-CA'],
  ['New York City', 'US-NY'],
  ['Houston', 'US-TX'],
  ['Miami', 'US-FL'],
  ['Seattle', 'US-WA'],
  ['Boston', 'US-MA'],
];

const countries: ReadonlyArray<readonly [string, string]> = [
  ['United Kingdom', 'GB'],
  ['England', 'GB'],
  ['Scotland', 'GB'],
  ['Britain', 'GB'],
  ['UK', 'GB'],
  ['Canada', 'CA'],
  ['Ontario', 'CA'],
  ['Australia', 'AU'],
  ['India', 'IN'],
  ['Germany', 'DE'],
  ['France', 'FR'],
  ['Mexico', 'MX'],
  ['European Union', 'EU'],
  ['EU', 'EU'],
  ['GDPR', 'EU'],
  ['Ireland', 'IE'],
  ['New Zealand', 'NZ'],
];

export interface NamedJurisdiction {
  readonly name: string;
  readonly code: string;
}

/** Jurisdictions the question names, most specific names first (New York City before New York). */
export function namedJurisdictions(question: string): NamedJurisdiction[] {
  if (/\bfederal\b|\bU\.?S\.?C\b|\bFed\.\s*R\./i.test(question)) return [];
  const found: NamedJurisdiction[] = [];
  const claimed: Array<[number, number]> = [];
  for (const [name, code] of [...states, ...countries].sort(
    (left, right) => right[0].length - left[0].length,
  )) {
    const pattern = new RegExp(
      `\\b${name.replace(/ /g, '\\s+')}\\b`,
      name === name.toUpperCase() ? 'g' : 'gi',
    );
    for (const match of question.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (claimed.some(([from, to]) => start < to && end > from)) continue;
      claimed.push([start, end]);
      found.push({ name, code });
    }
  }
  return found;
}

/** Human names for jurisdiction codes used in limitation statements. */
export function describeJurisdiction(code: string): string {
  if (code === 'US-federal') return 'U.S. federal law';
  const state = states.find(([, stateCode]) => stateCode === code);
  if (state) return `${state[0]} law`;
  return `${code} law`;
}
