/**
 * The embedding port. Implementations: the local embedder fitted on the corpus (the default,
 * offline), any OpenAI-compatible embeddings endpoint, and any LangChain `Embeddings`.
 */
export interface Embedder {
  /**
   * Identifies the embedding space: provider, model, dimensions and, for a fitted model, its
   * fingerprint. Vectors with different ids must never share an index.
   */
  readonly id: string;
  readonly dimensions: number;
  /** Embeds passages for the index. Returns one L2-normalized vector per text, in order. */
  embedDocuments(texts: readonly string[]): Promise<Float32Array[]>;
  /** Embeds a question. Some models embed queries differently from documents. */
  embedQuery(text: string): Promise<Float32Array>;
}

/** Scales a vector to unit length in place (cosine search expects it); a zero vector stays zero. */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sumOfSquares = 0;
  for (let index = 0; index < vector.length; index += 1) sumOfSquares += vector[index]! * vector[index]!;
  if (sumOfSquares === 0) return vector;
  const scale = 1 / Math.sqrt(sumOfSquares);
  for (let index = 0; index < vector.length; index += 1) vector[index]! *= scale;
  return vector;
}
