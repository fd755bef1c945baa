import { describe, expect, it } from 'vitest';
import {
  csrFromRows,
  gramMatrix,
  orthonormalizeColumns,
  randomizedSvd,
  SeededRandom,
  symmetricEigen,
} from '../../src/retrieval/linear-algebra.js';
import { LocalEmbeddingModel } from '../../src/retrieval/local-embedder-model.js';
import {
  normalizeText,
  porterStem,
  sStem,
  TextAnalyzer,
  tokenize,
} from '../../src/retrieval/text-analysis.js';

// ---------------------------------------------------------------------------------------------
// A small hand-written corpus. "attorney" and "counsel" are used interchangeably in the same
// contexts (appoint, represent, defendant, trial); the other topics have their own words.
// ---------------------------------------------------------------------------------------------

const representation = [
  'The court may appoint an attorney to represent a defendant who is unable to pay for representation.',
  'The court may appoint counsel to represent a defendant who is unable to pay for representation.',
  'A defendant has the right to the assistance of an attorney at every stage of the trial.',
  'A defendant has the right to the assistance of counsel at every stage of the trial.',
  'The attorney for the defendant may question each witness at the trial.',
  'Counsel for the defendant may question each witness at the trial.',
  'An attorney appointed to represent a defendant shall be paid a reasonable fee.',
  'Counsel appointed to represent a defendant shall be paid a reasonable fee.',
  'The defendant may waive the right to an attorney and appear without representation.',
  'The defendant may waive the right to counsel and appear without representation.',
];
const patents = [
  'A patent grants the inventor the right to exclude others from making the invention.',
  'The term of a patent ends twenty years after the application for the patent was filed.',
  'The patent application shall contain a written description of the invention and claims.',
  'An inventor may file a provisional application for a patent on the invention.',
  'The examiner shall reject claims of the application when the invention was already patented.',
];
const copyright = [
  'Copyright protects original works of authorship fixed in a tangible medium of expression.',
  'The copyright in a work created by an author lasts for the life of the author plus seventy years.',
  'The owner of a copyright has the exclusive right to reproduce the work in copies.',
  'A work made for hire is owned by the employer, who is considered the author of the work.',
  'The owner of the copyright may register the work with the Copyright Office.',
];
const trademarks = [
  'A trademark registration may be cancelled when the mark has been abandoned by its owner.',
  'The owner of a registered mark may sue for infringement when a confusingly similar mark is used.',
  'A mark is abandoned when its use has been discontinued with intent not to resume use.',
  'The registration of a mark shall remain in force for ten years and may be renewed.',
];
const fixtureCorpus = [...representation, ...patents, ...copyright, ...trademarks];

/** Held out of the fitting corpus: a passage that says "counsel" and never "attorney". */
const counselPassage = 'Counsel shall be appointed to represent the defendant.';
const unrelatedPassages = [
  'The patent application was filed by the inventor.',
  'The copyright owner may reproduce the work.',
  'The registered mark was abandoned by its owner.',
];

function fitFixture(seed = 7, dimensions = 12): LocalEmbeddingModel {
  return LocalEmbeddingModel.fit(fixtureCorpus, { dimensions, seed });
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let index = 0; index < a.length; index++) dot += a[index]! * b[index]!;
  return dot;
}

function norm(vector: Float32Array): number {
  return Math.sqrt(cosine(vector, vector));
}

describe('LocalEmbeddingModel', () => {
  it('is deterministic: the same corpus and seed give the same model and vectors', () => {
    const first = fitFixture();
    const second = fitFixture();
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.serialize().equals(first.serialize())).toBe(true);
    for (const text of [...fixtureCorpus, counselPassage])
      expect(second.embed(text)).toEqual(first.embed(text));
  });

  it('accepts any iterable and gives the same model as an array', () => {
    function* stream() {
      yield* fixtureCorpus;
    }
    expect(LocalEmbeddingModel.fit(stream(), { dimensions: 12, seed: 7 }).fingerprint).toBe(
      fitFixture().fingerprint,
    );
  });

  it('changes its fingerprint when the seed, the dimensions or the corpus change', () => {
    const base = fitFixture().fingerprint;
    expect(fitFixture(8).fingerprint).not.toBe(base);
    expect(fitFixture(7, 10).fingerprint).not.toBe(base);
    expect(LocalEmbeddingModel.fit(fixtureCorpus.slice(1), { dimensions: 12, seed: 7 }).fingerprint).not.toBe(
      base,
    );
    expect(base).toMatch(/^local-ppmi-svd\/v1;d=12,/);
  });

  it('returns L2-normalized vectors of the requested dimension, and zeros for unknown text', () => {
    const model = fitFixture();
    expect(model.dimensions).toBe(12);
    for (const text of [...fixtureCorpus, counselPassage, 'ATTORNEY!']) {
      const vector = model.embed(text);
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector.length).toBe(12);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect([...model.embed('')]).toEqual(new Array(12).fill(0));
    expect([...model.embed('zebra xylophone 42')]).toEqual(new Array(12).fill(0));
    expect(model.embedMany(['attorney', 'patent'])).toEqual([model.embed('attorney'), model.embed('patent')]);
  });

  it('pads with zero columns when the corpus has fewer words than dimensions', () => {
    const model = LocalEmbeddingModel.fit(fixtureCorpus, { dimensions: 300, seed: 1 });
    const vector = model.embed('patent application');
    expect(vector.length).toBe(300);
    expect(norm(vector)).toBeCloseTo(1, 5);
    expect(vector.slice(model.vocabularySize).every((value) => value === 0)).toBe(true);
  });

  it('round-trips through serialize/deserialize with identical embeddings', () => {
    const model = fitFixture();
    const buffer = model.serialize();
    const loaded = LocalEmbeddingModel.deserialize(buffer);
    expect(loaded.fingerprint).toBe(model.fingerprint);
    expect(loaded.dimensions).toBe(model.dimensions);
    expect(loaded.vocabularySize).toBe(model.vocabularySize);
    for (const text of [...fixtureCorpus, counselPassage, 'attorney', '']) {
      expect(loaded.embed(text)).toEqual(model.embed(text));
    }
    expect(loaded.serialize().equals(buffer)).toBe(true);
  });

  it('rejects corrupt, truncated and foreign files with a clear error', () => {
    const buffer = fitFixture().serialize();
    const message = /Not a valid local embedding model file/;
    expect(() => LocalEmbeddingModel.deserialize(Buffer.from('not a model'))).toThrow(message);
    expect(() => LocalEmbeddingModel.deserialize(Buffer.alloc(0))).toThrow(message);
    const wrongMagic = Buffer.from(buffer);
    wrongMagic[0] = 0x42;
    expect(() => LocalEmbeddingModel.deserialize(wrongMagic)).toThrow(/header/);
    const futureVersion = Buffer.from(buffer);
    futureVersion.writeUInt32LE(99, 8);
    expect(() => LocalEmbeddingModel.deserialize(futureVersion)).toThrow(/version 99/);
    const flipped = Buffer.from(buffer);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    expect(() => LocalEmbeddingModel.deserialize(flipped)).toThrow(/checksum/);
    expect(() => LocalEmbeddingModel.deserialize(buffer.subarray(0, buffer.length - 10))).toThrow(message);
  });

  it('validates fit options and refuses a corpus with no repeated word', () => {
    expect(() => LocalEmbeddingModel.fit(fixtureCorpus, { dimensions: 0, seed: 1 })).toThrow(/dimensions/);
    expect(() => LocalEmbeddingModel.fit(fixtureCorpus, { dimensions: 8, seed: 1.5 })).toThrow(/seed/);
    expect(() => LocalEmbeddingModel.fit(fixtureCorpus, { dimensions: 8, seed: 1, window: 0 })).toThrow(
      /window/,
    );
    expect(() => LocalEmbeddingModel.fit(['alpha beta', 'gamma delta'], { dimensions: 8, seed: 1 })).toThrow(
      /too small/,
    );
  });

  it('fits on a seeded sample when the corpus exceeds maxFitDocuments', () => {
    const options = { dimensions: 8, seed: 3, maxFitDocuments: 15 };
    const first = LocalEmbeddingModel.fit(fixtureCorpus, options);
    expect(first.fingerprint).toContain('fit=15,');
    expect(first.fitDocumentCount).toBe(15);
    expect(fitFixture().fitDocumentCount).toBe(fixtureCorpus.length);
    expect(LocalEmbeddingModel.fit(fixtureCorpus, options).fingerprint).toBe(first.fingerprint);
  });

  it('learns from shared contexts that "attorney" is close to "counsel" (a passage without the word)', () => {
    const model = fitFixture();
    const attorney = model.embed('attorney');
    const similarity = (word: string) => cosine(attorney, model.embed(word));
    expect(similarity('counsel')).toBeGreaterThan(0.5);
    for (const unrelated of ['patent', 'copyright', 'trademark', 'inventor']) {
      expect(similarity('counsel')).toBeGreaterThan(similarity(unrelated) + 0.3);
    }
    // Retrieval: the query shares no word with the counsel passage, yet ranks it first.
    const query = model.embed('Can I get an attorney?');
    const ranked = [counselPassage, ...unrelatedPassages]
      .map((passage) => ({ passage, score: cosine(query, model.embed(passage)) }))
      .sort((a, b) => b.score - a.score);
    expect(ranked[0]!.passage).toBe(counselPassage);
  });

  it('still ranks by topic for other queries (the bridge is not a constant bias)', () => {
    const model = fitFixture();
    const rank = (question: string) =>
      [counselPassage, ...unrelatedPassages]
        .map((passage) => ({ passage, score: cosine(model.embed(question), model.embed(passage)) }))
        .sort((a, b) => b.score - a.score)[0]!.passage;
    expect(rank('How long does an invention stay protected after filing?')).toBe(unrelatedPassages[0]);
    expect(rank('Who is the author of a work made for an employer?')).toBe(unrelatedPassages[1]);
  });
});

describe('text analysis', () => {
  it('normalizes case, accents and typographic spaces', () => {
    expect(normalizeText('§\u202f2252A  Façade\u2003X')).toBe('§ 2252a facade x');
  });

  it('tokenizes section numbers whole, joins apostrophes and drops one-character tokens', () => {
    expect(tokenize("18 U.S.C. §\u202f2252A(c)(1) — the declarant’s statement; can't")).toEqual([
      '18',
      '2252a',
      'the',
      'declarants',
      'statement',
      'cant',
    ]);
    expect(tokenize('Naïve façade, Ünïcode 3006A')).toEqual(['naive', 'facade', 'unicode', '3006a']);
    expect(tokenize('')).toEqual([]);
  });

  it('stems like the Porter algorithm (SQLite FTS5 porter)', () => {
    const cases: Record<string, string> = {
      caresses: 'caress',
      ponies: 'poni',
      agreed: 'agre',
      hopping: 'hop',
      relational: 'relat',
      generalizations: 'gener',
      statements: 'statement',
      falsifies: 'falsifi',
      counsel: 'counsel',
      '2252a': '2252a',
    };
    for (const [word, stem] of Object.entries(cases)) expect(porterStem(word)).toBe(stem);
  });

  it('s-stems plurals only', () => {
    expect(['attorneys', 'copies', 'witnesses', 'status', 'glass', 'fees', 'is'].map(sStem)).toEqual([
      'attorney',
      'copy',
      'witnesse',
      'status',
      'glass',
      'fee',
      'is',
    ]);
  });

  it('drops stopwords and applies the stemmer', () => {
    const analyzer = new TextAnalyzer({
      stemmer: 's',
      dropStopwords: true,
      dropLegalBoilerplate: false,
      dropNumbers: false,
    });
    expect(analyzer.analyze('What are the penalties for lying to agents in 2024?')).toEqual([
      'penalty',
      'lying',
      'agent',
      '2024',
    ]);
  });
});

describe('linear algebra', () => {
  it('orthonormalizes a tall matrix', () => {
    const random = new SeededRandom(1);
    const matrix = Float64Array.from({ length: 200 * 12 }, () => random.nextGaussian());
    const gram = gramMatrix(orthonormalizeColumns(matrix, 200, 12), 200, 12);
    for (let a = 0; a < 12; a++)
      for (let b = 0; b < 12; b++) expect(gram[a * 12 + b]).toBeCloseTo(a === b ? 1 : 0, 10);
  });

  it('finds the eigenpairs of a symmetric matrix', () => {
    const matrix = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
    const { values, vectors } = symmetricEigen(matrix, 3);
    expect([...values]).toEqual([...values].sort((a, b) => b - a));
    for (let k = 0; k < 3; k++) {
      for (let row = 0; row < 3; row++) {
        let product = 0;
        for (let column = 0; column < 3; column++)
          product += matrix[row * 3 + column]! * vectors[column * 3 + k]!;
        expect(product).toBeCloseTo(values[k]! * vectors[row * 3 + k]!, 10);
      }
    }
  });

  it('recovers the leading singular values of a sparse low-rank matrix', () => {
    // A = Σ_k s_k x_k y_kᵀ with orthogonal block-indicator vectors, so the singular values are exact.
    const rows = 60;
    const columns = 40;
    const strengths = [9, 5, 2];
    const dense = new Float64Array(rows * columns);
    strengths.forEach((strength, k) => {
      for (let r = k * 20; r < (k + 1) * 20; r++) {
        for (let c = k * 10; c < (k + 1) * 10; c++) dense[r * columns + c] = strength / Math.sqrt(200);
      }
    });
    const matrix = csrFromRows(
      Array.from({ length: rows }, (_, r) => {
        const nonZero = Array.from({ length: columns }, (_, c) => c).filter(
          (c) => dense[r * columns + c] !== 0,
        );
        return { columns: nonZero, values: nonZero.map((c) => dense[r * columns + c]!) };
      }),
      columns,
    );
    const svd = randomizedSvd(matrix, { rank: 3, seed: 5, powerIterations: 1 });
    expect([...svd.singularValues].map((value) => Number(value.toFixed(6)))).toEqual(strengths);
  });
});
