import { describe, expect, it } from 'vitest';
import { diversifyBySection, reciprocalRankFusion, relativeScoreFusion } from '../../src/retrieval/fusion.js';

/** Rowids by fused score, best first; ties broken by rowid as the retriever does. */
function ranking(scores: Map<number, number>): number[] {
  return [...scores.entries()]
    .sort((left, right) => right[1] - left[1] || left[0] - right[0])
    .map(([rowid]) => rowid);
}

describe('reciprocalRankFusion', () => {
  it('adds weight / (constant + rank) from every list a rowid is in', () => {
    const scores = reciprocalRankFusion(
      [
        { rowids: [10, 20, 30], weight: 1 },
        { rowids: [30, 10], weight: 1 },
      ],
      60,
    );
    expect(scores.size).toBe(3);
    expect(scores.get(10)).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(scores.get(20)).toBeCloseTo(1 / 62, 12);
    expect(scores.get(30)).toBeCloseTo(1 / 63 + 1 / 61, 12);
    // 10 and 30 are in both lists; 10 ranks higher overall (1st + 2nd beats 3rd + 1st).
    expect(ranking(scores)).toEqual([10, 30, 20]);
  });

  it('gives equal scores to mirror-image rankings (a tie)', () => {
    const scores = reciprocalRankFusion([
      { rowids: [1, 2], weight: 1 },
      { rowids: [2, 1], weight: 1 },
    ]);
    expect(scores.get(1)).toBe(scores.get(2));
    expect(scores.get(1)).toBeCloseTo(1 / 61 + 1 / 62, 12);
  });

  it('lets a weight decide which list wins a disagreement', () => {
    const lists = (lexicalWeight: number) => [
      { rowids: [1, 2], weight: lexicalWeight },
      { rowids: [2, 1], weight: 1 },
    ];
    expect(ranking(reciprocalRankFusion(lists(2)))).toEqual([1, 2]);
    expect(ranking(reciprocalRankFusion(lists(0.5)))).toEqual([2, 1]);
    const weighted = reciprocalRankFusion(lists(2));
    expect(weighted.get(1)).toBeCloseTo(2 / 61 + 1 / 62, 12);
    expect(weighted.get(2)).toBeCloseTo(2 / 62 + 1 / 61, 12);
  });

  it('scores a hit found by only one list from that list alone, below hits found by both', () => {
    const scores = reciprocalRankFusion([
      { rowids: [7, 8], weight: 1 },
      { rowids: [8, 9], weight: 1 },
    ]);
    expect(scores.get(7)).toBeCloseTo(1 / 61, 12);
    expect(scores.get(9)).toBeCloseTo(1 / 62, 12);
    expect(ranking(scores)[0]).toBe(8);
  });

  it('uses the constant: a small constant rewards the top rank much more', () => {
    const scores = reciprocalRankFusion([{ rowids: [1, 2, 3], weight: 1 }], 0);
    expect([scores.get(1), scores.get(2), scores.get(3)]).toEqual([1, 1 / 2, 1 / 3]);
  });

  it('returns nothing for no lists or only empty lists', () => {
    expect(reciprocalRankFusion([]).size).toBe(0);
    expect(
      reciprocalRankFusion([
        { rowids: [], weight: 1 },
        { rowids: [], weight: 3 },
      ]).size,
    ).toBe(0);
    const oneEmpty = reciprocalRankFusion([
      { rowids: [], weight: 1 },
      { rowids: [4], weight: 1 },
    ]);
    expect([...oneEmpty.entries()]).toEqual([[4, 1 / 61]]);
  });
});

describe('relativeScoreFusion', () => {
  it("scales each list to [0, 1] by its own best and worst score, then adds the lists' weighted scores", () => {
    const scores = relativeScoreFusion([
      {
        hits: [
          { rowid: 1, score: 12 },
          { rowid: 2, score: 7 },
          { rowid: 3, score: 2 },
        ],
        weight: 1,
      },
      {
        hits: [
          { rowid: 3, score: 0.9 },
          { rowid: 1, score: 0.5 },
          { rowid: 4, score: 0.1 },
        ],
        weight: 1,
      },
    ]);
    expect(scores.get(1)).toBeCloseTo(1 + 0.5, 12);
    expect(scores.get(2)).toBeCloseTo(0.5, 12);
    expect(scores.get(3)).toBeCloseTo(0 + 1, 12);
    expect(scores.get(4)).toBeCloseTo(0, 12);
    expect(ranking(scores)).toEqual([1, 3, 2, 4]);
  });

  it('keeps the margin of a clear winner, which rank fusion forgets', () => {
    // Lexically, 1 is far ahead; by vectors, 2 is a hair ahead of 3 and 1.
    const lexical = [
      { rowid: 1, score: 100 },
      { rowid: 2, score: 2 },
      { rowid: 3, score: 1.5 },
      { rowid: 4, score: 1 },
    ];
    const vector = [
      { rowid: 2, score: 0.53 },
      { rowid: 3, score: 0.52 },
      { rowid: 1, score: 0.515 },
      { rowid: 4, score: 0.5 },
    ];
    const byScore = relativeScoreFusion([
      { hits: lexical, weight: 1 },
      { hits: vector, weight: 1 },
    ]);
    expect(ranking(byScore)[0]).toBe(1);
    const byRank = reciprocalRankFusion([
      { rowids: lexical.map((hit) => hit.rowid), weight: 1 },
      { rowids: vector.map((hit) => hit.rowid), weight: 1 },
    ]);
    expect(ranking(byRank)[0]).toBe(2);
  });

  it('applies weights after scaling', () => {
    const scores = relativeScoreFusion([
      {
        hits: [
          { rowid: 1, score: 5 },
          { rowid: 2, score: 3 },
        ],
        weight: 0.25,
      },
      {
        hits: [
          { rowid: 2, score: 0.8 },
          { rowid: 1, score: 0.4 },
        ],
        weight: 2,
      },
    ]);
    expect(scores.get(1)).toBeCloseTo(0.25, 12);
    expect(scores.get(2)).toBeCloseTo(2, 12);
  });

  it('gives every hit of a list whose scores are all equal the full weight', () => {
    const scores = relativeScoreFusion([
      {
        hits: [
          { rowid: 5, score: 3 },
          { rowid: 6, score: 3 },
        ],
        weight: 0.5,
      },
    ]);
    expect(scores.get(5)).toBe(0.5);
    expect(scores.get(6)).toBe(0.5);
    const single = relativeScoreFusion([{ hits: [{ rowid: 9, score: -4 }], weight: 1 }]);
    expect(single.get(9)).toBe(1);
  });

  it('handles negative scores by their spread, not their sign', () => {
    const scores = relativeScoreFusion([
      {
        hits: [
          { rowid: 1, score: -1 },
          { rowid: 2, score: -3 },
          { rowid: 3, score: -5 },
        ],
        weight: 1,
      },
    ]);
    expect([scores.get(1), scores.get(2), scores.get(3)]).toEqual([1, 0.5, 0]);
  });

  it('ignores empty lists and returns nothing when every list is empty', () => {
    expect(relativeScoreFusion([]).size).toBe(0);
    expect(relativeScoreFusion([{ hits: [], weight: 1 }]).size).toBe(0);
    const scores = relativeScoreFusion([
      { hits: [], weight: 1 },
      {
        hits: [
          { rowid: 1, score: 0.9 },
          { rowid: 2, score: 0.3 },
        ],
        weight: 1,
      },
    ]);
    expect([...scores.entries()]).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });
});

describe('diversifyBySection', () => {
  interface Item {
    readonly id: string;
    readonly section: string;
  }
  const item = (id: string, section: string): Item => ({ id, section });
  const ids = (items: readonly Item[]) => items.map((entry) => entry.id);
  const items = [
    item('a1', 'A'),
    item('a2', 'A'),
    item('b1', 'B'),
    item('a3', 'A'),
    item('c1', 'C'),
    item('b2', 'B'),
    item('a4', 'A'),
  ];

  it('keeps one per section in front with a limit of 1, and appends the held-back items in order', () => {
    const diverse = diversifyBySection(items, (entry) => entry.section, 1);
    expect(ids(diverse)).toEqual(['a1', 'b1', 'c1', 'a2', 'a3', 'b2', 'a4']);
  });

  it('keeps up to N per section in front with a limit of N', () => {
    expect(ids(diversifyBySection(items, (entry) => entry.section, 2))).toEqual([
      'a1',
      'a2',
      'b1',
      'c1',
      'b2',
      'a3',
      'a4',
    ]);
    expect(ids(diversifyBySection(items, (entry) => entry.section, 3))).toEqual([
      'a1',
      'a2',
      'b1',
      'a3',
      'c1',
      'b2',
      'a4',
    ]);
  });

  it('changes nothing when no section goes over the limit', () => {
    expect(ids(diversifyBySection(items, (entry) => entry.section, 4))).toEqual(ids(items));
    const distinct = [item('x', 'X'), item('y', 'Y'), item('z', 'Z')];
    expect(ids(diversifyBySection(distinct, (entry) => entry.section, 1))).toEqual(['x', 'y', 'z']);
  });

  it('never drops or duplicates an item and leaves its input alone', () => {
    const copy = [...items];
    for (const limit of [1, 2, 3, 10]) {
      const diverse = diversifyBySection(items, (entry) => entry.section, limit);
      expect(diverse).toHaveLength(items.length);
      expect(new Set(diverse)).toEqual(new Set(items));
    }
    expect(items).toEqual(copy);
  });

  it('handles an empty list and a list of one section', () => {
    expect(diversifyBySection([], (entry: Item) => entry.section, 1)).toEqual([]);
    const oneSection = [item('s1', 'S'), item('s2', 'S'), item('s3', 'S')];
    expect(ids(diversifyBySection(oneSection, (entry) => entry.section, 1))).toEqual(['s1', 's2', 's3']);
  });
});
