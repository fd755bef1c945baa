/**
 * Offline (extractive) answers on the nine sample collections: the example question of the
 * answer contract, the dev set's answer metrics, and the other kinds of reply. This is what
 * `amicus ask` and `amicus eval` print; docs/answers.md shows the same output.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, answerContractViolations, answerSentences } from '../../src/answer/answer.js';
import { passageTopic } from '../../src/answer/section-topics.js';
import type { Application } from '../../src/application.js';
import { answerMetrics, citesGold } from '../../src/evaluation/answer-metrics.js';
import { readEvaluationFile } from '../../src/evaluation/question-file.js';
import {
  fixtureConfig,
  maxFileBytes,
  openFixtureApplication,
  suiteDirectory,
} from '../support/retrieval-fixtures.js';
import { sampleCollectionPaths, sharedEvalPath } from '../support/shared-data.js';

/** Ingesting the nine sample collections takes about 20 s on a 2-core machine. */
const ingestTimeoutMs = 240_000;

const exampleQuestion =
  'Can accidental clicks on illegal content like child pornography negate criminal intent in court?';

let suite: ReturnType<typeof suiteDirectory>;
let application: Application;

beforeAll(async () => {
  suite = suiteDirectory('amicus-shared-answers-');
  application = openFixtureApplication(fixtureConfig(path.join(suite.directory, 'data')), { create: true });
  await application.createIngester().ingest(sampleCollectionPaths(), { maxFileBytes });
}, ingestTimeoutMs);

afterAll(() => {
  application?.close();
  suite?.remove();
});

function citedLabels(answer: Answer): string[] {
  return answer.sources.map((source) => source.label);
}

describe('the example question, answered offline', () => {
  let answer: Answer;
  beforeAll(async () => {
    answer = await application.answers.ask({ question: exampleQuestion });
  });

  it('is an answer that keeps the contract: every sentence cited, every citation listed', () => {
    expect(answer.kind).toBe('answer');
    expect(answer.generatedBy).toBe('extractive');
    expect(answerContractViolations(answer)).toEqual([]);
    expect(answer.summary.length).toBeGreaterThan(0);
    expect(answer.sections.length).toBeGreaterThan(0);
    for (const sentence of answerSentences(answer)) expect(sentence.citations.length).toBeGreaterThan(0);
  });

  it('cites both affirmative defenses and a knowing-possession provision', () => {
    const labels = citedLabels(answer);
    expect(citesGold(answer, ['18 U.S.C. § 2252(c)'])).toBe(true);
    expect(citesGold(answer, ['18 U.S.C. § 2252A(d)'])).toBe(true);
    expect(labels.some((label) => /^18 U\.S\.C\. § 2252A?\(a\)/.test(label))).toBe(true);
    const quoted = answerSentences(answer)
      .map((sentence) => sentence.text)
      .join(' ');
    expect(quoted).toMatch(/knowingly (?:possesses|accesses)/);
  });

  it('says what the sources lack: case law, and accidental clicks as such', () => {
    // The case-law gap names what the question asks about (it read "…include case law, so …").
    expect(answer.gaps).toContain(
      'Available sources do not include case law on accidental clicks, so they do not show how courts have decided such questions.',
    );
    const clicks = answer.gaps.find((gap) => gap.includes('accidental clicks'));
    expect(clicks).toMatch(
      /^Available sources do not mention "accidental clicks" as such; the nearest words/,
    );
    expect(clicks).toContain('"knowingly"');
  });

  it('has limitations, follow-ups, the checked-on date and the disclaimer', () => {
    expect(answer.limitations).toMatch(/case law/);
    expect(answer.followUps.length).toBeGreaterThanOrEqual(3);
    expect(answer.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(answer.disclaimer).toMatch(/not legal advice/);
  });
});

describe('answers on questions-dev.jsonl', () => {
  // Answers now cite one to three provisions (median 2-3 sources, was 7), so citing gold somewhere
  // went from 13 to 12 of 15 items; the first source being gold and the precision are asserted too.
  it('cite gold for ≥ 80% of yes items (first source gold ≥ 75%), no-answer for ≥ 80% of no items, short, no uncited sentence, always the disclaimer', async () => {
    const file = readEvaluationFile(sharedEvalPath('questions-dev.jsonl'));
    if (file.kind !== 'questions') throw new Error('questions-dev.jsonl should hold questions');
    const items = [];
    for (const item of file.items) {
      const answer = await application.answers.ask({ question: item.question });
      expect(answerContractViolations(answer), item.id).toEqual([]);
      items.push({ answerable: item.answerable, gold: item.gold, answer });
    }
    const metrics = answerMetrics(items);
    expect(metrics.yesItems).toBeGreaterThanOrEqual(10);
    expect(metrics.goldCitedRate).toBeGreaterThanOrEqual(0.8);
    expect(metrics.firstCitedGoldRate).toBeGreaterThanOrEqual(0.75);
    expect(metrics.citationPrecision).toBeGreaterThanOrEqual(0.6);
    expect(metrics.medianWords).toBeLessThanOrEqual(250);
    expect(metrics.maxSources).toBeLessThanOrEqual(5);
    expect(metrics.noItems).toBeGreaterThanOrEqual(1);
    expect(metrics.noAnswerRate).toBeGreaterThanOrEqual(0.8);
    expect(metrics.uncitedSentences).toBe(0);
    expect(metrics.disclaimerRate).toBe(1);
  }, 60_000);
});

describe('other kinds of reply', () => {
  it('a question about a state the corpus lacks gets no-answer, naming the state, citing nothing', async () => {
    const answer = await application.answers.ask({
      question: 'What is the statute of limitations for breach of contract in New York?',
    });
    expect(answer.kind).toBe('no-answer');
    expect(answer.notice).toMatch(/New York/);
    expect(answer.sources).toEqual([]);
    expect(answer.related.length).toBeGreaterThan(0);
    expect(answer.disclaimer).toMatch(/not legal advice/);
  });

  it('a question about the asker\u2019s own case gets the notice, general cited information and referrals', async () => {
    const answer = await application.answers.ask({
      question: 'My son was arrested yesterday in federal court, how much bail will he need?',
    });
    expect(answer.kind).toBe('individualized');
    expect(answer.notice).toMatch(/can't advise you on your own situation/);
    expect(answer.referrals.length).toBeGreaterThan(0);
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(answerContractViolations(answer)).toEqual([]);
    expect(answer.privateReply).toBe(true);
  });
});

/** The labels of an answer's sources; no label may be listed twice. */
function labelsOf(answer: Answer): string[] {
  const labels = answer.sources.map((source) => source.label);
  expect(new Set(labels).size, `a label listed twice: ${labels.join(' | ')}`).toBe(labels.length);
  return labels;
}

function summaryWords(answer: Answer): number {
  return answer.summary.reduce((sum, sentence) => sum + sentence.text.split(/\s+/).length, 0);
}

describe('the examples of issue 13, answered to the point', () => {
  it('"How many jurors sit on a federal civil jury?" leads with Fed. R. Civ. P. 48 and the number, no grand-jury rule', async () => {
    const answer = await application.answers.ask({
      question: 'How many jurors sit on a federal civil jury?',
    });
    expect(answer.kind).toBe('answer');
    const labels = labelsOf(answer);
    expect(labels[0]).toMatch(/^Fed\. R\. Civ\. P\. 48\b/);
    expect(labels.some((label) => label.startsWith('Fed. R. Crim. P. 6'))).toBe(false);
    expect(answer.summary[0]!.text).toMatch(/at least 6 and no more than 12 members/);
    expect(summaryWords(answer)).toBeLessThanOrEqual(60);
  });

  it('"What is the penalty for counterfeiting U.S. currency?" leads with a penalty from the counterfeiting chapter, not a definition', async () => {
    const answer = await application.answers.ask({
      question: 'What is the penalty for counterfeiting U.S. currency?',
    });
    expect(answer.kind).toBe('answer');
    const labels = labelsOf(answer);
    // Chapter 25 (Counterfeiting and forgery) is §§ 470–514; § 474A(c) defines "distinctive paper".
    expect(labels[0]).toMatch(/^18 U\.S\.C\. § (?:4[7-9]\d|50\d|51[0-4])[A-Z]?\b/);
    expect(labels[0]).not.toMatch(/^18 U\.S\.C\. § 474A\(c\)/);
    expect(labels.some((label) => label.startsWith('28 U.S.C.'))).toBe(false);
    expect(answer.summary[0]!.text).toMatch(/fined|imprisoned/);
  });

  it('"Is it a crime to threaten the President?" leads with a threats-against-the-President provision (§ 871 when retrieval finds it)', async () => {
    const question = 'Is it a crime to threaten the President?';
    const answer = await application.answers.ask({ question });
    expect(answer.kind).toBe('answer');
    const labels = labelsOf(answer);
    expect(labels[0]).toMatch(/^18 U\.S\.C\. § 87[19]\b/);
    const retrieved = await application.retriever.retrieve({ query: question, k: 12 });
    if (retrieved.some(({ passage }) => passage.sectionLabel === '18 U.S.C. § 871'))
      expect(labels[0]).toMatch(/^18 U\.S\.C\. § 871\b/);
    // "Is it a crime" is answered by the punishment, which the statute states last: the summary
    // keeps the offence's opening and the prison term, not the list of officers in between.
    const summary = answer.summary.map((sentence) => sentence.text).join(' ');
    expect(summary).toMatch(/^\(a\) Whoever knowingly and willfully/);
    expect(summary).toMatch(/imprisoned not more than five years, or both\.$/);
  });

  it('a section heading names the provision its first label cites, also when the summary took the section\u2019s first statement', async () => {
    for (const question of [
      'What must a federal judge tell a defendant before accepting a guilty plea?',
      'How many days do you have to file a notice of appeal in a federal civil case?',
      'What is the penalty for aggravated identity theft?',
    ]) {
      const answer = await application.answers.ask({ question });
      const retrieved = await application.retriever.retrieve({ query: question, k: 40 });
      const byLabel = new Map(retrieved.map(({ passage }) => [passage.label, passage]));
      for (const section of answer.sections) {
        const [topic = '', labels = ''] = section.heading.split(' — ');
        const passage = byLabel.get(labels.split('; ')[0] ?? '');
        if (passage) expect(topic, `${question}: ${section.heading}`).toBe(passageTopic(passage));
      }
    }
  });

  it('"Can I get in trouble for hacking into my ex\u2019s email account?" names hacking as a gap and never quotes the telemarketing definitions first', async () => {
    const answer = await application.answers.ask({
      question: "Can I get in trouble for hacking into my ex's email account?",
    });
    expect(['answer', 'individualized']).toContain(answer.kind);
    const labels = labelsOf(answer);
    expect(labels[0] ?? '').not.toMatch(/^18 U\.S\.C\. § 2325\b/);
    expect(answer.gaps.some((gap) => gap.includes('"hacking" as such'))).toBe(true);
  });

  it('"What does 18 USC 1030 prohibit?" is answered from § 1030(a), and only from § 1030', async () => {
    const answer = await application.answers.ask({ question: 'What does 18 USC 1030 prohibit?' });
    expect(answer.kind).toBe('answer');
    const labels = labelsOf(answer);
    expect(labels[0]).toMatch(/^18 U\.S\.C\. § 1030\(a\)/);
    for (const label of labels) expect(label).toMatch(/^18 U\.S\.C\. § 1030\b/);
    expect(answer.summary[0]!.text).toMatch(/accessed a computer without authorization/);
  });

  it('"What does FRE 608(b) say?" quotes Rule 608(b) first, and "What is FRCP 26(b)(1)?" the scope of discovery', async () => {
    const evidence = await application.answers.ask({ question: 'What does FRE 608(b) say?' });
    expect(evidence.kind).toBe('answer');
    expect(labelsOf(evidence)[0]).toBe('Fed. R. Evid. 608(b)');
    const discovery = await application.answers.ask({ question: 'What is FRCP 26(b)(1)?' });
    expect(discovery.kind).toBe('answer');
    expect(labelsOf(discovery)[0]).toMatch(/^Fed\. R\. Civ\. P\. 26\(b\)/);
    expect(discovery.summary[0]!.text).toMatch(/scope of discovery/);
  });

  it('a bare "Rule 11 sanctions" leads with the rule set whose Rule 11 is about sanctions', async () => {
    // Every rule set's Rule 11 is cited alike; Appellate Rule 11's first passage is labelled by
    // the bare rule number and Civil Rule 11's by its subdivisions, which once put the record
    // on appeal first.
    const answer = await application.answers.ask({ question: 'Rule 11 sanctions' });
    expect(answer.kind).toBe('answer');
    expect(labelsOf(answer)[0]).toMatch(/^Fed\. R\. Civ\. P\. 11\(c\)/);
  });

  it('a provision the corpus does not hold gets a no-answer that names it', async () => {
    const answer = await application.answers.ask({ question: 'What does 42 U.S.C. § 1983 say?' });
    expect(answer.kind).toBe('no-answer');
    expect(answer.notice).toContain('The vetted sources do not include 42 U.S.C. § 1983');
    expect(answer.sources).toEqual([]);
  });

  it('a list question gets the whole list: the four fair use factors', async () => {
    const answer = await application.answers.ask({ question: 'What are the four fair use factors?' });
    expect(labelsOf(answer)[0]).toBe('17 U.S.C. § 107');
    const quoted = answerSentences(answer)
      .map((sentence) => sentence.text)
      .join(' ');
    for (const item of [
      '(1) the purpose and character of the use',
      '(2) the nature of the copyrighted work',
      '(3) the amount and substantiality',
      '(4) the effect of the use upon the potential market',
    ])
      expect(quoted).toContain(item);
  });

  it('a question on a subject whose law the corpus lacks gets a no-answer saying where that law is', async () => {
    const answer = await application.answers.ask({ question: 'How are VA disability ratings appealed?' });
    expect(answer.kind).toBe('no-answer');
    expect(answer.notice).toMatch(/Title 38/);
    expect(answer.sources).toEqual([]);
  });
});
