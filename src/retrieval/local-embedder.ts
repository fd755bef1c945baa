import type { Embedder } from './embedder.js';
import { LocalEmbeddingModel } from './local-embedder-model.js';

/** The offline default: word vectors fitted on the corpus itself (see local-embedder-model.ts). */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;

  constructor(readonly model: LocalEmbeddingModel) {
    this.id = `local:${model.fingerprint}`;
    this.dimensions = model.dimensions;
  }

  async embedDocuments(texts: readonly string[]): Promise<Float32Array[]> {
    return this.model.embedMany(texts);
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.model.embed(text);
  }
}

export { LocalEmbeddingModel };
