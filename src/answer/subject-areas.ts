import type { CollectionSummary } from '../store/passage-store.js';

/**
 * Where U.S. law on common subjects lives, so the answerability check can tell a question the
 * vetted corpus cannot answer from one it can, whatever words the question shares with it. A
 * question about Medicare shares "health" and "benefits" with Title 18's health-care fraud
 * sections; those sections do not answer it, because Medicare law is in Title 42.
 *
 * Each area names the U.S. Code title (and chapter, where the title is large) that governs it,
 * or says it is mostly state law. The check is relative to the ingested collections: with
 * Title 42 ingested, Medicare questions are answered; with only the nine sample collections,
 * they get a no-answer that says where the law is. The phrases are the names people use for
 * the subject (program names, statute names, the usual terms), not the words of any question.
 */
export interface SubjectArea {
  /** How the reply names it: "Medicare". */
  readonly name: string;
  /** Whole-word, case-insensitive phrases that mark a question about it. */
  readonly phrases: readonly string[];
  /** The U.S. Code title that holds it, or `state` for mostly state law. */
  readonly home: { readonly title: number; readonly chapter?: string; readonly label: string } | 'state';
}

const usc = (title: number, label: string, chapter?: string) =>
  chapter === undefined ? { title, label } : { title, chapter, label };

export const subjectAreas: readonly SubjectArea[] = [
  // Title 42: public health and welfare, social security, civil rights.
  { name: 'Medicare', phrases: ['medicare'], home: usc(42, 'Title 42 (the Social Security Act)', '7') },
  { name: 'Medicaid', phrases: ['medicaid'], home: usc(42, 'Title 42 (the Social Security Act)', '7') },
  {
    name: 'Social Security and SSI benefits',
    phrases: [
      'social security benefits',
      'social security disability',
      'ssi',
      'ssdi',
      'supplemental security income',
    ],
    home: usc(42, 'Title 42 (the Social Security Act)', '7'),
  },
  {
    name: 'federal civil-rights lawsuits',
    phrases: ['1983 claim', 'section 1983', 'civil rights act', 'fair housing act', 'title vii', 'title ix'],
    home: usc(42, 'Title 42', '21'),
  },
  {
    name: 'disability-discrimination law',
    phrases: ['americans with disabilities act', 'ada accommodation', 'reasonable accommodation'],
    home: usc(42, 'Title 42 (the Americans with Disabilities Act)', '126'),
  },
  {
    name: 'the Affordable Care Act',
    phrases: ['affordable care act', 'obamacare'],
    home: usc(42, 'Title 42', '157'),
  },
  // Title 38: veterans.
  {
    name: "veterans' benefits",
    phrases: [
      'veterans benefits',
      'va disability',
      'va rating',
      'va benefits',
      'gi bill',
      'veterans affairs',
    ],
    home: usc(38, 'Title 38'),
  },
  // Title 29: labor and employment.
  {
    name: 'wage and hour law',
    phrases: ['minimum wage', 'overtime pay', 'overtime', 'fair labor standards act', 'flsa', 'tipped'],
    home: usc(29, 'Title 29 (the Fair Labor Standards Act)', '8'),
  },
  {
    name: 'workplace safety rules',
    phrases: ['osha', 'workplace safety', 'occupational safety'],
    home: usc(29, 'Title 29 (the Occupational Safety and Health Act) and OSHA regulations', '15'),
  },
  {
    name: 'family and medical leave',
    phrases: ['family and medical leave', 'fmla', 'parental leave', 'maternity leave', 'paternity leave'],
    home: usc(29, 'Title 29 (the Family and Medical Leave Act)', '28'),
  },
  {
    name: 'labor unions and collective bargaining',
    phrases: [
      'labor union',
      'join a union',
      'form a union',
      'forming a union',
      'unionize',
      'collective bargaining',
      'national labor relations',
    ],
    home: usc(29, 'Title 29 (the National Labor Relations Act)', '7'),
  },
  {
    name: 'employee benefit plans',
    phrases: ['erisa', '401k', '401(k)', 'pension plan'],
    home: usc(29, 'Title 29 (ERISA)', '18'),
  },
  // Title 26: taxes.
  {
    name: 'federal tax law',
    phrases: ['income tax', 'tax return', 'irs', 'internal revenue service', 'tax deduction', 'deduct'],
    home: usc(26, 'Title 26 (the Internal Revenue Code)'),
  },
  // Title 8: immigration.
  {
    name: 'immigration law',
    phrases: [
      'green card',
      'visa',
      'asylum',
      'deportation',
      'deported',
      'naturalization',
      'citizenship application',
      'daca',
      'temporary protected status',
      'tps',
      'immigration',
    ],
    home: usc(8, 'Title 8 (the Immigration and Nationality Act)'),
  },
  // Title 20: education.
  {
    name: 'education law and student aid',
    phrases: ['student loan', 'student loans', 'fafsa', 'pell grant', 'ferpa', 'special education'],
    home: usc(20, 'Title 20'),
  },
  // Title 7: agriculture and food assistance.
  {
    name: 'food assistance (SNAP)',
    phrases: ['snap', 'snap benefits', 'food stamps'],
    home: usc(7, 'Title 7', '51'),
  },
  // Title 11: bankruptcy.
  {
    name: 'bankruptcy law',
    phrases: ['chapter 7', 'chapter 13', 'bankruptcy discharge', 'file for bankruptcy', 'declare bankruptcy'],
    home: usc(11, 'Title 11 (the Bankruptcy Code)'),
  },
  // Title 15 outside the Lanham Act: consumer protection.
  {
    name: 'consumer-protection law',
    phrases: [
      'debt collector',
      'debt collection',
      'fdcpa',
      'credit report',
      'fair credit reporting',
      'truth in lending',
    ],
    home: usc(15, 'Title 15, Chapter 41 (Consumer Credit Protection)', '41'),
  },
  {
    name: 'antitrust law',
    phrases: ['antitrust', 'sherman act', 'price fixing'],
    home: usc(15, 'Title 15, Chapter 1', '1'),
  },
  // Title 47: communications.
  {
    name: 'telephone and telemarketing-call rules',
    phrases: ['robocall', 'robocalls', 'tcpa', 'do not call', 'fcc'],
    home: usc(47, 'Title 47 (the Telephone Consumer Protection Act)', '5'),
  },
  // Title 49 and aviation rules.
  {
    name: 'aviation and transportation rules',
    phrases: [
      'faa',
      'drone',
      'drones',
      'oversold flight',
      'bumped from',
      'denied boarding',
      'flight delay',
      'hours of service',
      'truck driver hours',
    ],
    home: usc(49, 'Title 49 and federal transportation regulations'),
  },
  // Title 33: water and wetlands.
  {
    name: 'water-pollution and wetlands law',
    phrases: ['wetland', 'wetlands', 'clean water act'],
    home: usc(33, 'Title 33', '26'),
  },
  // Title 42, chapter 85, and Title 16: air pollution and wildlife.
  {
    name: 'air-pollution law',
    phrases: ['clean air act', 'air pollution', 'emissions standards', 'air quality'],
    home: usc(42, 'Title 42 (the Clean Air Act)', '85'),
  },
  {
    name: 'endangered-species law',
    phrases: ['endangered species', 'threatened species'],
    home: usc(16, 'Title 16 (the Endangered Species Act)', '35'),
  },
  // Title 21: the drug schedules (the drug crimes of Title 18 refer to them).
  {
    name: 'the controlled-substance schedules',
    phrases: [
      'controlled substances act',
      'schedule i drug',
      'schedule ii drug',
      'drug schedule',
      'rescheduling',
    ],
    home: usc(21, 'Title 21 (the Controlled Substances Act)', '13'),
  },
  // Title 5: federal employment.
  {
    name: 'federal employee protections',
    phrases: ['whistleblower protection', 'whistleblowers', 'merit systems protection', 'mspb'],
    home: usc(5, 'Title 5'),
  },
  // Title 22: passports and foreign relations (the passport crimes are in Title 18).
  {
    name: 'passport applications',
    phrases: ['get a passport', 'passport for my', 'renew my passport'],
    home: usc(22, 'Title 22'),
  },
  // Mostly state law.
  {
    name: 'landlord–tenant law',
    phrases: [
      'landlord',
      'eviction',
      'evict',
      'evicted',
      'security deposit',
      'raising the rent',
      'rent increase',
    ],
    home: 'state',
  },
  {
    name: 'family law',
    phrases: [
      'divorce',
      'child custody',
      'custody of my',
      'child support',
      'alimony',
      'common-law marriage',
      'common law marriage',
      'prenup',
      'prenuptial',
    ],
    home: 'state',
  },
  {
    name: 'wills, trusts and probate',
    phrases: [
      'a will',
      'my will',
      'handwritten will',
      'last will',
      'wills',
      'probate',
      'living trust',
      'estate planning',
      'inheritance',
      'executor',
    ],
    home: 'state',
  },
  {
    name: 'property law',
    phrases: ['adverse possession', 'easement', 'homeowners association', 'hoa', 'property line', 'zoning'],
    home: 'state',
  },
  {
    name: 'contract law',
    phrases: [
      'breach of contract',
      'non-compete',
      'noncompete',
      'promissory estoppel',
      'consideration for a contract',
    ],
    home: 'state',
  },
  {
    name: 'tort law',
    phrases: [
      'res ipsa loquitur',
      'medical malpractice',
      'slip and fall',
      'negligence case',
      'premises liability',
    ],
    home: 'state',
  },
  {
    name: 'traffic and vehicle law',
    phrases: ['speed limit', 'speeding ticket', 'traffic ticket', 'driver license suspension', 'dui', 'dwi'],
    home: 'state',
  },
  { name: 'name changes', phrases: ['change my name', 'name change'], home: 'state' },
  {
    name: "workers' compensation",
    phrases: ['workers compensation', 'workmans comp', 'workers comp', 'injured at work', 'hurt on the job'],
    home: 'state',
  },
  {
    name: 'school rules',
    phrases: ['vaccines', 'vaccination', 'homeschool', 'school enrollment'],
    home: 'state',
  },
  {
    name: 'marijuana law',
    phrases: ['recreational marijuana', 'medical marijuana', 'dispensary'],
    home: 'state',
  },
];

/** The U.S. Code titles, and chapters of partly held titles, that the corpus holds. */
interface HeldCode {
  readonly allTitles: boolean;
  readonly titles: ReadonlySet<number>;
  readonly chapters: ReadonlySet<string>;
}

function heldCode(corpus: readonly CollectionSummary[]): HeldCode {
  const titles = new Set<number>();
  const chapters = new Set<string>();
  let allTitles = false;
  for (const collection of corpus) {
    if (!/\bUnited States Code\b|\bU\.S\.C\b/i.test(collection.title)) continue;
    if (/\ball titles\b/i.test(collection.title)) allTitles = true;
    const match = /\bTitle\s+(\d+)(?:,?\s+Chapter\s+(\w+))?/i.exec(collection.title);
    if (!match) continue;
    if (match[2]) chapters.add(`${match[1]}:${match[2]}`);
    else titles.add(Number(match[1]));
  }
  return { allTitles, titles, chapters };
}

function normalize(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}()-]+/gu, ' ')
    .trim()} `;
}

/**
 * Whether the normalised question names the phrase. A name of two or more full words may have
 * one word inserted between its words ("social security retirement benefits", "child physical
 * custody"); a name with a short word ("a will", "breach of contract") must appear as written,
 * since "a court will" is not about wills.
 */
function mentions(question: string, phrase: string): boolean {
  const normalized = normalize(phrase);
  if (question.includes(normalized)) return true;
  if (!phrasePatterns.has(phrase)) phrasePatterns.set(phrase, phrasePattern(normalized));
  const pattern = phrasePatterns.get(phrase);
  return pattern?.test(question) ?? false;
}

/** Each phrase's pattern with room for one inserted word, built once: this runs for every question. */
const phrasePatterns = new Map<string, RegExp | null>();

function phrasePattern(normalized: string): RegExp | null {
  const words = normalized.trim().split(' ');
  if (words.length < 2 || words.some((word) => word.length < 3)) return null;
  const pattern = words.map((word) => word.replace(/[()]/g, '\\$&')).join(' (?:[\\p{L}\\p{N}()-]+ )?');
  return new RegExp(` ${pattern} `, 'u');
}

export interface UncoveredArea {
  readonly area: SubjectArea;
  /** "Medicare is governed by Title 42 …, which the vetted sources do not include." */
  readonly reason: string;
}

/**
 * The first subject area the question is about whose law the corpus does not hold: a U.S. Code
 * title (or chapter) no collection holds, or state law when every collection is federal.
 */
export function uncoveredSubjectArea(
  question: string,
  corpus: readonly CollectionSummary[],
): UncoveredArea | undefined {
  const text = normalize(question);
  const held = heldCode(corpus);
  const hasStateLaw = corpus.some((collection) => collection.jurisdiction !== 'US-federal');
  for (const area of subjectAreas) {
    if (!area.phrases.some((phrase) => mentions(text, phrase))) continue;
    if (area.home === 'state') {
      if (hasStateLaw) continue;
      return {
        area,
        reason: `Questions about ${area.name} are mostly answered by state law, which the vetted sources do not include.`,
      };
    }
    const { title, chapter, label } = area.home;
    const isHeld =
      held.allTitles ||
      held.titles.has(title) ||
      (chapter !== undefined && held.chapters.has(`${title}:${chapter}`));
    if (isHeld) continue;
    return {
      area,
      reason: `Questions about ${area.name} are governed by ${label} of the U.S. Code, which the vetted sources do not include.`,
    };
  }
  return undefined;
}
