/**
 * The parts that make an answer answer its question, on hand-written inputs: what kind of fact
 * a question asks for and what a statement states, gap statements a reader accepts, the
 * corpus-scope check, deployment-configured out-of-scope topics, and the answer metrics.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.js';
import { askedFacts, factFit, statementFacts } from '../../src/answer/asked-facts.js';
import { gapStatements, nounPhrases } from '../../src/answer/gaps.js';
import { matchOutOfScopeTopic } from '../../src/answer/out-of-scope.js';
import { QuestionModel } from '../../src/answer/question-model.js';
import { uncoveredSubjectArea } from '../../src/answer/subject-areas.js';
import { loadConfig } from '../../src/core/config.js';
import { AmicusError } from '../../src/core/errors.js';
import { answerMetrics, answerWords, itemAnswerMetrics } from '../../src/evaluation/answer-metrics.js';
import type { TermStatistics } from '../../src/retrieval/retriever.js';
import type { CollectionSummary } from '../../src/store/passage-store.js';

describe('askedFacts', () => {
  it.each([
    ['How many jurors sit on a federal civil jury?', 'count'],
    ['How long does a design patent last?', 'duration'],
    ['What is the deadline to demand a jury trial?', 'duration'],
    ['What is the penalty for counterfeiting U.S. currency?', 'penalty'],
    ['whats the max sentence for robbing a bank', 'penalty'],
    ['What are the four fair use factors?', 'list'],
    ['What are the elements of conspiracy?', 'list'],
    ['What counts as hearsay?', 'definition'],
    ['Who decides whether a witness is qualified?', 'actor'],
    ['How long can an appellate brief be?', 'count'],
    ['How much is the filing fee?', 'amount'],
    ['What must a federal judge tell a defendant before accepting a guilty plea?', 'list'],
  ])('"%s" asks for %s first', (question, kind) => {
    expect(askedFacts(question)[0]).toBe(kind);
  });

  it('reads a penalty, a period, a number and a list in statute wording', () => {
    expect(
      statementFacts('shall be fined under this title or imprisoned not more than 20 years, or both.', 0),
    ).toContain('penalty');
    expect(statementFacts('A party may serve a demand within 14 days after the last pleading.', 0)).toContain(
      'duration',
    );
    expect(statementFacts('A jury must begin with at least 6 and no more than 12 members.', 0)).toContain(
      'count',
    );
    expect(statementFacts('the factors to be considered shall include', 4)).toContain('list');
    expect(statementFacts('The term “trade secret” means all forms of information.', 0)).toContain(
      'definition',
    );
  });

  it('scores a statement by whether it states what is asked', () => {
    const penalty = statementFacts('shall be fined under this title or imprisoned not more than 20 years', 0);
    const definition = statementFacts('the term “distinctive paper” includes any distinctive medium', 0);
    expect(factFit(['penalty'], penalty)).toBe(1);
    expect(factFit(['penalty'], definition)).toBe(0);
    expect(factFit([], definition)).toBe(1);
  });
});

/** Statistics in which every listed word is in a few passages and everything else in none. */
function statistics(known: readonly string[]): TermStatistics {
  return {
    documentCount: 1000,
    documentFrequency: (term) => (known.some((word) => word.startsWith(term)) ? 5 : 0),
  };
}

describe('gap statements', () => {
  it('finds the noun phrases of a question, not its verbs', () => {
    const phrases = nounPhrases(
      'Can accidental clicks on illegal content like child pornography negate criminal intent in court?',
    ).map((phrase) => phrase.words.join(' '));
    expect(phrases).toContain('accidental clicks');
    expect(phrases).toContain('child pornography');
    expect(phrases.join(' | ')).not.toMatch(/\bnegate\b/);
    expect(
      nounPhrases('Does Medicare pay for a home health aide after a hospital stay?').map((phrase) =>
        phrase.words.join(' '),
      ),
    ).toContain('home health aide');
  });

  it('names a concept the sources lack in a natural phrase, never a lone verb or number', () => {
    const question =
      'Does Medicare pay for a home health aide after four days in a hospital, and can it negate a bill?';
    const model = new QuestionModel(question, statistics(['pay', 'hospital', 'bill', 'days']));
    const gaps = gapStatements(question, {
      model,
      quotedTerms: new Set(['pai', 'hospit', 'bill', 'dai']),
      statedFacts: new Set(),
      hasCaseLaw: false,
    });
    expect(gaps).toContain('Available sources do not mention Medicare.');
    expect(gaps).toContain('Available sources do not mention home health aide.');
    for (const gap of gaps) {
      expect(gap).not.toMatch(/mention (?:negate|four|a|the|it)\.$/);
    }
  });

  it('says "case law on …" for a question about what courts do', () => {
    const question = 'Can accidental clicks negate criminal intent in court?';
    const model = new QuestionModel(question, statistics(['criminal', 'intent', 'court']));
    const gaps = gapStatements(question, {
      model,
      quotedTerms: new Set(['crimin', 'intent', 'court']),
      statedFacts: new Set(),
      hasCaseLaw: false,
    });
    expect(gaps).toContain(
      'Available sources do not include case law on accidental clicks, so they do not show how courts have decided such questions.',
    );
  });

  it('asks for a definition the sources do not give', () => {
    const question = 'What is a gig worker?';
    const model = new QuestionModel(question, statistics(['worker']));
    const gaps = gapStatements(question, {
      model,
      quotedTerms: new Set(['worker']),
      statedFacts: new Set(['permission']),
      hasCaseLaw: false,
    });
    expect(gaps).toContain('Available sources do not include a definition of "gig worker".');
  });
});

function collection(id: string, title: string, jurisdiction = 'US-federal'): CollectionSummary {
  return {
    id,
    title,
    sourcePath: `/corpus/${id}`,
    jurisdiction,
    sourceType: 'statute',
    asOf: '2023-04-20',
    vettedBy: 'Librarian',
    vettedOn: '2024-01-01',
    vetted: true,
    documentCount: 1,
    passageCount: 1,
    ingestedAt: '2024-01-01T00:00:00.000Z',
    publisher: undefined,
    url: undefined,
    license: undefined,
  };
}

describe('subject areas the corpus does not hold', () => {
  const sample = [
    collection('usc-title-18', 'United States Code, Title 18 - Crimes and Criminal Procedure'),
    collection('usc-title-15-ch22', 'United States Code, Title 15, Chapter 22 - Trademarks'),
  ];

  it('names where the law lives when no collection holds that title', () => {
    const area = uncoveredSubjectArea('Does Medicare pay for a home health aide?', sample);
    expect(area?.reason).toBe(
      'Questions about Medicare are governed by Title 42 (the Social Security Act) of the U.S. Code, which the vetted sources do not include.',
    );
    expect(uncoveredSubjectArea('Can my landlord enter without notice?', sample)?.reason).toMatch(
      /state law/,
    );
  });

  it('finds a subject named with a word inside its name, but not a short name split apart', () => {
    expect(
      uncoveredSubjectArea(
        'At what age can you start collecting Social Security retirement benefits?',
        sample,
      )?.area.name,
    ).toBe('Social Security and SSI benefits');
    expect(
      uncoveredSubjectArea('What permits does a factory need under the Clean Air Act?', sample)?.reason,
    ).toBe(
      'Questions about air-pollution law are governed by Title 42 (the Clean Air Act) of the U.S. Code, which the vetted sources do not include.',
    );
    // "a will" must be written as is: "a court will" is not about wills.
    expect(uncoveredSubjectArea('Can a court will a defendant to testify?', sample)).toBeUndefined();
  });

  it('answers the same question once the title is ingested, and knows a chapter is not the title', () => {
    const withTitle42 = [
      ...sample,
      collection('usc-title-42', 'United States Code, Title 42 - The Public Health'),
    ];
    expect(uncoveredSubjectArea('Does Medicare pay for a home health aide?', withTitle42)).toBeUndefined();
    const everything = [collection('usc-all', 'United States Code, all titles')];
    expect(uncoveredSubjectArea('Can a debt collector call me at work?', everything)).toBeUndefined();
    expect(uncoveredSubjectArea('Can a debt collector call me at work?', sample)?.reason).toMatch(
      /Chapter 41/,
    );
  });

  it('leaves questions the corpus answers alone', () => {
    for (const question of [
      'Is it a crime to threaten the President?',
      'Will a federal court of appeals hear oral argument?',
      'Is it a crime to assault a federal employee?',
      'Can a witness be held in custody?',
    ])
      expect(uncoveredSubjectArea(question, sample), question).toBeUndefined();
  });
});

describe('out-of-scope topics configured by a deployment', () => {
  const topics = [
    {
      name: "veterans' benefits",
      phrases: ['VA disability', "veterans' benefits"],
      referral: {
        name: 'A VA-accredited representative',
        contact: 'https://www.va.gov/ogc/apps/accreditation/',
        whenToUse: 'Claims and appeals.',
      },
    },
  ];

  it('matches whole phrases, ignoring case and apostrophes', () => {
    expect(matchOutOfScopeTopic('How do I appeal my va disability rating?', topics)?.name).toBe(
      "veterans' benefits",
    );
    expect(matchOutOfScopeTopic('What are veterans benefits?', topics)?.name).toBe("veterans' benefits");
    expect(matchOutOfScopeTopic('What does VAT mean on an invoice?', topics)).toBeUndefined();
  });

  it('is validated in the config, and an error names the field', () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'amicus-topics-'));
    try {
      const file = path.join(directory, 'amicus.config.json');
      writeFileSync(file, JSON.stringify({ answers: { outOfScopeTopics: topics } }));
      const config = loadConfig({ configFile: file, environment: {}, workingDirectory: directory });
      expect(config.answers.outOfScopeTopics[0]?.referral.name).toBe('A VA-accredited representative');
      writeFileSync(file, JSON.stringify({ answers: { outOfScopeTopics: [{ name: 'x', phrases: [] }] } }));
      let error: unknown;
      try {
        loadConfig({ configFile: file, environment: {}, workingDirectory: directory });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(AmicusError);
      expect(String((error as Error).message)).toMatch(/answers\.outOfScopeTopics\.0\.(?:phrases|referral)/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

function answerWith(fields: Partial<Answer>): Answer {
  return {
    id: 'a',
    question: 'q',
    kind: 'answer',
    checkedOn: '2026-01-01',
    summary: [],
    sections: [],
    gaps: [],
    limitations: '',
    followUps: [],
    sources: [],
    related: [],
    referrals: [],
    privateReply: false,
    generatedBy: 'extractive',
    disclaimer: 'Not legal advice.',
    ...fields,
  };
}

function source(n: number, label: string): Answer['sources'][number] {
  return {
    n,
    label,
    title: label,
    url: null,
    collection: 'c',
    sourceType: 'statute',
    jurisdiction: 'US-federal',
    asOf: '2023-04-20',
    passageId: `p${n}`,
    vetted: true,
    vettedBy: null,
    vettedOn: null,
  };
}

describe('answer metrics', () => {
  const good = answerWith({
    summary: [{ text: 'A jury must begin with at least 6 members.', citations: [1] }],
    sections: [
      {
        heading: 'Number of jurors',
        sentences: [{ text: 'The verdict must be unanimous.', citations: [1, 2] }],
      },
    ],
    sources: [source(1, 'Fed. R. Civ. P. 48(a)'), source(2, 'Fed. R. Crim. P. 6(f)')],
  });
  const wrongFirst = answerWith({
    summary: [{ text: 'A grand jury may indict.', citations: [1] }],
    sources: [source(1, 'Fed. R. Crim. P. 6(f)')],
  });
  const declined = answerWith({ kind: 'no-answer' });

  it('reports per item whether the first source is gold, the precision, the words and the sources', () => {
    expect(itemAnswerMetrics({ answerable: 'yes', gold: ['Fed. R. Civ. P. 48'], answer: good })).toEqual({
      firstCitedGold: true,
      citesGold: true,
      citationPrecision: 0.5,
      words: answerWords(good),
      sources: 2,
      falseNoAnswer: false,
    });
    expect(answerWords(good)).toBe(17);
    expect(
      itemAnswerMetrics({ answerable: 'yes', gold: ['Fed. R. Civ. P. 48'], answer: declined }).falseNoAnswer,
    ).toBe(true);
  });

  it('totals them: first-cited gold, pooled precision, false no-answers, median words and sources', () => {
    const metrics = answerMetrics([
      { answerable: 'yes', gold: ['Fed. R. Civ. P. 48'], answer: good },
      { answerable: 'yes', gold: ['Fed. R. Civ. P. 48'], answer: wrongFirst },
      { answerable: 'yes', gold: ['Fed. R. Civ. P. 48'], answer: declined },
      { answerable: 'no', gold: [], answer: declined },
    ]);
    expect(metrics.firstCitedGoldRate).toBeCloseTo(1 / 3);
    expect(metrics.goldCitedRate).toBeCloseTo(1 / 3);
    expect(metrics.citationPrecision).toBeCloseTo(1 / 3);
    expect(metrics.falseNoAnswers).toBe(1);
    expect(metrics.answeredRate).toBeCloseTo(2 / 3);
    expect(metrics.noAnswerRate).toBe(1);
    expect(metrics.medianSources).toBe(1.5);
    expect(metrics.maxSources).toBe(2);
  });
});
