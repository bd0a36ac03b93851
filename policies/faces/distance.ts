/**
 * Cosine distance between face embeddings: 1 - cos(a, b), in 0..2. The FaceRes embeddings are
 * compared by angle (the convention of face-recognition models trained with angular-margin losses,
 * e.g. ArcFace, Deng et al., CVPR 2019); Loupe stores them L2-normalised, so the distance is
 * 1 - (a · b). The face index (activities/faces/face-index.ts) uses the same metric, and this
 * function is its brute-force reference in tests and benchmarks.
 */

/** A copy of `vector` scaled to length 1. Throws on an empty or all-zero vector (no direction). */
export function normaliseEmbedding(vector: ArrayLike<number>): Float32Array {
  let sumOfSquares = 0;
  for (let i = 0; i < vector.length; i += 1) sumOfSquares += vector[i]! * vector[i]!;
  if (vector.length === 0 || sumOfSquares === 0) throw new Error('A face embedding must have at least one non-zero value to be normalised.');
  const length = Math.sqrt(sumOfSquares);
  const unit = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i += 1) unit[i] = vector[i]! / length;
  return unit;
}

/**
 * 1 - cos(a, b) for two embeddings of the same length (they need not be normalised). Throws when
 * the lengths differ (embeddings of different models cannot be compared).
 */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Face embeddings of different lengths (${a.length} and ${b.length}) cannot be compared: they come from different models.`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  if (normA === 0 || normB === 0) return 1;
  return 1 - dot / Math.sqrt(normA * normB);
}
