/**
 * The hash-bank matcher of one worker process (issue 13): one PdqMultiIndex
 * (activities/fingerprint/multi-index.ts, exact to distance 31) over the hashes of every enabled
 * bank that are not disabled, each hit kept only within its own bank's cut-off.
 *
 * Reload: before each use, one cheap query reads the banks' signature (count, newest updated_at,
 * newest hash id: db/queries/hash-banks.ts keeps it moving on every change); when it changed, the
 * index is rebuilt from PostgreSQL (the durable copy). The index is still only a candidate list:
 * callers re-check each hit's bank and hash in the database before acting
 * (`liveBankHashes`), like the face gallery re-checks its rows, so a bank disabled between the
 * signature read and the action never acts.
 *
 * Regions: a reference-media hash carries the region of the reference frame it came from
 * (activities/fingerprint/frame-hashes.ts) and matches only query hashes of the same region; an
 * imported hash has no region and counts as a whole-picture ('full') hash.
 */
import type { Kysely } from 'kysely';
import { bankIndexSignature, matchableBankHashes } from '../../db/queries/hash-banks';
import type { Database } from '../../db/schema';
import { FRAME_REGIONS, type FrameRegion } from '../fingerprint/frame-hashes';
import { MULTI_INDEX_MAX_DISTANCE, PdqMultiIndex } from '../fingerprint/multi-index';

/** One bank hash within its bank's cut-off of a query hash. `distance` in bits. */
export interface BankHit {
  bankId: string;
  bankHashId: string;
  entityId: string | null;
  bankKind: 'positive' | 'negative';
  distance: number;
  quarantined: boolean;
}

/** A loaded matcher: `match` answers from memory; `size` is the number of indexed hashes. */
export interface BankMatcher {
  match(hash: Uint8Array, region?: FrameRegion): BankHit[];
  readonly size: number;
}

/** One indexed hash's bank data. */
export interface BankIndexEntry {
  bankId: string;
  bankHashId: string;
  entityId: string | null;
  bankKind: 'positive' | 'negative';
  /** Bits, 0..31. */
  cutoff: number;
  quarantined: boolean;
  region: FrameRegion;
}

const REGION_CODE = new Map<string, number>(FRAME_REGIONS.map((region, code) => [region, code]));

/** What an index keeps once per bank (hashes point at it by number). */
interface BankMeta {
  bankId: string;
  entityId: string | null;
  bankKind: 'positive' | 'negative';
  cutoff: number;
}

/**
 * An in-memory bank index (no database): what loadBankMatcher fills, and what the benchmark
 * measures. Per hash it keeps typed arrays only (its bank's number, its id, its quarantine flag),
 * so a million hashes cost tens of megabytes beside the multi-index, not an object each.
 */
export class BankIndex implements BankMatcher {
  private readonly index: PdqMultiIndex;
  private readonly banks: BankMeta[] = [];
  private readonly bankNumbers = new Map<string, number>();
  private entryBank: Int32Array;
  /** bank_hashes.id (bigserial) as a double: exact up to 2^53. */
  private entryHashId: Float64Array;
  private entryQuarantined: Uint8Array;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.index = new PdqMultiIndex(capacity);
    this.entryBank = new Int32Array(capacity);
    this.entryHashId = new Float64Array(capacity);
    this.entryQuarantined = new Uint8Array(capacity);
  }

  get size(): number {
    return this.index.size;
  }

  /** Adds a 32-byte hash. */
  add(hash: Uint8Array, entry: BankIndexEntry): void {
    let bank = this.bankNumbers.get(entry.bankId);
    if (bank === undefined) {
      bank = this.banks.length;
      this.banks.push({ bankId: entry.bankId, entityId: entry.entityId, bankKind: entry.bankKind, cutoff: entry.cutoff });
      this.bankNumbers.set(entry.bankId, bank);
    }
    const at = this.index.add(hash, REGION_CODE.get(entry.region) ?? 0);
    if (at >= this.entryBank.length) this.grow();
    this.entryBank[at] = bank;
    this.entryHashId[at] = Number(entry.bankHashId);
    this.entryQuarantined[at] = entry.quarantined ? 1 : 0;
  }

  /** Folds recently added hashes into the index's compact layer (call after a bulk load). */
  compact(): void {
    this.index.compact();
  }

  match(hash: Uint8Array, region: FrameRegion = 'full'): BankHit[] {
    const hits: BankHit[] = [];
    for (const hit of this.index.search(hash, MULTI_INDEX_MAX_DISTANCE, REGION_CODE.get(region) ?? 0)) {
      const bank = this.banks[this.entryBank[hit.entry]!]!;
      if (hit.distance > bank.cutoff) continue;
      hits.push({
        bankId: bank.bankId, bankHashId: String(this.entryHashId[hit.entry]!), entityId: bank.entityId, bankKind: bank.bankKind,
        distance: hit.distance, quarantined: this.entryQuarantined[hit.entry] === 1,
      });
    }
    return hits;
  }

  private grow(): void {
    const capacity = this.entryBank.length * 2;
    const bank = new Int32Array(capacity);
    bank.set(this.entryBank);
    this.entryBank = bank;
    const ids = new Float64Array(capacity);
    ids.set(this.entryHashId);
    this.entryHashId = ids;
    const quarantined = new Uint8Array(capacity);
    quarantined.set(this.entryQuarantined);
    this.entryQuarantined = quarantined;
  }
}

async function buildIndex(db: Kysely<Database>, bankIds?: readonly string[]): Promise<BankIndex> {
  const index = new BankIndex(4096);
  let afterId = '0';
  for (;;) {
    const rows = await matchableBankHashes(db, { bankIds, afterId, limit: 10_000 });
    for (const row of rows) {
      const region = (FRAME_REGIONS as readonly string[]).includes(row.region ?? '') ? (row.region as FrameRegion) : 'full';
      index.add(new Uint8Array(row.hash), {
        bankId: row.bank_id, bankHashId: String(row.id), entityId: row.entity_id, bankKind: row.kind, cutoff: row.cutoff,
        quarantined: row.state === 'quarantined', region,
      });
    }
    if (rows.length > 0) afterId = String(rows[rows.length - 1]!.id);
    if (rows.length < 10_000) break;
  }
  index.compact();
  return index;
}

interface Cached {
  signature: string;
  index: Promise<BankIndex>;
}
const cache = new WeakMap<Kysely<Database>, Cached>();

/**
 * The matcher over every enabled bank (or only `bankIds`, for a rescan of some banks), current as
 * of this call: the whole-catalogue matcher is cached per connection and rebuilt when the banks'
 * signature changed; a matcher of chosen banks is built fresh.
 */
export async function loadBankMatcher(db: Kysely<Database>, options: { bankIds?: readonly string[] } = {}): Promise<BankMatcher> {
  if (options.bankIds) return buildIndex(db, options.bankIds);
  const signature = await bankIndexSignature(db);
  const cached = cache.get(db);
  if (cached && cached.signature === signature) return cached.index;
  const index = buildIndex(db);
  cache.set(db, { signature, index });
  index.catch(() => cache.delete(db));
  return index;
}
