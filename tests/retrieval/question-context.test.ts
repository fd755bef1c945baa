/**
 * Sentences that ask nothing are the asker's context: their words count for half in lexical
 * retrieval and in the answer's coverage ("what are the fair use factors? trying to figure out
 * if my youtube review with movie clips is ok").
 */
import { describe, expect, it } from 'vitest';
import { QuestionModel } from '../../src/answer/question-model.js';
import { termSet } from '../../src/answer/question-terms.js';
import { ImpactIndexBuilder } from '../../src/retrieval/impact-index.js';
import { contextOnlyTerms, contextShare, questionParts } from '../../src/retrieval/question-context.js';

describe('question parts', () => {
  it('splits the asking sentences from the ones that tell the context', () => {
    expect(
      questionParts('what are the fair use factors? trying to figure out if my youtube review is ok'),
    ).toEqual({
      asked: 'what are the fair use factors?',
      context: 'trying to figure out if my youtube review is ok',
    });
    expect(
      questionParts('Can the landlord keep the deposit? Our client was evicted last week. Is that legal?'),
    ).toEqual({
      asked: 'Can the landlord keep the deposit? Is that legal?',
      context: 'Our client was evicted last week.',
    });
  });

  it('takes a situation told before the question for its subject, not its context', () => {
    // "How much prison time am I facing?" asks about the charge told before it.
    expect(
      questionParts('I was charged with stealing mail last month. How much prison time am I facing?'),
    ).toBeUndefined();
  });

  it('finds no context in a single question, in questions only, or in statements only', () => {
    expect(questionParts('How many jurors sit on a federal civil jury?')).toBeUndefined();
    expect(questionParts('What is hearsay? Is it ever admissible?')).toBeUndefined();
    expect(questionParts('I need the rule on hearsay. It is for a brief.')).toBeUndefined();
  });

  it('keeps a word that the asking sentences use too at full weight', () => {
    const context = contextOnlyTerms('how long can a deposition last? the deposition ran two days.', termSet);
    expect(context.has([...termSet('deposition')][0]!)).toBe(false);
    expect(context.has([...termSet('days')][0]!)).toBe(true);
  });
});

describe('context words count for less', () => {
  const documents = [
    {
      rowid: 1,
      label: '17 U.S.C. § 107',
      headings: 'Fair use',
      text: 'The fair use of a work, including factors.',
    },
    {
      rowid: 2,
      label: 'Other',
      headings: 'Videos',
      text: 'A review of movie clips posted as a video review.',
    },
  ];
  const index = (() => {
    const builder = new ImpactIndexBuilder();
    for (const document of documents) builder.add(document);
    return builder.build();
  })();

  it('ranks the provision on what is asked above one on the context', () => {
    const asked = 'what are the fair use factors? trying to figure out if my movie clips video review is ok';
    const hits = index.search(asked, 2);
    expect(hits[0]?.rowid).toBe(1);
    // The same words as one asking sentence carry their full weight, and the review wins.
    const flat = index.search('what about fair use factors for my movie clips video review', 2);
    expect(flat[0]?.rowid).toBe(2);
  });

  it('halves a context word in the question model', () => {
    const statistics = { documentCount: 100, documentFrequency: () => 5 };
    const model = new QuestionModel(
      'what are the fair use factors? trying to figure out if my youtube review is ok',
      statistics,
    );
    const review = model.terms.find((term) => term.word === 'review')!;
    const fair = model.terms.find((term) => term.word === 'fair')!;
    expect(model.weightOf(review.term)).toBeCloseTo(review.weight * contextShare);
    expect(model.weightOf(fair.term)).toBeCloseTo(fair.weight);
    // Gap statements are never named from the context ("do not mention figure").
    expect(model.isContext(review.term)).toBe(true);
    expect(model.isContext(fair.term)).toBe(false);
  });
});
