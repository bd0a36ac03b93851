/**
 * The face index (usearch HNSW, cosine) against the brute-force reference: the same nearest faces
 * on small sets, distances equal to policies' cosineDistance, removal, and recall relative to brute
 * force on 5,000 clustered embeddings (the benchmark measures 100,000; this keeps the property in
 * every test run, untimed).
 */
import { bruteForceNearest, FaceIndex } from '../../activities/faces/face-index';
import { cosineDistance } from '../../policies/faces';
import { clusteredGallery } from '../support/clustered-embeddings';
import { seededRandom } from '../support/seeded-random';

describe('a small face index', () => {
  const gallery = clusteredGallery({ count: 300, seed: 1 });
  const index = new FaceIndex();
  index.add(gallery.entries);
  const random = seededRandom(2);
  const queries = Array.from({ length: 20 }, () => gallery.freshSample(Math.floor(random() * gallery.identities)));

  it('finds the exact nearest faces when its search expansion covers the whole set, with cosineDistance as their distance', () => {
    // HNSW is approximate by design; with ef at least the set's size the search visits every
    // reachable node, so any difference from brute force would be a bug in the index, not a miss.
    const exhaustive = new FaceIndex({ expansionSearch: 512 });
    exhaustive.add(gallery.entries);
    for (const query of queries) {
      const found = exhaustive.search(query, 5);
      const exact = bruteForceNearest(gallery.entries, query, 5);
      expect(found.map((neighbour) => neighbour.key)).toEqual(exact.map((neighbour) => neighbour.key));
      for (const neighbour of found) {
        const stored = gallery.entries[Number(neighbour.key) - 1]!;
        expect(Math.abs(neighbour.distance - cosineDistance(stored.embedding, query))).toBeLessThan(1e-5);
      }
      expect(found.map((neighbour) => neighbour.distance)).toEqual([...found.map((neighbour) => neighbour.distance)].sort((a, b) => a - b));
    }
  });

  it('at Loupe\'s search expansion finds the same nearest face as brute force for every query (what a match decision reads)', () => {
    for (const query of queries) {
      expect(index.search(query, 1)[0]!.key).toBe(bruteForceNearest(gallery.entries, query, 1)[0]!.key);
    }
  });

  it('forgets a removed face and takes it back when added again; adding a present key changes nothing', () => {
    const query = queries[0]!;
    const [nearest] = index.search(query, 1);
    expect(index.remove([nearest!.key, 999_999n])).toBe(1);
    expect(index.has(nearest!.key)).toBe(false);
    expect(index.size).toBe(299);
    expect(index.search(query, 10).map((neighbour) => neighbour.key)).not.toContain(nearest!.key);
    expect(index.search(query, 1)[0]!.key).toBe(bruteForceNearest(gallery.entries.filter((entry) => entry.key !== nearest!.key), query, 1)[0]!.key);

    const entry = gallery.entries[Number(nearest!.key) - 1]!;
    index.add([entry]);
    index.add([entry]);
    expect(index.size).toBe(300);
    expect(index.search(query, 1)[0]!.key).toBe(nearest!.key);
  });

  it('returns what it holds when asked for more, and nothing from an empty index', () => {
    const tiny = new FaceIndex();
    expect(tiny.search(queries[0]!, 3)).toEqual([]);
    tiny.add(gallery.entries.slice(0, 2));
    expect(tiny.search(queries[0]!, 3)).toHaveLength(2);
  });

  it('refuses an embedding of another length, adding or searching', () => {
    expect(() => index.add([{ key: 5_000n, embedding: new Float32Array(512).fill(0.1) }])).toThrow(/512 values cannot join an index of 1024-value/);
    expect(() => index.search(new Float32Array(128).fill(0.1), 1)).toThrow(/128 values cannot be searched/);
  });
});

describe('bruteForceNearest', () => {
  it('keeps the k nearest, distance ascending', () => {
    const entries = [
      { key: 1n, embedding: Float32Array.of(1, 0, 0) },
      { key: 2n, embedding: Float32Array.of(0, 1, 0) },
      { key: 3n, embedding: Float32Array.of(1, 1, 0) },
      { key: 4n, embedding: Float32Array.of(-1, 0, 0) },
    ];
    const found = bruteForceNearest(entries, Float32Array.of(1, 0.2, 0), 3);
    expect(found.map((neighbour) => neighbour.key)).toEqual([1n, 3n, 2n]);
    expect(found[0]!.distance).toBeCloseTo(1 - 1 / Math.sqrt(1.04), 6);
    expect(bruteForceNearest(entries, Float32Array.of(1, 0, 0), 0)).toEqual([]);
  });
});

it('on 5,000 clustered embeddings, HNSW finds the true identity at least 0.99 as often as brute force', () => {
  const gallery = clusteredGallery({ count: 5_000, seed: 3 });
  const index = new FaceIndex();
  index.add(gallery.entries);
  const random = seededRandom(4);
  let indexHits = 0;
  let bruteForceHits = 0;
  const queries = 200;
  for (let q = 0; q < queries; q += 1) {
    const identity = Math.floor(random() * gallery.identities);
    const query = gallery.freshSample(identity);
    const [viaIndex] = index.search(query, 1);
    const [viaBruteForce] = bruteForceNearest(gallery.entries, query, 1);
    if (gallery.entries[Number(viaIndex!.key) - 1]!.identity === identity) indexHits += 1;
    if (gallery.entries[Number(viaBruteForce!.key) - 1]!.identity === identity) bruteForceHits += 1;
  }
  // Brute force itself must mostly find the true identity, or the synthetic set is too hard to say anything.
  expect(bruteForceHits / queries).toBeGreaterThan(0.95);
  expect(indexHits / bruteForceHits).toBeGreaterThanOrEqual(0.99);
});
