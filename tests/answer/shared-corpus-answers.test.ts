/**
 * Offline (extractive) answers on the nine sample collections: the example question of the
 * answer contract, the dev set's answer metrics, and the other kinds of reply. This is what
 * `amicus ask` and `amicus eval` print; docs/answers.md shows the same output.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, answerContractViolations, answerSentences } from '../../src/answer/answer.js';
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
    expect(answer.gaps).toContain(
      'Available sources do not include case law, so they do not show how courts have decided such questions.',
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
  it('cite gold for ≥ 85% of yes items, no-answer for ≥ 80% of no items, no uncited sentence, always the disclaimer', async () => {
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
    expect(metrics.goldCitedRate).toBeGreaterThanOrEqual(0.85);
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
