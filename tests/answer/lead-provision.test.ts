/**
 * Which provision leads an extractive answer, on hand-written passages: the provision that
 * makes conduct a crime for "is it a crime" questions, the general provision before its special
 * cases, the statement whose subject is what the question asks about, and acronyms spelled out.
 */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.js';
import { generalQuestion } from '../../src/answer/answer-engine.js';
import { askedFacts, factFit, statementFacts } from '../../src/answer/asked-facts.js';
import type { CompositionRequest } from '../../src/answer/composer.js';
import { ExtractiveComposer } from '../../src/answer/extractive-composer.js';
import { askedSubjectWord, QuestionModel } from '../../src/answer/question-model.js';
import { analyzeTerm, termSet } from '../../src/answer/question-terms.js';
import { subjectShare } from '../../src/answer/statement-scoring.js';
import type { RetrievedPassage, TermStatistics } from '../../src/retrieval/retriever.js';
import type { StoredPassage } from '../../src/store/passage-rows.js';
import { collectionSummary, storedPassage } from '../support/stored-passages.js';

const corpus = [collectionSummary({ id: 'usc-18', passageCount: 4 })];

function section(number: string, title: string, text: string, heading = ''): StoredPassage {
  return storedPassage({
    id: `p-${number}`,
    label: `18 U.S.C. § ${number}`,
    sectionLabel: `18 U.S.C. § ${number}`,
    heading,
    breadcrumb: ['Title 18— CRIMES AND CRIMINAL PROCEDURE', `§ ${number}. ${title}`],
    text,
    documentPath: `chunk-${number}.md`,
  });
}

function statisticsOf(passages: readonly StoredPassage[]): TermStatistics {
  const termSets = passages.map((item) => termSet(`${item.breadcrumb.join(' ')} ${item.text}`));
  return {
    documentCount: 50,
    documentFrequency: (term) => termSets.filter((terms) => terms.has(term)).length,
  };
}

/** Passages in retrieval order, each scored a little below the one before. */
async function answer(question: string, passages: readonly StoredPassage[]): Promise<Answer> {
  const retrieved: RetrievedPassage[] = passages.map((passage, index) => ({
    passage,
    score: 2 - index / 10,
    lexicalRank: index + 1,
    vectorRank: index + 1,
    lexicalScore: 10 - index,
    vectorSimilarity: 0.5,
    citedAs: undefined,
  }));
  const request: CompositionRequest = {
    answerId: 'answer-1',
    question,
    passages: retrieved,
    companions: [],
    statistics: statisticsOf(passages),
    corpus,
    checkedOn: '2025-11-16',
    disclaimer: 'Legal information, not legal advice.',
  };
  return new ExtractiveComposer().compose(request);
}

const workersCompensation = section(
  '1920',
  'False statement or fraud to obtain Federal employees’ compensation',
  'Whoever knowingly and willfully falsifies, conceals, or covers up a material fact, or makes a false, fictitious, or fraudulent statement in connection with the application for or receipt of compensation under subchapter I of chapter 81 of title 5, shall be guilty of perjury, and shall be fined under this title or imprisoned not more than 5 years, or both.',
);
const agentsDesignated = section(
  '158',
  'Designation of United States attorneys and agents of the Federal Bureau of Investigation to address materially fraudulent statements in bankruptcy schedules',
  'The bankruptcy courts shall establish procedures for referring any case that may contain a materially fraudulent statement to the agents of the Federal Bureau of Investigation designated under this section.',
  '(d) Bankruptcy Procedures.',
);
const generalStatements = section(
  '1001',
  'Statements or entries generally',
  'Except as otherwise provided in this section, whoever, in any matter within the jurisdiction of the executive, legislative, or judicial branch of the Government of the United States, knowingly and willfully makes any materially false, fictitious, or fraudulent statement or representation shall be fined under this title or imprisoned not more than 5 years.',
  '(a)',
);

describe('a question whether conduct is a crime', () => {
  it('asks for an offence, and a "Whoever … shall be fined" statement states one', () => {
    expect(askedFacts('Is it a federal crime to lie to an FBI agent?')).toContain('offense');
    expect(askedFacts('Can you be charged for hiding a fugitive?')).toContain('offense');
    // "Illegal" alone is answered by exemptions as often as by offences (copyright uses).
    expect(askedFacts('Is it illegal to sell my used textbooks?')).not.toContain('offense');
    const offence = statementFacts(
      'Whoever knowingly makes a false statement shall be fined under this title.',
      0,
    );
    const procedure = statementFacts(
      'The courts shall establish procedures for referring any case that may contain a fraudulent statement.',
      0,
    );
    expect(factFit(['offense', 'permission'], offence)).toBe(1);
    expect(factFit(['offense', 'permission'], procedure)).toBe(0);
  });

  it('a provision awarding fees states the amount a fees question asks for (35 U.S.C. § 285)', () => {
    // "When can a court award attorney fees in a patent case?" asks for an amount ("fees");
    // § 285 answers it without a dollar figure or the word "costs", and used to count as
    // stating no fact of the kind asked, which left it a 0.45 share behind 17 U.S.C. § 505.
    const asked = askedFacts('When can a court award attorney fees in a patent case?');
    expect(asked).toContain('amount');
    const patentFees = statementFacts(
      'The court in exceptional cases may award reasonable attorney fees to the prevailing party.',
      0,
    );
    expect(factFit(asked, patentFees)).toBe(1);
  });

  it('a statement that opens by saying what its subject is states a definition', () => {
    expect(
      statementFacts('(a) Murder is the unlawful killing of a human being with malice aforethought.', 0),
    ).toContain('definition');
    expect(
      statementFacts('Manslaughter is the unlawful killing of a human being without malice.', 0),
    ).toContain('definition');
    expect(statementFacts('It is the duty of the clerk to keep the records.', 0)).not.toContain('definition');
  });

  it('leads with the general false-statements provision, not a special case or a provision about the agents', async () => {
    const reply = await answer('Is it a federal crime to lie to an FBI agent?', [
      workersCompensation,
      agentsDesignated,
      generalStatements,
    ]);
    expect(reply.kind).toBe('answer');
    expect(reply.sources[0]?.label).toBe('18 U.S.C. § 1001');
    expect(reply.summary[0]?.text).toMatch(/false, fictitious, or fraudulent statement/);
  });

  it('keeps the special case first when the question names what makes it special', async () => {
    const reply = await answer('Is it a crime to lie to get federal employees compensation?', [
      workersCompensation,
      agentsDesignated,
      generalStatements,
    ]);
    expect(reply.sources[0]?.label).toBe('18 U.S.C. § 1920');
  });
});

describe('a question about what a thing must contain', () => {
  it('finds the thing asked about', () => {
    expect(askedSubjectWord('What must the specification of a patent application include?')).toBe(
      'specification',
    );
    expect(askedSubjectWord('What does a complaint in federal court have to contain?')).toBe('complaint');
    expect(askedSubjectWord('How long does copyright last?')).toBeUndefined();
  });

  it('prefers the statement whose subject it is to one that lists it among other parts', () => {
    const subject = analyzeTerm('specification')!;
    const own = subjectShare(
      subject,
      'The specification shall contain a written description of the invention.',
    );
    const listed = subjectShare(
      subject,
      'Such application shall include (A) a specification as prescribed by section 112; (B) a drawing.',
    );
    expect(own).toBeGreaterThan(1);
    expect(listed).toBeLessThan(1);
    expect(subjectShare(undefined, 'The specification shall contain a written description.')).toBe(1);
  });
});

describe('question words', () => {
  it('counts "sentence" as what the question is about unless it asks for a penalty', () => {
    const statistics = statisticsOf([generalStatements]);
    const about = new QuestionModel(
      'What factors does a judge consider when deciding a sentence?',
      statistics,
    );
    const asking = new QuestionModel("What's the sentence for bank robbery?", statistics);
    const weight = (model: QuestionModel) =>
      model.weightOf(model.terms.find((term) => term.word === 'sentence')!.term);
    expect(weight(about)).toBeGreaterThan(weight(asking) * 2);
  });

  it('answers a question naming an acronym that a nearby passage spells out', async () => {
    const review = storedPassage({
      id: 'p-311',
      label: '35 U.S.C. § 311(b)',
      sectionLabel: '35 U.S.C. § 311',
      heading: '(b) Scope.',
      breadcrumb: ['Title 35— PATENTS', '§ 311. Inter partes review'],
      text: 'A petitioner in an inter partes review before the Patent Trial and Appeal Board may request to cancel as unpatentable 1 or more claims of a patent only on a ground that could be raised under section 102 or 103.',
      documentPath: 'chunk-311.md',
    });
    const reply = await answer(
      'On what grounds can someone ask the PTAB to cancel a patent in inter partes review?',
      [review],
    );
    expect(reply.kind).toBe('answer');
    expect(reply.sources[0]?.label).toBe('35 U.S.C. § 311(b)');
  });
});

describe('the general part of a mixed question', () => {
  const whole = "Client wants a jury trial in her federal civil case. What's the deadline to demand one?";
  it('is searched with the whole question when it points back into the situation or says too little', () => {
    expect(generalQuestion("What's the deadline to demand one?", whole)).toBe(whole);
    expect(
      generalQuestion('is that a federal crime?', `people keep stealing mail. ${'is that a federal crime?'}`),
    ).toMatch(/^people keep stealing mail/);
  });

  it('is kept when it stands on its own', () => {
    const general = 'What is the deadline to demand a jury trial in a federal civil case?';
    expect(generalQuestion(general, `My landlord sued me. ${general}`)).toBe(general);
    expect(generalQuestion(undefined, whole)).toBe(whole);
  });
});
