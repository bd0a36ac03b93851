/**
 * A video's frame hashes against the hash banks, the part the pipeline's bank check
 * (bank-check.ts) and a rescan (rescan.ts) share: look every region hash up in the matcher, keep
 * only hits the database still stands behind, and group them by frame for the pure decision
 * (policies/copyright/bank-match.ts).
 *
 * Why the database is asked again: the matcher's index is a snapshot taken when it loaded; a bank
 * switched off, a hash disabled or a cut-off lowered since must not act. `liveBankHashes` returns
 * only enabled banks' hashes that are not disabled, with the bank's current cut-off and the
 * entity's current ruling.
 */
import type { Kysely } from 'kysely';
import { liveBankHashes } from '../../db/queries/hash-banks';
import type { Database } from '../../db/schema';
import type { BankFrame, BankFrameHit } from '../../policies/copyright';
import type { FrameHash } from '../fingerprint/frame-hashes';
import type { BankMatcher } from './bank-matcher';

/** One row of `liveBankHashes`: a bank hash with its bank and entity as they are now. */
export type LiveBankHash = Awaited<ReturnType<typeof liveBankHashes>>[number];

/** A matcher hit the database confirmed: the frame and region it came from, its distance and its bank hash's row. */
export interface LiveBankHit {
  frameIndex: number;
  region: FrameHash['region'];
  distance: number;
  bankHashId: string;
  row: LiveBankHash;
}

/**
 * Steps "look up" and "re-check": every region hash of `frames` through `matcher`, then each hit
 * kept only when its bank hash is live and the distance is within the bank's current cut-off.
 * Returns [] when nothing matched (without a database query). Throws only on database errors.
 */
export async function liveBankHitsOf(db: Kysely<Database>, matcher: BankMatcher, frames: readonly FrameHash[]): Promise<LiveBankHit[]> {
  const raw: Omit<LiveBankHit, 'row'>[] = [];
  for (const frame of frames) {
    for (const hit of matcher.match(frame.hash, frame.region)) {
      raw.push({ frameIndex: frame.frameIndex, region: frame.region, bankHashId: hit.bankHashId, distance: hit.distance });
    }
  }
  if (raw.length === 0) return [];
  const live = new Map((await liveBankHashes(db, [...new Set(raw.map((hit) => hit.bankHashId))])).map((row) => [String(row.bank_hash_id), row]));
  const kept: LiveBankHit[] = [];
  for (const hit of raw) {
    const row = live.get(hit.bankHashId);
    if (row && hit.distance <= row.cutoff) kept.push({ ...hit, row });
  }
  return kept;
}

/**
 * The confirmed hits grouped by frame, shaped for `decideBankMatches`. A hit's ruling is its
 * entity's (rule, conditions, public domain) when the bank has one, else the bank's own rule.
 * `isQuarantined` says whether a bank hash's matches are held (the check passes the hashes its
 * flood rule just quarantined as well as those already quarantined).
 */
export function bankFramesOf(hits: readonly LiveBankHit[], isQuarantined: (hit: LiveBankHit) => boolean): BankFrame[] {
  const byFrame = new Map<number, BankFrameHit[]>();
  for (const hit of hits) {
    const { row } = hit;
    const list = byFrame.get(hit.frameIndex) ?? [];
    list.push({
      bankId: row.bank_id, bankName: row.bank_name, bankKind: row.kind, owner: row.owner, bankHashId: hit.bankHashId,
      entityId: row.entity_id, entityName: row.entity_name,
      ruling: row.entity_id !== null
        ? { rule: row.entity_rule, conditions: row.conditions, publicDomain: row.public_domain ?? false }
        : { rule: row.bank_rule, conditions: null, publicDomain: false },
      distance: hit.distance, cutoff: row.cutoff, quarantined: isQuarantined(hit), region: hit.region,
    });
    byFrame.set(hit.frameIndex, list);
  }
  return [...byFrame].map(([frameIndex, frameHits]) => ({ frameIndex, hits: frameHits }));
}
