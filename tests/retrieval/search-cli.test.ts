import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelMatchesCitation } from '../../src/retrieval/citation-query.js';
import { type CliResult, runAmicus } from '../support/cli.js';
import {
  fixtureConfig,
  ingestedFixture,
  openFixtureApplication,
  suiteDirectory,
} from '../support/retrieval-fixtures.js';

let suite: ReturnType<typeof suiteDirectory>;
let dataDirectory: string;

beforeAll(async () => {
  suite = suiteDirectory('amicus-search-cli-');
  const { application, config } = await ingestedFixture(suite.directory);
  dataDirectory = config.dataDirectory;
  application.close();
});

afterAll(() => suite?.remove());

/** The built CLI on the fixture's data, from a folder with no amicus.config.json. */
function amicus(...args: string[]): CliResult {
  return runAmicus(['--data', dataDirectory, ...args], { cwd: suite.directory });
}

function json(result: CliResult): unknown {
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

interface SearchJson {
  query: string;
  k: number;
  filters: Record<string, string[]>;
  results: Array<{
    id: string;
    label: string;
    score: number | null;
    citedAs: string | null;
    lexicalRank: number | null;
    vectorRank: number | null;
    collection: string;
    jurisdiction: string;
    sourceType: string;
    snippet: string;
  }>;
}

interface EvalJson {
  items: Array<{ id: string; question: string; gold: string[]; answerable: string; retrieved: string[] }>;
  metrics: Record<string, number>;
}

async function inProcessLabels(query: string, k: number): Promise<string[]> {
  const application = openFixtureApplication(fixtureConfig(dataDirectory));
  try {
    return (await application.retriever.retrieve({ query, k })).map((result) => result.passage.label);
  } finally {
    application.close();
  }
}

describe('amicus search', () => {
  it('--json --k 3 --filter jurisdiction=US-CA prints at most 3 US-CA results with label, score and snippet', async () => {
    const question = 'What civil penalty applies for each violation?';
    const output = json(
      amicus('search', question, '--json', '--k', '3', '--filter', 'jurisdiction=US-CA'),
    ) as SearchJson;
    expect(output.query).toBe(question);
    expect(output.k).toBe(3);
    expect(output.filters).toEqual({ jurisdictions: ['US-CA'] });
    expect(output.results).toHaveLength(3);
    for (const result of output.results) {
      expect(result.jurisdiction).toBe('US-CA');
      expect(result.collection).toBe('ca-tenant-guide');
      expect(typeof result.label).toBe('string');
      expect(result.label.length).toBeGreaterThan(0);
      expect(typeof result.score).toBe('number');
      expect(Number.isFinite(result.score)).toBe(true);
      expect(result.snippet.length).toBeGreaterThan(20);
      expect(result.snippet.length).toBeLessThanOrEqual(301);
      expect(result.snippet).not.toMatch(/\n/);
    }
    const scores = output.results.map((result) => result.score as number);
    expect([...scores].sort((left, right) => right - left)).toEqual(scores);
  });

  it('ranks as the retriever does in process', async () => {
    const question = 'How many days does my landlord have to return my security deposit?';
    const output = json(amicus('search', question, '--json', '--k', '5')) as SearchJson;
    expect(output.results.map((result) => result.label)).toEqual(await inProcessLabels(question, 5));
    expect(output.results[0]?.label).toBe('Security deposits in California — Returning the deposit');
  });

  it('prints a cited passage with a null score (JSON has no Infinity) and the citation', () => {
    const output = json(amicus('search', 'What does 99 U.S.C. § 104(b) say?', '--json')) as SearchJson;
    expect(output.results[0]).toMatchObject({
      label: '99 U.S.C. § 104(b)',
      score: null,
      citedAs: '99 U.S.C. § 104(b)',
    });
    expect(output.k).toBe(8);
    expect(output.results).toHaveLength(8);
  });

  it('honours --mode and several --filter options', () => {
    const output = json(
      amicus(
        'search',
        'deposit',
        '--json',
        '--mode',
        'lexical',
        '--filter',
        'sourceType=guide',
        '--filter',
        'collection=ca-tenant-guide,test-title-99',
      ),
    ) as SearchJson;
    expect(output.filters).toEqual({
      collections: ['ca-tenant-guide', 'test-title-99'],
      sourceTypes: ['guide'],
    });
    expect(output.results.length).toBeGreaterThan(0);
    expect(
      output.results.every((result) => result.sourceType === 'guide' && result.vectorRank === null),
    ).toBe(true);
  });

  it('prints numbered lines without --json, and says so when nothing matches', () => {
    const listed = amicus('search', 'What does dwelling mean?', '--k', '2');
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^1\. 99 U\.S\.C\. § 101\(b\) {2}\(score \d+\.\d{4}\)\n {3}\S/);
    expect(listed.stdout).toMatch(/\n2\. /);
    const none = amicus('search', 'deposit', '--filter', 'jurisdiction=US-NY');
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('No passages match');
  });

  it('--filter with an unknown field exits 2 and names the field', () => {
    const result = amicus('search', 'deposit', '--filter', 'bogus=1');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"bogus"');
    expect(result.stderr).toContain('collection, jurisdiction, sourceType');
    expect(result.stdout).toBe('');
  });

  it('--filter without a value exits 2', () => {
    const result = amicus('search', 'deposit', '--filter', 'jurisdiction');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('field=value');
  });

  it.each(['0', 'abc', '2.5', '1001'])('--k %s exits 2', (value) => {
    const result = amicus('search', 'deposit', '--k', value);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--k');
    expect(result.stderr).toContain(`"${value}"`);
  });

  it('--mode with an unknown mode exits 2', () => {
    const result = amicus('search', 'deposit', '--mode', 'semantic');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('semantic');
  });
});

describe('amicus eval', () => {
  const items = [
    {
      id: 'q1',
      question: 'What civil penalty applies for each violation?',
      gold: ['99 U.S.C. § 105'],
      answerable: 'yes',
    },
    {
      id: 'q2',
      question: 'Can the public look at government records?',
      gold: ['99 U.S.C. § 104'],
      answerable: 'yes',
    },
    {
      id: 'q3',
      question: 'How long do I have to file a civil action under this title before it is too late?',
      gold: ['99 U.S.C. § 103(a)'],
      answerable: 'yes',
    },
    {
      id: 'q4',
      question: 'How many days does my landlord have to return my security deposit?',
      gold: ['Security deposits in California — Returning the deposit'],
      answerable: 'yes',
    },
    { id: 'q5', question: 'lawyer', gold: ['99 U.S.C. § 101'], answerable: 'partial' },
    { id: 'q6', question: 'Is there a federal tax on security deposits?', gold: [], answerable: 'no' },
  ];

  function writeQuestions(name: string, lines: readonly string[]): string {
    const file = path.join(suite.directory, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  it('--json prints every item with its retrieved labels in rank order, and the metrics', async () => {
    const file = writeQuestions(
      'questions.jsonl',
      items.map((item) => JSON.stringify(item)),
    );
    const output = json(amicus('eval', file, '--json')) as EvalJson;

    expect(output.items.map((item) => item.id)).toEqual(items.map((item) => item.id));
    for (const [index, item] of output.items.entries()) {
      expect(item.question).toBe(items[index]!.question);
      expect(item.gold).toEqual(items[index]!.gold);
      // At least k = 10 long: the corpus has 26 passages.
      expect(item.retrieved).toHaveLength(10);
      expect(item.retrieved).toEqual(await inProcessLabels(item.question, 10));
    }

    // Recompute the metrics from the items by the eval README's rule.
    const graded = output.items.filter((item) => item.gold.length > 0);
    const firstRank = (item: EvalJson['items'][number]) => {
      const index = item.retrieved.findIndex((label) =>
        item.gold.some((gold) => labelMatchesCitation(label, gold)),
      );
      return index < 0 ? undefined : index + 1;
    };
    const ranks = graded.map(firstRank);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(output.metrics.items).toBe(5);
    expect(output.metrics['recall@1']).toBeCloseTo(mean(ranks.map((rank) => (rank === 1 ? 1 : 0))), 12);
    expect(output.metrics['recall@5']).toBeCloseTo(
      mean(ranks.map((rank) => (rank !== undefined && rank <= 5 ? 1 : 0))),
      12,
    );
    expect(output.metrics['recall@10']).toBeCloseTo(
      mean(ranks.map((rank) => (rank !== undefined ? 1 : 0))),
      12,
    );
    expect(output.metrics['mrr@10']).toBeCloseTo(
      mean(ranks.map((rank) => (rank === undefined ? 0 : 1 / rank))),
      12,
    );

    // The four plain questions find their gold first; "lawyer" finds § 101 second, after § 102.
    expect(ranks).toEqual([1, 1, 1, 1, 2]);
    expect(output.metrics).toMatchObject({ 'recall@1': 0.8, 'recall@5': 1, 'recall@10': 1, 'hit@1': 0.8 });
    expect(output.metrics['mrr@10']).toBeCloseTo(0.9, 12);
  });

  it('retrieves more than 10 when --k asks for more', () => {
    const file = writeQuestions('one-question.jsonl', [JSON.stringify(items[0])]);
    const output = json(amicus('eval', file, '--json', '--k', '20')) as EvalJson;
    expect(output.items[0]?.retrieved).toHaveLength(20);
    // Every label in the fixture is distinct, so twenty labels are twenty different passages.
    expect(new Set(output.items[0]?.retrieved).size).toBe(20);
  });

  it('prints one line per item and the metrics without --json', () => {
    const file = writeQuestions('text-output.jsonl', [JSON.stringify(items[0]), JSON.stringify(items[5])]);
    const result = amicus('eval', file);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^q1\s+gold at 1\s+answer\s+cites gold\s+99 U\.S\.C\. § 105/);
    expect(lines[1]).toMatch(/^q6\s+no gold\s+(?:answer|no-answer)\s/);
    expect(lines[2]).toMatch(/^items 1 {2}recall@1 1 /);
  });

  it('a line missing a field exits 2, naming the file, the line and the field', () => {
    const file = writeQuestions('missing-field.jsonl', [
      JSON.stringify(items[0]),
      '',
      JSON.stringify({ id: 'broken', question: 'What is a dwelling?', gold: [] }),
    ]);
    const result = amicus('eval', file, '--json');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}:3`);
    expect(result.stderr).toContain('answerable');
    expect(result.stdout).toBe('');
  });

  it('a line with a wrong value or broken JSON exits 2 with its location', () => {
    const wrongValue = writeQuestions('wrong-value.jsonl', [
      JSON.stringify({ ...items[0], answerable: 'maybe' }),
    ]);
    const wrong = amicus('eval', wrongValue);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain(`${wrongValue}:1`);
    expect(wrong.stderr).toContain('answerable');

    const brokenJson = writeQuestions('broken.jsonl', [JSON.stringify(items[0]), '{"id": "x", "question": ']);
    const broken = amicus('eval', brokenJson);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(`${brokenJson}:2`);
    expect(broken.stderr).toContain('not valid JSON');
  });
});
