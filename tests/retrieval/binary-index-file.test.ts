/**
 * The two private binary formats (the lexical impact index and the local embedding model) read
 * through one validated reader: the same bytes round-trip, and a foreign, newer, truncated or
 * corrupt file, or a header of the wrong shape, is one `index_mismatch` AmicusError that names
 * the file and says how to rebuild it.
 */
import { describe, expect, it } from 'vitest';
import { AmicusError, ErrorCode } from '../../src/core/errors.js';
import { ImpactIndex, ImpactIndexBuilder } from '../../src/retrieval/impact-index.js';
import { LocalEmbeddingModel } from '../../src/retrieval/local-embedder-model.js';

const documents = [
  {
    rowid: 1,
    label: '18 U.S.C. § 1001',
    headings: 'Statements or entries generally',
    text: 'Whoever knowingly and willfully falsifies a material fact shall be fined.',
  },
  {
    rowid: 2,
    label: 'Fed. R. Evid. 801',
    headings: 'Definitions that apply to this article',
    text: 'Hearsay means a statement that the declarant does not make while testifying.',
  },
  {
    rowid: 3,
    label: '17 U.S.C. § 107',
    headings: 'Limitations on exclusive rights: fair use',
    text: 'The fair use of a copyrighted work is not an infringement of copyright.',
  },
];

function impactIndexBytes(): Buffer {
  const builder = new ImpactIndexBuilder();
  for (const document of documents) builder.add(document);
  return builder.build().serialize();
}

function expectIndexMismatch(read: () => unknown, reason: RegExp, source: string): void {
  let thrown: unknown;
  try {
    read();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AmicusError);
  const error = thrown as AmicusError;
  expect(error.code).toBe(ErrorCode.IndexMismatch);
  expect(error.location).toBe(source);
  expect(error.message).toMatch(reason);
  expect(error.message).toContain(source);
  expect(error.message).toContain('amicus ingest');
}

/** A file with the right signature and version and `header` as its JSON header. */
function impactFileWithHeader(header: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from('AMXIMP01'), length, json, Buffer.alloc(8)]);
}

describe('the lexical impact index file', () => {
  it('round-trips to the same bytes and the same search results', () => {
    const bytes = impactIndexBytes();
    const loaded = ImpactIndex.deserialize(bytes, 'lexical.bin');
    expect(loaded.serialize().equals(bytes)).toBe(true);
    expect(loaded.search('hearsay statement', 3).map((hit) => hit.rowid)[0]).toBe(2);
  });

  it('refuses a foreign, newer, truncated or malformed file with one clear error', () => {
    const bytes = impactIndexBytes();
    const source = '/data/generations/7/lexical.bin';
    expectIndexMismatch(
      () => ImpactIndex.deserialize(Buffer.from('PK\u0003\u0004 a zip file'), source),
      /missing AMXIMP header/,
      source,
    );
    expectIndexMismatch(
      () => ImpactIndex.deserialize(Buffer.alloc(0), source),
      /missing AMXIMP header/,
      source,
    );
    const newer = Buffer.from(bytes);
    newer.write('02', 6, 'latin1');
    expectIndexMismatch(
      () => ImpactIndex.deserialize(newer, source),
      /format version 2, this build reads version 1/,
      source,
    );
    expectIndexMismatch(
      () => ImpactIndex.deserialize(bytes.subarray(0, bytes.length - 5), source),
      /runs past the end/,
      source,
    );
    expectIndexMismatch(
      () => ImpactIndex.deserialize(bytes.subarray(0, 10), source),
      /truncated before header length/,
      source,
    );
    const garbled = Buffer.from(bytes);
    garbled[13] = 0x7b; // inside the header JSON
    expectIndexMismatch(
      () => ImpactIndex.deserialize(garbled, source),
      /unreadable header|unexpected header/,
      source,
    );
    expectIndexMismatch(
      () => ImpactIndex.deserialize(impactFileWithHeader({ analyzer: 'x', termCount: 'three' }), source),
      /unexpected header \(.*termCount/,
      source,
    );
  });
});

describe('the local embedding model file', () => {
  const corpus = documents.flatMap((document) => [document.text, `${document.headings} ${document.text}`]);

  it('round-trips, and names the file in the error for a corrupt one', () => {
    const model = LocalEmbeddingModel.fit(corpus, { dimensions: 4, seed: 3, minDocumentFrequency: 1 });
    const bytes = model.serialize();
    expect(LocalEmbeddingModel.deserialize(bytes).serialize().equals(bytes)).toBe(true);
    const source = '/data/generations/7/local-embedder.bin';
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 40]! ^= 0xff;
    expectIndexMismatch(() => LocalEmbeddingModel.deserialize(flipped, source), /checksum mismatch/, source);
    expectIndexMismatch(
      () => LocalEmbeddingModel.deserialize(impactIndexBytes(), source),
      /missing AMICUSLE header/,
      source,
    );
  });

  it('reports fit options from the configuration as configuration errors', () => {
    expect(() => LocalEmbeddingModel.fit(corpus, { dimensions: 2000, seed: 1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.ConfigInvalid }),
    );
    expect(() => LocalEmbeddingModel.fit(['a b', 'c d'], { dimensions: 4, seed: 1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.CorpusInvalid }),
    );
  });
});
