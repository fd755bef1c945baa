import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Application } from '../../src/application.js';
import type { AmicusConfig } from '../../src/core/config.js';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.js';
import { LexicalSearch } from '../../src/retrieval/lexical-search.js';
import type { RetrievalMode, RetrievedPassage } from '../../src/retrieval/retriever.js';
import { VectorIndex } from '../../src/retrieval/vector-index.js';
import {
  CountingEmbedderSource,
  fixtureConfig,
  guideCollectionId,
  ingestedFixture,
  openFixtureApplication,
  statuteCollectionId,
  suiteDirectory,
} from '../support/retrieval-fixtures.js';

const modes: readonly RetrievalMode[] = ['hybrid', 'lexical', 'vector'];

let suite: ReturnType<typeof suiteDirectory>;
let application: Application;
let config: AmicusConfig;
let passageCount: number;

beforeAll(async () => {
  suite = suiteDirectory('amicus-retrieval-');
  ({ application, config } = await ingestedFixture(suite.directory));
  passageCount = application.store.passageCount();
});

afterAll(() => {
  application?.close();
  suite?.remove();
});

function labels(results: readonly RetrievedPassage[]): string[] {
  return results.map((result) => result.passage.label);
}

function sections(results: readonly RetrievedPassage[]): string[] {
  return results.map((result) => result.passage.sectionLabel);
}

/** A retriever over the same store with other options (the fts5 engine, another section limit). */
function retrieverWith(options: ConstructorParameters<typeof HybridRetriever>[0]['options']) {
  return new HybridRetriever({
    database: application.database,
    dataDirectory: config.dataDirectory,
    embedderSource: application.embedderSource,
    options,
  });
}

describe('the fixture', () => {
  it('has the passages and labels the tests below rely on', () => {
    expect(passageCount).toBe(26);
    const statuteLabels = application.database
      .prepare('SELECT label FROM passages WHERE collection_id = ? ORDER BY rowid')
      .pluck()
      .all(statuteCollectionId);
    expect(statuteLabels).toEqual([
      '99 U.S.C. § 101(a)',
      '99 U.S.C. § 101(b)',
      '99 U.S.C. § 102(a)',
      '99 U.S.C. § 102(b)',
      '99 U.S.C. § 103(a)',
      '99 U.S.C. § 103(b)',
      '99 U.S.C. § 104(a)',
      '99 U.S.C. § 104(b)',
      '99 U.S.C. § 105(a)',
      '99 U.S.C. § 105(b)',
      '99 U.S.C. § 105(c)',
      '99 U.S.C. § 105(d)',
    ]);
  });
});

describe('plain-language questions', () => {
  it.each([
    [
      'How many days does my landlord have to return my security deposit?',
      'Security deposits in California — Returning the deposit',
    ],
    [
      'Can my landlord shut off the water to make me leave?',
      'Eviction in California — Lockouts and utility shutoffs are illegal',
    ],
    ['How much can my rent go up in a year?', 'Repairs and habitability — Rent increases'],
    ['My apartment has mold and mice', 'Repairs and habitability — Mold and pests'],
    [
      'Do I get money to move out when I am evicted for no fault of mine?',
      'Eviction in California — Just cause for ending a tenancy',
    ],
    ['Can the public look at government records?', '99 U.S.C. § 104(b)'],
    [
      'How long do I have to file a civil action under this title before it is too late?',
      '99 U.S.C. § 103(a)',
    ],
    ['What does dwelling mean?', '99 U.S.C. § 101(b)'],
  ])('%j finds %j first', async (question, expected) => {
    const results = await application.retriever.retrieve({ query: question, k: 5 });
    expect(labels(results)[0]).toBe(expected);
    expect(results[0]?.citedAs).toBeUndefined();
    // Scores are fused scores, best first.
    const scores = results.map((result) => result.score);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
  });

  it('is deterministic: the same question gives the same ranking and scores', async () => {
    const question = 'What civil penalty applies for each violation?';
    const first = await application.retriever.retrieve({ query: question, k: 8 });
    const second = await application.retriever.retrieve({ query: question, k: 8 });
    expect(second.map((result) => [result.passage.id, result.score])).toEqual(
      first.map((result) => [result.passage.id, result.score]),
    );
  });
});

describe('filters', () => {
  const depositQuestion = 'How many days does my landlord have to return my security deposit?';
  const penaltyQuestion = 'What civil penalty applies for each violation?';

  it.each(modes)('restricts to a collection (%s)', async (mode) => {
    const results = await application.retriever.retrieve({
      query: depositQuestion,
      k: 8,
      mode,
      filters: { collections: [statuteCollectionId] },
    });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.passage.collectionId === statuteCollectionId)).toBe(true);
  });

  it.each(modes)('restricts to a jurisdiction (%s)', async (mode) => {
    const results = await application.retriever.retrieve({
      query: penaltyQuestion,
      k: 8,
      mode,
      filters: { jurisdictions: ['US-CA'] },
    });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.passage.jurisdiction === 'US-CA')).toBe(true);
    expect(results.every((result) => result.passage.collectionId === guideCollectionId)).toBe(true);
  });

  it.each(modes)('restricts to a source type (%s)', async (mode) => {
    const results = await application.retriever.retrieve({
      query: depositQuestion,
      k: 8,
      mode,
      filters: { sourceTypes: ['statute'] },
    });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.passage.sourceType === 'statute')).toBe(true);
  });

  it('treats several values of one field as alternatives', async () => {
    const unfiltered = await application.retriever.retrieve({ query: depositQuestion, k: 10 });
    const both = await application.retriever.retrieve({
      query: depositQuestion,
      k: 10,
      filters: { jurisdictions: ['US-CA', 'US-federal'] },
    });
    expect(labels(both)).toEqual(labels(unfiltered));
  });

  it('a filtered search returns the best passages of what the filter allows', async () => {
    const results = await application.retriever.retrieve({
      query: penaltyQuestion,
      k: 3,
      filters: { collections: [statuteCollectionId], sourceTypes: ['statute'] },
    });
    expect(sections(results)[0]).toBe('99 U.S.C. § 105');
  });

  it.each(modes)('returns [] when the filter matches nothing (%s)', async (mode) => {
    for (const filters of [
      { collections: ['no-such-collection'] },
      { jurisdictions: ['US-NY'] },
      { jurisdictions: ['US-CA'], sourceTypes: ['statute'] },
    ]) {
      expect(await application.retriever.retrieve({ query: depositQuestion, mode, filters })).toEqual([]);
    }
  });

  it('drops a cited section that the filter excludes', async () => {
    const results = await application.retriever.retrieve({
      query: 'What does 99 U.S.C. § 104 say about copies?',
      k: 5,
      filters: { jurisdictions: ['US-CA'] },
    });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.citedAs === undefined)).toBe(true);
    expect(results.every((result) => result.passage.jurisdiction === 'US-CA')).toBe(true);
  });

  it('applies the same filters with the fts5 lexical engine', async () => {
    const retriever = retrieverWith({ k: 8, lexicalEngine: 'fts5' });
    try {
      const federal = await retriever.retrieve({
        query: depositQuestion,
        mode: 'lexical',
        filters: { jurisdictions: ['US-federal'] },
      });
      expect(federal.length).toBeGreaterThan(0);
      expect(federal.every((result) => result.passage.jurisdiction === 'US-federal')).toBe(true);
      const guides = await retriever.retrieve({
        query: depositQuestion,
        mode: 'lexical',
        filters: { sourceTypes: ['guide'] },
      });
      expect(guides[0]?.passage.label).toBe('Security deposits in California — Returning the deposit');
      expect(
        await retriever.retrieve({ query: depositQuestion, filters: { collections: ['nothing'] } }),
      ).toEqual([]);
    } finally {
      retriever.close();
    }
  });
});

describe('k', () => {
  it.each([1, 3, 5])('returns exactly k = %i passages when there are enough', async (k) => {
    for (const mode of modes) {
      const results = await application.retriever.retrieve({
        query: 'What can a landlord deduct from a deposit?',
        k,
        mode,
      });
      expect(results).toHaveLength(k);
    }
  });

  it('returns the configured k when the request does not say', async () => {
    const results = await application.retriever.retrieve({ query: 'landlord and tenant' });
    expect(config.retrieval.k).toBe(8);
    expect(results).toHaveLength(8);
  });

  it('returns every passage once when k is larger than the corpus', async () => {
    const results = await application.retriever.retrieve({ query: 'landlord', k: 100 });
    expect(results).toHaveLength(passageCount);
    expect(new Set(results.map((result) => result.passage.id)).size).toBe(passageCount);
  });

  it('never returns more than k in lexical mode, and only passages that share a word', async () => {
    const results = await application.retriever.retrieve({ query: 'sheriff', k: 2, mode: 'lexical' });
    expect(results).toHaveLength(2);
    expect(results.every((result) => /sheriff/i.test(result.passage.text))).toBe(true);
    const all = await application.retriever.retrieve({ query: 'sheriff', k: 50, mode: 'lexical' });
    expect(all).toHaveLength(3);
  });
});

describe('per-section diversity', () => {
  const question = 'What civil penalty applies for each violation?';

  it('with maxPerSection 1 the first results come from distinct sections', async () => {
    expect(config.retrieval.maxPerSection).toBe(1);
    for (const mode of ['hybrid', 'vector'] as const) {
      const results = await application.retriever.retrieve({ query: question, k: 6, mode });
      const top = sections(results);
      expect(new Set(top).size, `${mode}: ${top.join(', ')}`).toBe(6);
      expect(top.filter((section) => section === '99 U.S.C. § 105')).toHaveLength(1);
    }
  });

  it('appends held-back passages of a section after one of every other matching section', async () => {
    // Lexically only five sections share a word with the question; § 105 has four matching passages.
    const results = await application.retriever.retrieve({ query: question, k: 7, mode: 'lexical' });
    const top = sections(results);
    expect(top).toHaveLength(7);
    expect(new Set(top.slice(0, 5)).size).toBe(5);
    expect(top[0]).toBe('99 U.S.C. § 105');
    expect(top.slice(5)).toEqual(['99 U.S.C. § 105', '99 U.S.C. § 105']);
  });

  it('with a larger maxPerSection lets one section take more of the first places', async () => {
    const relaxed = openFixtureApplication(fixtureConfig(config.dataDirectory, { maxPerSection: 4 }));
    try {
      const lexical = await relaxed.retriever.retrieve({ query: question, k: 4, mode: 'lexical' });
      expect(sections(lexical)).toEqual(Array(4).fill('99 U.S.C. § 105'));
      expect(new Set(labels(lexical)).size).toBe(4);
      const hybrid = await relaxed.retriever.retrieve({ query: question, k: 6 });
      expect(sections(hybrid).filter((section) => section === '99 U.S.C. § 105').length).toBeGreaterThan(1);
    } finally {
      relaxed.close();
    }
    const strict = await application.retriever.retrieve({ query: question, k: 4, mode: 'lexical' });
    expect(sections(strict).filter((section) => section === '99 U.S.C. § 105')).toHaveLength(1);
  });

  it('holds passages back rather than dropping them', async () => {
    const results = await application.retriever.retrieve({ query: question, k: passageCount });
    expect(results).toHaveLength(passageCount);
    // Eight sections (three guides, five statute sections) lead, one passage each.
    const leading = sections(results.slice(0, 8));
    expect(new Set(leading).size).toBe(8);
  });
});

describe('citation-aware lookup', () => {
  const depositWords = 'how long does a landlord have to return a security deposit?';

  it('puts the cited section first even when the other words point elsewhere', async () => {
    const uncited = await application.retriever.retrieve({ query: `Tell me ${depositWords}`, k: 5 });
    expect(uncited[0]?.passage.collectionId).toBe(guideCollectionId);

    for (const question of [
      `Under 99 U.S.C. § 104, ${depositWords}`,
      `Under 99 USC 104, ${depositWords}`,
      `Under section 104 of title 99, ${depositWords}`,
      `Under § 104, ${depositWords}`,
      `Under §\u202f104, ${depositWords}`,
    ]) {
      for (const mode of ['hybrid', 'lexical'] as const) {
        const results = await application.retriever.retrieve({ query: question, k: 5, mode });
        expect(results[0]?.passage.sectionLabel, `${mode}: ${question}`).toBe('99 U.S.C. § 104');
        expect(results[0]?.citedAs).toBeDefined();
        expect(results[0]?.score).toBe(Number.POSITIVE_INFINITY);
        // The rest are still the question's best matches: the deposit guide follows.
        expect(results.slice(1).some((result) => result.passage.collectionId === guideCollectionId)).toBe(
          true,
        );
      }
    }
  });

  it('puts the named subdivision first', async () => {
    const results = await application.retriever.retrieve({
      query: 'What does 99 U.S.C. § 105(c) say about deposits?',
      k: 5,
    });
    expect(results[0]?.passage.label).toBe('99 U.S.C. § 105(c)');
    expect(results[0]?.citedAs).toBe('99 U.S.C. § 105(c)');
  });

  it('reports the citation as the user wrote it', async () => {
    const results = await application.retriever.retrieve({ query: 'explain 99 usc 102 to me', k: 3 });
    expect(results[0]?.passage.sectionLabel).toBe('99 U.S.C. § 102');
    expect(results[0]?.citedAs).toBe('99 usc 102');
  });

  it('does nothing for a cited section the store does not hold', async () => {
    const results = await application.retriever.retrieve({
      query: 'Does 18 U.S.C. § 1001 apply to a security deposit?',
      k: 5,
    });
    expect(results.length).toBe(5);
    expect(results.every((result) => result.citedAs === undefined)).toBe(true);
  });

  it('is not used in vector mode', async () => {
    const results = await application.retriever.retrieve({
      query: `Under 99 U.S.C. § 104, ${depositWords}`,
      k: 5,
      mode: 'vector',
    });
    expect(results.length).toBe(5);
    expect(results.every((result) => result.citedAs === undefined)).toBe(true);
    expect(results.every((result) => Number.isFinite(result.score))).toBe(true);
  });
});

describe('modes', () => {
  const question = 'Can my landlord shut off the water to make me leave?';

  it('all three modes return results, each from its own ranking', async () => {
    const hybrid = await application.retriever.retrieve({ query: question, k: 5, mode: 'hybrid' });
    const lexical = await application.retriever.retrieve({ query: question, k: 5, mode: 'lexical' });
    const vector = await application.retriever.retrieve({ query: question, k: 5, mode: 'vector' });
    for (const results of [hybrid, lexical, vector]) expect(results).toHaveLength(5);

    expect(lexical.every((result) => result.lexicalRank !== undefined)).toBe(true);
    expect(
      lexical.every((result) => result.vectorRank === undefined && result.vectorSimilarity === undefined),
    ).toBe(true);
    expect(vector.every((result) => result.vectorRank !== undefined)).toBe(true);
    expect(
      vector.every((result) => result.lexicalRank === undefined && result.lexicalScore === undefined),
    ).toBe(true);
    expect(
      vector.every(
        (result) => result.vectorSimilarity !== undefined && Math.abs(result.vectorSimilarity) <= 1.0001,
      ),
    ).toBe(true);
    expect(hybrid.some((result) => result.lexicalRank !== undefined && result.vectorRank !== undefined)).toBe(
      true,
    );
  });

  it('lexical mode never embeds the question; hybrid and vector modes do', async () => {
    const counting = new CountingEmbedderSource(application.embedderSource);
    const counted = openFixtureApplication(config, { embedderSource: counting });
    try {
      await counted.retriever.retrieve({ query: question, mode: 'lexical' });
      await counted.retriever.retrieve({ query: 'What does 99 U.S.C. § 104 say?', mode: 'lexical' });
      expect(counting.queries).toBe(0);
      await counted.retriever.retrieve({ query: question, mode: 'hybrid' });
      expect(counting.queries).toBe(1);
      await counted.retriever.retrieve({ query: question, mode: 'vector' });
      expect(counting.queries).toBe(2);
      expect(counting.documents).toBe(0);
    } finally {
      counted.close();
    }
  });
});

describe('one-shot commands', () => {
  it('skip loading the graphs into hnswlib, and answer the same as a long-running process', async () => {
    const question = 'Can my landlord shut off the water to make me leave?';
    const loads = vi.spyOn(VectorIndex, 'loadInBackground');
    try {
      const oneShot = retrieverWith({ k: 5, nativeVectorSearch: false });
      const served = retrieverWith({ k: 5 });
      const once = await oneShot.retrieve({ query: question, mode: 'vector' });
      expect(loads).not.toHaveBeenCalled();
      const always = await served.retrieve({ query: question, mode: 'vector' });
      expect(loads).toHaveBeenCalled();
      expect(labels(once)).toEqual(labels(always));
    } finally {
      loads.mockRestore();
    }
  });
});

describe('lay-term expansion', () => {
  it('finds "attorney" passages for "lawyer", a word no passage uses', async () => {
    const usesLawyer = application.database
      .prepare("SELECT count(*) FROM passages WHERE text LIKE '%lawyer%' OR headings LIKE '%lawyer%'")
      .pluck()
      .get();
    expect(usesLawyer).toBe(0);

    const lexical = await application.retriever.retrieve({ query: 'lawyer', k: 5, mode: 'lexical' });
    expect(lexical.length).toBeGreaterThan(0);
    expect(lexical.every((result) => /attorney|counsel/i.test(result.passage.text))).toBe(true);
    expect(lexical[0]?.passage.sectionLabel).toMatch(/^99 U\.S\.C\. § 10[12]$/);

    const hybrid = await application.retriever.retrieve({
      query: 'Can the court give me a free lawyer?',
      k: 3,
    });
    expect(hybrid[0]?.passage.text).toMatch(/attorney/);
    expect(hybrid[0]?.passage.sectionLabel).toMatch(/^99 U\.S\.C\. § 10[12]$/);
  });

  it('finds nothing lexically for a word that is neither in the corpus nor expanded', async () => {
    expect(await application.retriever.retrieve({ query: 'barrister', mode: 'lexical' })).toEqual([]);
  });

  it('also expands with the fts5 engine', async () => {
    const retriever = retrieverWith({ k: 5, lexicalEngine: 'fts5' });
    try {
      const results = await retriever.retrieve({ query: 'lawyer', mode: 'lexical' });
      expect(results.length).toBeGreaterThan(0);
      expect(results.every((result) => /attorney/i.test(result.passage.text))).toBe(true);
    } finally {
      retriever.close();
    }
  });
});

describe('hostile query text', () => {
  const longPaste = `My landlord kept my whole security deposit and says I owe more. ${'I moved out on time and cleaned everything, and I have photos of every room. '.repeat(80)}`;
  const hostile: readonly string[] = [
    '"security deposit"',
    '"security deposit',
    'deposit"',
    '""""',
    "landlord's deposit '",
    'deposit AND OR NOT NEAR * ^ : ( ) -',
    'NEAR(deposit rent, 2)',
    'AND',
    'OR NOT NEAR',
    '-deposit',
    'deposit*',
    '^deposit',
    '*',
    '(',
    ')',
    ':',
    'text:deposit',
    'label:101 headings:x {text label}:y',
    'passages_fts MATCH',
    "'; DROP TABLE passages; --",
    '§',
    '§§ 101',
    '\u202f',
    '§\u202f',
    '🏠💸 deposit 🤔',
    'ما هو الإيداع الأمني؟',
    'שלום \u202e deposit',
    'deposit\u0000\u0001\u0007\u001b[31m\u007f',
    '\u0000',
    '\u200b\ufeff',
    '\ud800 lone surrogate',
    'Ⅻ ﬁle ｄｅｐｏｓｉｔ',
    '',
    '   \n\t  ',
    'what is the of and a',
    longPaste,
  ];

  it('the long paste is longer than 5,000 characters', () => {
    expect(longPaste.length).toBeGreaterThan(5_000);
  });

  it.each(modes)('never throws and returns at most k passages (impact engine, %s)', async (mode) => {
    for (const query of hostile) {
      const results = await application.retriever.retrieve({ query, k: 5, mode });
      expect(Array.isArray(results), JSON.stringify(query)).toBe(true);
      expect(results.length).toBeLessThanOrEqual(5);
    }
  });

  it.each(modes)('never throws and returns at most k passages (fts5 engine, %s)', async (mode) => {
    const retriever = retrieverWith({ k: 5, lexicalEngine: 'fts5' });
    try {
      for (const query of hostile) {
        const results = await retriever.retrieve({ query, mode });
        expect(Array.isArray(results), JSON.stringify(query)).toBe(true);
        expect(results.length).toBeLessThanOrEqual(5);
      }
    } finally {
      retriever.close();
    }
  });

  it('searches the words of hostile text instead of obeying its syntax', async () => {
    const retriever = retrieverWith({ k: 5, lexicalEngine: 'fts5' });
    try {
      for (const query of [
        '"security deposit',
        'deposit AND OR NOT NEAR * ^ : ( ) -',
        'text:deposit',
        '-deposit',
        '🏠💸 deposit 🤔',
        'deposit\u0000\u0001\u0007\u001b[31m\u007f',
        longPaste,
      ]) {
        for (const search of [application.retriever, retriever]) {
          const results = await search.retrieve({ query, mode: 'lexical' });
          expect(results[0]?.passage.documentPath, JSON.stringify(query.slice(0, 60))).toBe('deposits.md');
        }
      }
    } finally {
      retriever.close();
    }
  });

  it('finds nothing lexically in text without a searchable word', async () => {
    for (const query of ['', '   \n\t  ', 'what is the of and a', '*', '"', '§', '\u0000', 'AND']) {
      expect(await application.retriever.retrieve({ query, mode: 'lexical' }), JSON.stringify(query)).toEqual(
        [],
      );
    }
  });

  it('a long paste is answered quickly', async () => {
    const started = performance.now();
    const results = await application.retriever.retrieve({ query: longPaste.repeat(4), k: 5 });
    expect(results).toHaveLength(5);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('LexicalSearch turns any text into quoted words or nothing, and MATCH accepts it', () => {
    const lexical = new LexicalSearch(application.database);
    try {
      const quotedWords = /^"[^"]+"(?: OR "[^"]+")*$/;
      for (const query of hostile) {
        const expression = lexical.matchExpression(query);
        if (expression !== undefined) expect(expression, JSON.stringify(query)).toMatch(quotedWords);
        const rows = lexical.search(query, 5);
        expect(Array.isArray(rows)).toBe(true);
        expect(rows.length).toBeLessThanOrEqual(5);
        const filtered = lexical.search(query, 5, {
          jurisdictions: ['US-CA'],
          collections: [guideCollectionId],
        });
        expect(Array.isArray(filtered)).toBe(true);
        expect(Array.isArray(lexical.citationHits(query))).toBe(true);
      }
      expect(lexical.matchExpression('deposit AND OR NOT NEAR * ^ : ( ) -')).toBe('"deposit"');
      expect(lexical.matchExpression('text:deposit')).toBe('"deposit"');
      expect(lexical.matchExpression('what is the of and a')).toBeUndefined();
      expect(lexical.matchExpression('')).toBeUndefined();
      // A word the corpus never uses is not searched at all.
      expect(lexical.matchExpression('zyzzyva')).toBeUndefined();
      const deposit = lexical.search('"security deposit', 3);
      expect(deposit.length).toBeGreaterThan(0);
      expect(deposit.every((row) => row.score > 0)).toBe(true);
    } finally {
      lexical.close();
    }
  });
});
