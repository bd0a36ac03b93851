/**
 * The face index: an in-memory approximate nearest-neighbour index over face embeddings, so a face
 * can be compared with every enrolled cameo and protected person in milliseconds instead of a scan.
 *
 * It wraps usearch 2.26 (Unum; Apache-2.0; a prebuilt native binary inside the package), whose
 * index is a Hierarchical Navigable Small World graph (HNSW, Malkov & Yashunin, IEEE TPAMI 2020),
 * with the cosine metric on float32 vectors: usearch's distances are `1 - cos`, the same measure as
 * `cosineDistance` in policies/faces/distance.ts, so a distance here means what the thresholds in
 * policies/faces mean. Keys are `face_embeddings.id` (a bigint).
 *
 * The graph's settings are measured, not guessed: `npm run bench -- faces` (scripts/bench/faces.bench.ts)
 * compares this index with `bruteForceNearest` on 100,000 clustered embeddings in the same run, and
 * docs/benchmarks.md ("Face match") records the figures that chose them.
 *
 * Not thread-safe beyond what usearch guarantees: the gallery (./face-gallery.ts) serialises its
 * changes; searches run on the calling thread (`threads = 1`), never on a pool.
 */
import { Index, MetricKind, ScalarKind } from 'usearch';
import { cosineDistance } from '../../policies/faces';
import { FACE_EMBEDDING_LENGTH } from './engine';

/**
 * Edges per node of the HNSW graph (usearch's `connectivity`, HNSW's M). Measured at 100,000
 * clustered embeddings (docs/benchmarks.md, "Face match"): with 16 (usearch's default) the graph
 * reached recall 0.99 only at a search expansion of 512 (p95 35 ms); with 32 it reaches 0.995 at
 * 256 and 0.996 at 192 (the setting below). The price is build time (about twice: 543 s of CPU for 100,000 on the project's machine)
 * and a little memory (the graph is small beside the 4 KB vectors).
 */
export const FACE_INDEX_CONNECTIVITY = 32;
/**
 * Candidates kept while inserting (HNSW's efConstruction). 64 keeps the build of 100,000 within
 * minutes on two cores; recall is bought with connectivity and the search expansion instead.
 */
export const FACE_INDEX_EXPANSION_ADD = 64;
/**
 * Candidates kept while searching (HNSW's ef). 192: the smallest measured value that meets both of
 * issue 12's targets at 100,000 clustered embeddings on a quiet machine (docs/benchmarks.md, "Face
 * match"): recall of the true identity 0.996 on 1,000 queries, 1.000 of brute force's on 300, at
 * p95 8.6 ms per lookup. 128 is faster (p95 6.3 ms) but found the true identity 0.980 of brute
 * force's; 256 adds no recall there (1.000 too) at p95 11-18 ms. Recall comes first: a missed match
 * lets a face through, so a lower value needs a benchmark showing recall holds.
 */
export const FACE_INDEX_EXPANSION_SEARCH = 192;

/** One stored embedding close to a query: its key (face_embeddings.id) and `1 - cos` distance, 0..2. */
export interface IndexedNeighbour {
  key: bigint;
  distance: number;
}

/** Settings of one face index; the defaults are the measured ones above. */
export interface FaceIndexOptions {
  dimensions?: number;
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
}

/** A set of keyed embeddings searchable by cosine distance (HNSW). */
export class FaceIndex {
  readonly dimensions: number;
  readonly #index: Index;

  /** Throws when a setting is not a positive integer (usearch refuses it). */
  constructor(options: FaceIndexOptions = {}) {
    this.dimensions = options.dimensions ?? FACE_EMBEDDING_LENGTH;
    this.#index = new Index({
      dimensions: this.dimensions,
      metric: MetricKind.Cos,
      quantization: ScalarKind.F32,
      connectivity: options.connectivity ?? FACE_INDEX_CONNECTIVITY,
      expansion_add: options.expansionAdd ?? FACE_INDEX_EXPANSION_ADD,
      expansion_search: options.expansionSearch ?? FACE_INDEX_EXPANSION_SEARCH,
      // One vector per key: a key is one face_embeddings row.
      multi: false,
    });
  }

  /** How many embeddings the index holds. */
  get size(): number {
    return this.#index.size();
  }

  /** Whether the index holds an embedding under `key`. */
  has(key: bigint): boolean {
    return this.#index.contains(key) as boolean;
  }

  /**
   * Adds embeddings under their keys; a key already present is left as it is (a row's embedding
   * never changes, so a repeat is a refresh seeing the same row twice). Throws when the lengths
   * differ from the index's dimensions or the key and embedding counts differ.
   */
  add(entries: readonly { key: bigint; embedding: Float32Array }[]): void {
    const fresh = entries.filter((entry) => !this.has(entry.key));
    if (fresh.length === 0) return;
    const matrix = new Float32Array(fresh.length * this.dimensions);
    fresh.forEach((entry, row) => {
      if (entry.embedding.length !== this.dimensions) {
        throw new Error(`A face embedding of ${entry.embedding.length} values cannot join an index of ${this.dimensions}-value embeddings (another model made it).`);
      }
      matrix.set(entry.embedding, row * this.dimensions);
    });
    // threads = 0: usearch uses every core for a bulk insert (the gallery's first load).
    this.#index.add(BigUint64Array.from(fresh, (entry) => entry.key), matrix, 0);
  }

  /** Removes the embeddings under `keys`; returns how many were present. */
  remove(keys: readonly bigint[]): number {
    let removed = 0;
    for (const key of keys) removed += this.#index.remove(key) as number;
    return removed;
  }

  /**
   * The `k` stored embeddings nearest to `query`, distance ascending (fewer when the index holds
   * fewer). Approximate: HNSW may miss a true neighbour; the bench measures how often.
   */
  search(query: Float32Array, k: number): IndexedNeighbour[] {
    if (query.length !== this.dimensions) {
      throw new Error(`A face embedding of ${query.length} values cannot be searched in an index of ${this.dimensions}-value embeddings (another model made it).`);
    }
    if (this.size === 0 || k <= 0) return [];
    const found = this.#index.search(query, Math.min(k, this.size), 1);
    // usearch trims each result to the neighbours it found, so every key here is a stored one.
    return Array.from(found.keys, (key, i) => ({ key, distance: found.distances[i]! }));
  }
}

/**
 * The exact `k` nearest embeddings to `query` by `cosineDistance` (policies/faces/distance.ts), by
 * comparing it with every one: the reference the index is measured against in tests and the bench.
 * Distance ascending; ties keep the input order.
 */
export function bruteForceNearest(entries: Iterable<{ key: bigint; embedding: Float32Array }>, query: Float32Array, k: number): IndexedNeighbour[] {
  const best: IndexedNeighbour[] = [];
  if (k <= 0) return best;
  for (const entry of entries) {
    const distance = cosineDistance(entry.embedding, query);
    if (best.length === k && distance >= best[k - 1]!.distance) continue;
    // Insertion into a sorted list of at most k: k is small (a handful of subjects).
    let at = best.length;
    while (at > 0 && best[at - 1]!.distance > distance) at -= 1;
    best.splice(at, 0, { key: entry.key, distance });
    if (best.length > k) best.pop();
  }
  return best;
}
