/**
 * Synthetic face embeddings shaped like a real gallery, for the face index's recall test and the
 * face-match benchmark (scripts/bench/faces.bench.ts). Seeded, so every run sees the same set.
 *
 * Random unit vectors in 1024 dimensions would be a poor stand-in: any two are ~90° apart, so
 * nothing is near anything and a query's nearest neighbour is noise. Real embeddings are clustered:
 * each person's faces lie close together, and everyone's faces share a common direction (a face
 * embedding is never the embedding of a car). So:
 *
 * - faces vary along far fewer directions than the embedding has values (pose, light, age, the
 *   features that tell people apart): identities and their variations live in a LATENT_DIMENSIONS
 *   subspace, spread over the 1024 values by a fixed signed expansion (each latent value feeds
 *   1024 / LATENT_DIMENSIONS values; the columns are disjoint, so lengths and angles are kept),
 *   plus a little isotropic noise in every direction (ISOTROPIC_NOISE);
 * - every identity has a centre `normalise(s + expand(u))`, `s` one direction shared by all of
 *   length SHARED_LENGTH and `u` the identity's own random unit latent direction: two centres are
 *   at cosine distance about 1 / (1 + SHARED_LENGTH²) = 0.75 on average (different people);
 * - every sample (an enrolled face, or a query) is `normalise(centre + noise)`, the noise of length
 *   `r` uniform in SAMPLE_NOISE: two samples of one identity are at cosine distance
 *   1 - 1 / √((1 + r₁²)(1 + r₂²)), 0.23..0.42, the range the brief gives for real same-person
 *   pairs (FACES measures the real ones: docs/faces.md);
 * - each identity has 1..3 samples in the gallery, as a cameo has several enrolled frames.
 *
 * Uniform random vectors in 1024 dimensions are the other failure: with no structure, graph
 * indexes such as HNSW lose recall that they keep on real embeddings, whose intrinsic dimension is
 * far lower. Why 128 latent directions and not fewer: the centres must stay apart. With 32 or 64
 * (closer to published estimates of face representations' intrinsic dimension, about 10-20 for
 * 512-value models: Gong, Boddeti & Jain, CVPR 2019) 50,000 identities crowd so close that brute
 * force itself found the true identity of a fresh sample for only 22 % / 47 % of 200 queries at
 * these noise levels; with 128 it finds nearly all. So this set is, if anything, harder for the
 * index than real faces spread by a good model.
 */
import { seededRandom } from './seeded-random';

/** Length of the direction shared by every centre (see the header for the distances it gives). */
const SHARED_LENGTH = Math.sqrt(1 / 3);
/** Length of the noise added to a centre for one sample, min and max. */
const SAMPLE_NOISE = [0.55, 0.85] as const;
/** Directions along which faces differ (people and their variations). Divides 1024. */
const LATENT_DIMENSIONS = 128;
/** Length of the part of a sample's noise that is in no particular direction. */
const ISOTROPIC_NOISE = 0.25;


/** Fills `into` with a random direction of length `length` (Gaussian values, Box-Muller), and returns it. */
function randomDirection(random: () => number, into: Float32Array, length = 1): Float32Array {
  let sumOfSquares = 0;
  for (let i = 0; i < into.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    into[i] = radius * Math.cos(angle);
    if (i + 1 < into.length) into[i + 1] = radius * Math.sin(angle);
  }
  for (let i = 0; i < into.length; i += 1) sumOfSquares += into[i]! * into[i]!;
  const scale = length / Math.sqrt(sumOfSquares);
  for (let i = 0; i < into.length; i += 1) into[i] = into[i]! * scale;
  return into;
}

function normaliseInPlace(vector: Float32Array): Float32Array {
  let sumOfSquares = 0;
  for (let i = 0; i < vector.length; i += 1) sumOfSquares += vector[i]! * vector[i]!;
  const scale = 1 / Math.sqrt(sumOfSquares);
  for (let i = 0; i < vector.length; i += 1) vector[i] = vector[i]! * scale;
  return vector;
}

/** One gallery entry: key (as face_embeddings.id would be), whose face it is, and the embedding. */
export interface ClusteredEntry {
  key: bigint;
  identity: number;
  embedding: Float32Array;
}

/** A synthetic gallery and a way to draw fresh faces of its identities. */
export interface ClusteredGallery {
  entries: ClusteredEntry[];
  identities: number;
  /** A new sample of `identity` (a face not in the gallery: the one a check would look up). */
  freshSample(identity: number): Float32Array;
}

/**
 * `count` embeddings of about count / 2 identities (1..3 samples each), keys 1..count.
 * Deterministic for a given seed; the embeddings share one buffer (count × dimensions × 4 bytes).
 */
export function clusteredGallery(options: { count: number; dimensions?: number; seed?: number }): ClusteredGallery {
  const dimensions = options.dimensions ?? 1024;
  const latentDimensions = Math.min(LATENT_DIMENSIONS, dimensions);
  const random = seededRandom(options.seed ?? 12);
  const shared = randomDirection(random, new Float32Array(dimensions), SHARED_LENGTH);
  // The signed expansion from the latent subspace: value i takes latent value i mod L with a fixed sign.
  const spread = 1 / Math.sqrt(dimensions / latentDimensions);
  const signs = Float32Array.from({ length: dimensions }, () => (random() < 0.5 ? -spread : spread));
  const latent = new Float32Array(latentDimensions);
  const isotropic = new Float32Array(dimensions);
  /** Writes `base + expand(latent direction of length latentLength) + isotropic noise of length isotropicLength` into `into`, normalised. */
  const perturb = (base: Float32Array, latentLength: number, isotropicLength: number, into: Float32Array) => {
    randomDirection(random, latent, latentLength);
    if (isotropicLength > 0) randomDirection(random, isotropic, isotropicLength);
    for (let i = 0; i < dimensions; i += 1) {
      into[i] = base[i]! + signs[i]! * latent[i % latentDimensions]! + (isotropicLength > 0 ? isotropic[i]! : 0);
    }
    return normaliseInPlace(into);
  };
  const centres: Float32Array[] = [];
  const newCentre = () => {
    centres.push(perturb(shared, 1, 0, new Float32Array(dimensions)));
    return centres.length - 1;
  };
  const sampleInto = (identity: number, into: Float32Array) => {
    const length = SAMPLE_NOISE[0] + random() * (SAMPLE_NOISE[1] - SAMPLE_NOISE[0]);
    return perturb(centres[identity]!, Math.sqrt(length * length - ISOTROPIC_NOISE * ISOTROPIC_NOISE), ISOTROPIC_NOISE, into);
  };

  const buffer = new Float32Array(options.count * dimensions);
  const entries: ClusteredEntry[] = [];
  while (entries.length < options.count) {
    const identity = newCentre();
    const samples = Math.min(1 + Math.floor(random() * 3), options.count - entries.length);
    for (let s = 0; s < samples; s += 1) {
      const at = entries.length;
      const embedding = sampleInto(identity, buffer.subarray(at * dimensions, (at + 1) * dimensions));
      entries.push({ key: BigInt(at + 1), identity, embedding });
    }
  }
  return {
    entries,
    identities: centres.length,
    freshSample: (identity) => sampleInto(identity, new Float32Array(dimensions)),
  };
}
