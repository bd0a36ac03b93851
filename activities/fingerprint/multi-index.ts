/**
 * Multi-index hashing (Norouzi et al.; the scheme behind Meta's own PDQ index) for 256-bit PDQ
 * hashes: find every stored hash within Hamming distance 31 of a query without scanning them all.
 *
 * The hash is cut into 16 chunks of 16 bits, each with its own table from chunk value to the
 * entries holding it. By the pigeonhole principle, two hashes within 31 bits differ by at most 1
 * bit in at least one chunk (16 chunks each differing by 2 or more would make 32). So probing,
 * per chunk, the query's own value and its 16 one-bit neighbours (17 x 16 = 272 bucket reads)
 * finds every true match; each candidate is then checked with the full distance. With random
 * 256-bit hashes a bucket holds n / 65536 entries, so a query touches about 272 n / 65536
 * candidates: ~4,000 at a million hashes, verified with eight 32-bit popcounts each.
 *
 * Memory: 32 bytes per hash plus 64 bytes of chunk postings. Postings live in two layers: a
 * compacted one (per chunk, entries grouped by chunk value in one flat Int32Array, so a bucket is
 * one contiguous read) and a small linked-list tail for entries added since; the tail is folded
 * into the compacted layer once it is as large as the compacted layer itself.
 * Entries are only appended; removal is the caller's filter (e.g. a video that is no longer
 * published is dropped from results).
 */

const CHUNKS = 16;
/** Stand-ins for the compacted layer before the first compaction: every bucket empty. */
const EMPTY_OFFSETS = new Int32Array(65537);
const EMPTY_POSTINGS = new Int32Array(0);
const CHUNK_VALUES = 1 << 16;
/** Largest distance the probing scheme is exact for: 16 chunks x (1 + 1) - 1. */
export const MULTI_INDEX_MAX_DISTANCE = 31;

export interface IndexHit {
  entry: number;
  distance: number;
}

export class PdqMultiIndex {
  /** 8 x 32-bit words per entry. */
  private words: Uint32Array;
  private tags: Int32Array;
  /** heads[chunk * 65536 + value] = newest entry with that chunk value, or -1. */
  private readonly heads = new Int32Array(CHUNKS * CHUNK_VALUES).fill(-1);
  /** next[entry * 16 + chunk] = the previous entry in the same bucket, or -1. */
  private next: Int32Array;
  /** Compacted layer: per chunk, offsets into `compactPostings` by chunk value. */
  private compactOffsets: Int32Array[] = [];
  private compactPostings: Int32Array[] = [];
  private compactCount = 0;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.words = new Uint32Array(capacity * 8);
    this.tags = new Int32Array(capacity);
    this.next = new Int32Array(capacity * CHUNKS);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a 32-byte hash with a caller-chosen integer tag (e.g. a region code); returns its entry number. */
  add(hash: Uint8Array, tag = 0): number {
    if (hash.length !== 32) throw new Error(`A PDQ hash has 32 bytes, not ${hash.length}.`);
    if (this.count === this.tags.length) this.grow();
    const entry = this.count++;
    const base = entry * 8;
    for (let w = 0; w < 8; w++) {
      this.words[base + w] = ((hash[w * 4]! << 24) | (hash[w * 4 + 1]! << 16) | (hash[w * 4 + 2]! << 8) | hash[w * 4 + 3]!) >>> 0;
    }
    this.tags[entry] = tag;
    for (let c = 0; c < CHUNKS; c++) {
      const value = (hash[c * 2]! << 8) | hash[c * 2 + 1]!;
      const head = c * CHUNK_VALUES + value;
      this.next[entry * CHUNKS + c] = this.heads[head]!;
      this.heads[head] = entry;
    }
    // Doubling keeps compaction amortised O(1) per added hash.
    if (this.count - this.compactCount > Math.max(4096, this.compactCount)) this.compact();
    return entry;
  }

  /** Folds the linked-list tail into the compacted layer (counting sort per chunk, O(n)). */
  compact(): void {
    const n = this.count;
    const offsetsList: Int32Array[] = [];
    const postingsList: Int32Array[] = [];
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = new Int32Array(CHUNK_VALUES + 1);
      for (let e = 0; e < n; e++) offsets[this.chunkValue(e, c) + 1]!++;
      for (let v = 0; v < CHUNK_VALUES; v++) offsets[v + 1]! += offsets[v]!;
      const fill = offsets.slice(0, CHUNK_VALUES);
      const postings = new Int32Array(n);
      for (let e = 0; e < n; e++) postings[fill[this.chunkValue(e, c)]!++] = e;
      offsetsList.push(offsets);
      postingsList.push(postings);
    }
    this.compactOffsets = offsetsList;
    this.compactPostings = postingsList;
    this.compactCount = n;
    this.heads.fill(-1);
  }

  private chunkValue(entry: number, chunk: number): number {
    const word = this.words[entry * 8 + (chunk >> 1)]!;
    return (chunk & 1) === 0 ? word >>> 16 : word & 0xffff;
  }

  tagOf(entry: number): number {
    return this.tags[entry]!;
  }

  /** Every entry within `maxDistance` (at most 31) of `hash`, optionally only those with `tag`. */
  search(hash: Uint8Array, maxDistance = MULTI_INDEX_MAX_DISTANCE, tag?: number): IndexHit[] {
    if (maxDistance > MULTI_INDEX_MAX_DISTANCE) {
      throw new Error(`This index answers distances up to ${MULTI_INDEX_MAX_DISTANCE}, not ${maxDistance}.`);
    }
    const query = new Uint32Array(8);
    for (let w = 0; w < 8; w++) {
      query[w] = ((hash[w * 4]! << 24) | (hash[w * 4 + 1]! << 16) | (hash[w * 4 + 2]! << 8) | hash[w * 4 + 3]!) >>> 0;
    }
    // Candidates that pass, as (entry, distance) pairs; a true match can sit in several probed
    // buckets, so duplicates are dropped at the end (matches are few, candidates are many).
    const passed: number[] = [];
    const words = this.words;
    const heads = this.heads;
    const next = this.next;
    const q0 = query[0]!, q1 = query[1]!, q2 = query[2]!, q3 = query[3]!, q4 = query[4]!, q5 = query[5]!, q6 = query[6]!, q7 = query[7]!;
    for (let c = 0; c < CHUNKS; c++) {
      const value = (hash[c * 2]! << 8) | hash[c * 2 + 1]!;
      const offsets = this.compactOffsets[c] ?? EMPTY_OFFSETS;
      const postings = this.compactPostings[c] ?? EMPTY_POSTINGS;
      const headBase = c * CHUNK_VALUES;
      for (let flip = -1; flip < 16; flip++) {
        const probe = flip < 0 ? value : value ^ (1 << flip);
        // The compacted layer (one contiguous run per bucket), then the tail's linked list. The
        // distance check is the whole cost of a lookup: unrolled, and it gives up after the first
        // half of the hash when that half alone is already too far.
        for (let i = offsets[probe]!, end = offsets[probe + 1]!; i < end; i++) {
          const candidate = postings[i]!;
          const b = candidate << 3;
          let distance = popcount32(words[b]! ^ q0) + popcount32(words[b + 1]! ^ q1) + popcount32(words[b + 2]! ^ q2) + popcount32(words[b + 3]! ^ q3);
          if (distance > maxDistance) continue;
          distance += popcount32(words[b + 4]! ^ q4) + popcount32(words[b + 5]! ^ q5) + popcount32(words[b + 6]! ^ q6) + popcount32(words[b + 7]! ^ q7);
          if (distance <= maxDistance) passed.push(candidate, distance);
        }
        for (let candidate = heads[headBase + probe]!; candidate >= 0; candidate = next[candidate * CHUNKS + c]!) {
          const b = candidate << 3;
          let distance = popcount32(words[b]! ^ q0) + popcount32(words[b + 1]! ^ q1) + popcount32(words[b + 2]! ^ q2) + popcount32(words[b + 3]! ^ q3);
          if (distance > maxDistance) continue;
          distance += popcount32(words[b + 4]! ^ q4) + popcount32(words[b + 5]! ^ q5) + popcount32(words[b + 6]! ^ q6) + popcount32(words[b + 7]! ^ q7);
          if (distance <= maxDistance) passed.push(candidate, distance);
        }
      }
    }
    const found = new Map<number, number>();
    for (let i = 0; i < passed.length; i += 2) {
      const entry = passed[i]!;
      if (tag === undefined || this.tags[entry] === tag) found.set(entry, passed[i + 1]!);
    }
    const hits: IndexHit[] = [];
    for (const [entry, distance] of found) hits.push({ entry, distance });
    return hits;
  }

  private grow(): void {
    const capacity = this.tags.length * 2;
    const words = new Uint32Array(capacity * 8);
    words.set(this.words);
    this.words = words;
    const tags = new Int32Array(capacity);
    tags.set(this.tags);
    this.tags = tags;
    const next = new Int32Array(capacity * CHUNKS);
    next.set(this.next);
    this.next = next;
  }
}

/** Bits set in every 16-bit value: 64 KB, stays in the CPU cache, two loads per 32-bit word. */
const POPCOUNT16 = (() => {
  const table = new Uint8Array(1 << 16);
  for (let i = 1; i < table.length; i++) table[i] = (i & 1) + table[i >> 1]!;
  return table;
})();

function popcount32(value: number): number {
  return POPCOUNT16[value & 0xffff]! + POPCOUNT16[value >>> 16]!;
}
