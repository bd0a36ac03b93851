/**
 * A clip's frames against the hash banks (issue 13): the pipeline's bank check.
 *
 * Order of work, for each request:
 * 1. every region hash of every sampled frame is looked up in the bank matcher (bank-matcher.ts);
 * 2. each hit is re-checked in the database (`liveBankHashes`): a bank switched off or a hash
 *    disabled since the matcher loaded is dropped, a cut-off lowered since is applied, and the
 *    quarantine state is the database's;
 * 3. flood rule (policies/copyright/flood.ts): for each positive hash that hit and is active, its
 *    pipeline matches in the window (this one included) are counted; a flood quarantines the hash
 *    and raises an alert in one transaction, and this clip's hit is then held like later ones;
 * 4. the hits are decided (policies/copyright/bank-match.ts) under the deployment's stance and
 *    every positive match is recorded in copyright_matches (once per request and bank hash).
 */
import type { Kysely } from 'kysely';
import type { ClipBankCheck } from '../../contracts';
import { readCopyrightStance } from '../../db/queries/copyright-entities';
import { recordCopyrightMatch } from '../../db/queries/copyright-matches';
import { pipelineMatchCounts, quarantineBankHash, readFloodRule } from '../../db/queries/hash-banks';
import type { Database } from '../../db/schema';
import {
  decideBankMatches, judgeFlood, matchActionFor, type FloodRule,
} from '../../policies/copyright';
import type { FrameHash } from '../fingerprint/frame-hashes';
import { bankFramesOf, liveBankHitsOf } from './bank-hits';
import { loadBankMatcher } from './bank-matcher';

/** What to check: the request, its draft video (null before one exists) and the frames' region hashes. */
export interface BankCheckInput {
  requestId: string;
  videoId: string | null;
  frames: readonly FrameHash[];
  /** The flood rule; the deployment's (org setting copyright_flood, else DEFAULT_FLOOD_RULE) unless a test passes its own. */
  flood?: FloodRule;
}

/**
 * Steps 1-4 of the module header. Idempotent per request: a retry records no match twice (the
 * recorded rows keep their first action). Throws only on database errors.
 */
export async function checkFramesAgainstBanks(db: Kysely<Database>, input: BankCheckInput): Promise<ClipBankCheck> {
  const kept = await liveBankHitsOf(db, await loadBankMatcher(db), input.frames);
  if (kept.length === 0) return { verdict: 'allow', reasons: [], summary: 'No frame of the clip matches a hash bank.', matchIds: [] };
  const rule = input.flood ?? (await readFloodRule(db));

  // Flood rule on each active positive hash that hit (counted once per request).
  const quarantined = new Set<string>();
  for (const { bankHashId, row } of new Map(kept.map((hit) => [hit.bankHashId, hit])).values()) {
    if (row.kind !== 'positive') continue;
    if (row.state === 'quarantined') {
      quarantined.add(bankHashId);
      continue;
    }
    const counts = await pipelineMatchCounts(db, bankHashId, rule.windowSeconds, rule.baselineSeconds, input.requestId);
    const seen = { recentMatches: counts.recentMatches + 1, baselineMatches: counts.baselineMatches };
    if (!judgeFlood(seen, rule).flood) continue;
    await db.transaction().execute(async (trx) => {
      await quarantineBankHash(trx, bankHashId, { ...seen, windowSeconds: rule.windowSeconds, baselineSeconds: rule.baselineSeconds });
    });
    quarantined.add(bankHashId);
  }

  const frames = bankFramesOf(kept, (hit) => quarantined.has(hit.bankHashId));
  const decision = decideBankMatches(await readCopyrightStance(db), frames);

  const matchIds: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const hit of decision.decided) {
      const { id } = await recordCopyrightMatch(trx, {
        bankId: hit.bankId, bankHashId: hit.bankHashId, entityId: hit.entityId, requestId: input.requestId, videoId: input.videoId,
        frameIndex: hit.frameIndex, region: hit.region, distance: hit.distance, action: matchActionFor(hit.outcome, 'pipeline'), source: 'pipeline',
      });
      matchIds.push(id);
    }
  });
  return { verdict: decision.verdict, reasons: decision.reasons, summary: decision.summary, matchIds };
}
