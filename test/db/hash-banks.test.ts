/**
 * Hash banks against the database: the matcher with Meta's own PDQ vectors (shared testdata,
 * expected.csv: a photo and its edited copies, and unrelated photos), negative banks, switched-off
 * banks, lowered cut-offs, flood quarantine raised by a burst of unrelated clips that all match one
 * bank hash, and its confirm/release through the console service with the audit log.
 *
 * Other files share the database (and may bank the same vectors): every assertion is about this
 * file's own banks, requests and alerts.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadBankMatcher } from '../../activities/copyright/bank-matcher';
import { checkFramesAgainstBanks } from '../../activities/copyright/bank-check';
import { hammingDistance, pdqFromHex } from '../../activities/fingerprint/pdq';
import type { FrameHash } from '../../activities/fingerprint/frame-hashes';
import { importBankHashes, createImportBank } from '../../app/services/hash-banks.server';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { addBankHashes, createHashBank } from '../../db/queries/hash-banks';
import { callerAs, connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';

const PDQ_DIR = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq');
const expected = new Map(
  readFileSync(`${PDQ_DIR}/expected.csv`, 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(','))
    .map(([image, reference, hex]) => [`${image}|${reference}`, pdqFromHex(hex!)] as const),
);
const vector = (image: string, reference = 'cpp-wasm') => {
  const hash = expected.get(`${image}|${reference}`);
  if (!hash) throw new Error(`No ${reference} vector for ${image} in expected.csv.`);
  return hash;
};
const ORIGINAL = vector('bridge-mods/aaa-orig.jpg');
const NEAR_COPY = vector('bridge-mods/sharpen-a-lot.jpg');
const UNRELATED = vector('reg-test-input/labelme-subset/q0003.jpg', 'python');

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const tag = () => randomUUID().slice(0, 8);

async function entity(rule: 'allow' | 'review' | 'block' | null) {
  return upsertCopyrightEntity(ctx.db, {
    name: `Bank Test Character ${tag()}`, kind: 'character', aliases: [], owner: 'Test Studios', territories: ['worldwide'], rule, conditions: null,
    publicDomain: false, source: 'test', licence: 'test', sourceDate: null, demo: true, enforcement: 'live',
  });
}

async function bank(kind: 'positive' | 'negative', hashes: Uint8Array[], options: { entityId?: string | null; rule?: 'allow' | 'review' | 'block' | null; cutoff?: number } = {}) {
  const id = await createHashBank(ctx.db, {
    name: `test ${kind} bank ${tag()}`, kind, owner: 'Test Studios', entityId: options.entityId ?? null, rule: options.rule ?? (kind === 'positive' && !options.entityId ? 'block' : null),
    cutoff: options.cutoff ?? 31, source: 'import',
  });
  await addBankHashes(ctx.db, id, hashes.map((hash) => ({ hash })));
  return id;
}

async function request() {
  const creator = await createCreator(ctx.db);
  const id = randomUUID();
  await ctx.db.insertInto('generation_requests').values({
    id, creator_id: creator.id, prompt: 'bank test', prompt_sha256: 'x', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'moderating',
  }).execute();
  return id;
}

const frame = (hash: Uint8Array, frameIndex = 0): FrameHash => ({ frameIndex, region: 'full', hash, quality: 100 });

/** A hash `bits` bits away from `hash` (the first bits flipped). */
function flipped(hash: Uint8Array, bits: number, from = 0): Uint8Array {
  const copy = new Uint8Array(hash);
  for (let b = from; b < from + bits; b++) copy[b >> 3]! ^= 1 << (b & 7);
  return copy;
}

it('finds a near copy within the bank\'s cut-off, not an unrelated photo, and not beyond a lowered cut-off', async () => {
  const distance = hammingDistance(ORIGINAL, NEAR_COPY);
  expect(distance).toBeGreaterThan(0);
  expect(distance).toBeLessThanOrEqual(31);
  expect(hammingDistance(ORIGINAL, UNRELATED)).toBeGreaterThan(31);
  const bankId = await bank('positive', [ORIGINAL], { entityId: await entity('block') });

  const mine = (hits: { bankId: string }[]) => hits.filter((hit) => hit.bankId === bankId);
  const matcher = await loadBankMatcher(ctx.db);
  expect(mine(matcher.match(NEAR_COPY))).toEqual([expect.objectContaining({ bankKind: 'positive', distance, quarantined: false })]);
  expect(mine(matcher.match(UNRELATED))).toEqual([]);

  // The cut-off is the bank's own: lowered below the copy's distance, the matcher reloads and no longer finds it.
  await callerAs(ctx, await createStaff(ctx.db, 'legal')).hashBanks.setCutoff({ bankId, cutoff: distance - 1 });
  expect(mine((await loadBankMatcher(ctx.db)).match(NEAR_COPY))).toEqual([]);
  expect(mine((await loadBankMatcher(ctx.db)).match(ORIGINAL))).toEqual([expect.objectContaining({ distance: 0 })]);
});

it('a clip frame matching a positive bank blocks per the entity\'s rule, and a negative bank hit on the same frame cancels it', async () => {
  const hash = flipped(UNRELATED, 0, 0); // a copy of an unrelated photo: its own bank, so other tests' banks of ORIGINAL do not interfere
  const positive = await bank('positive', [hash], { entityId: await entity('block') });
  const requestId = await request();
  const blocked = await checkFramesAgainstBanks(ctx.db, { requestId, videoId: null, frames: [frame(flipped(hash, 5, 100), 3)] });
  expect(blocked.verdict).toBe('block');
  expect(blocked.reasons.some((reason) => reason.startsWith('Frame 3 (full) matches "Bank Test Character') && reason.includes('at distance 5 (cut-off 31)'))).toBe(true);
  const rows = await ctx.db.selectFrom('copyright_matches').selectAll().where('request_id', '=', requestId).execute();
  expect(rows).toEqual([expect.objectContaining({ bank_id: positive, action: 'blocked', distance: 5, frame_index: 3, source: 'pipeline' })]);
  // A retry records nothing twice.
  const again = await checkFramesAgainstBanks(ctx.db, { requestId, videoId: null, frames: [frame(flipped(hash, 5, 100), 3)] });
  expect(again.matchIds).toEqual(blocked.matchIds);

  const negative = await bank('negative', [flipped(hash, 2, 200)]);
  const licensed = await request();
  const cancelled = await checkFramesAgainstBanks(ctx.db, { requestId: licensed, videoId: null, frames: [frame(hash, 0)] });
  expect(cancelled.verdict).toBe('allow');
  const licensedRows = await ctx.db.selectFrom('copyright_matches').select(['bank_id', 'action']).where('request_id', '=', licensed).execute();
  expect(licensedRows).toEqual([{ bank_id: positive, action: 'cancelled' }]);
  expect(negative).not.toBe(positive);

  // A bank switched off is ignored at once (the matcher reloads; the database is re-checked before acting).
  await ctx.db.updateTable('hash_banks').set({ enabled: false, updated_at: new Date() }).where('id', 'in', [positive, negative]).execute();
  const off = await checkFramesAgainstBanks(ctx.db, { requestId: await request(), videoId: null, frames: [frame(hash, 0)] });
  expect(off).toMatchObject({ verdict: 'allow', matchIds: [] });
});

it('a bank hash that starts matching a burst of unrelated clips is quarantined, its matches held and an alert raised; legal confirms or releases it, audited', async () => {
  // A watermark-like hash that every clip of the burst shows in one frame, beside frames of its own.
  const watermark = flipped(NEAR_COPY, 40, 50);
  const bankId = await bank('positive', [watermark], { entityId: await entity('block') });
  const bankHash = await ctx.db.selectFrom('bank_hashes').select('id').where('bank_id', '=', bankId).executeTakeFirstOrThrow();
  const rule = { windowSeconds: 3600, minRecentMatches: 5, baselineSeconds: 7 * 86400, rateMultiple: 10 };

  const verdicts: string[] = [];
  const requests: string[] = [];
  for (let i = 0; i < 8; i++) {
    const requestId = await request();
    requests.push(requestId);
    const unrelated = new Uint8Array(32).map((_, b) => (b * 37 + i * 101) & 0xff);
    const result = await checkFramesAgainstBanks(ctx.db, { requestId, videoId: null, frames: [frame(unrelated, 0), frame(flipped(watermark, 3 + (i % 4), 120), 1)], flood: rule });
    verdicts.push(result.verdict);
  }
  // The first four acted; the fifth reached the flood (5 in the hour, none before): it and later ones are held.
  expect(verdicts).toEqual(['block', 'block', 'block', 'block', 'allow', 'allow', 'allow', 'allow']);
  const actions = await ctx.db.selectFrom('copyright_matches').select(['request_id', 'action']).where('bank_id', '=', bankId).execute();
  expect(requests.map((id) => actions.find((row) => row.request_id === id)?.action)).toEqual(['blocked', 'blocked', 'blocked', 'blocked', 'held', 'held', 'held', 'held']);
  expect((await ctx.db.selectFrom('bank_hashes').select('state').where('id', '=', bankHash.id).executeTakeFirstOrThrow()).state).toBe('quarantined');

  const legal = await createStaff(ctx.db, 'legal');
  const { alerts } = await callerAs(ctx, legal).hashBanks.list();
  const alert = alerts.find((a) => a.bankId === bankId);
  expect(alert).toMatchObject({ recentMatches: 5, baselineMatches: 0, heldMatches: 4, windowSeconds: 3600 });

  // A reviewer may not decide it; legal confirms: the hash acts again, the held matches are listed for action.
  await expect(callerAs(ctx, await createStaff(ctx.db, 'reviewer')).hashBanks.decideFloodAlert({ alertId: alert!.id, decision: 'release', note: 'no' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  const confirmed = await callerAs(ctx, legal).hashBanks.decideFloodAlert({ alertId: alert!.id, decision: 'confirm', note: 'the burst was real infringement' });
  expect(confirmed.heldMatches.map((m) => m.requestId).sort()).toEqual(requests.slice(4).sort());
  expect((await ctx.db.selectFrom('bank_hashes').select('state').where('id', '=', bankHash.id).executeTakeFirstOrThrow()).state).toBe('active');
  await expect(callerAs(ctx, legal).hashBanks.decideFloodAlert({ alertId: alert!.id, decision: 'release', note: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id']).where('subject_id', '=', alert!.id).execute();
  expect(audit).toEqual([{ action: 'copyright.flood.confirm', actor_staff_id: legal.id }]);

  // Quarantined again by the next burst (the rule counts every pipeline match of the hour), then released: disabled, held matches cancelled.
  const next = await request();
  const held = await checkFramesAgainstBanks(ctx.db, { requestId: next, videoId: null, frames: [frame(watermark, 0)], flood: rule });
  expect(held.verdict).toBe('allow');
  const second = (await callerAs(ctx, legal).hashBanks.list()).alerts.find((a) => a.bankId === bankId)!;
  await callerAs(ctx, legal).hashBanks.decideFloodAlert({ alertId: second.id, decision: 'release', note: 'a generic frame, not the character' });
  expect((await ctx.db.selectFrom('bank_hashes').select('state').where('id', '=', bankHash.id).executeTakeFirstOrThrow()).state).toBe('disabled');
  const after = await ctx.db.selectFrom('copyright_matches').select(['request_id', 'action']).where('bank_id', '=', bankId).where('action', '=', 'held').execute();
  expect(after).toEqual([]);
  expect((await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', second.id).execute()).map((r) => r.action)).toEqual(['copyright.flood.release']);
  // Released: the hash no longer matches at all.
  const gone = await checkFramesAgainstBanks(ctx.db, { requestId: await request(), videoId: null, frames: [frame(watermark, 0)], flood: rule });
  expect(gone).toMatchObject({ verdict: 'allow', matchIds: [] });
});

it('imports a hash list whole or refuses it naming every bad line; roles and audit', async () => {
  const legal = await createStaff(ctx.db, 'legal');
  const staff = { id: legal.id, email: legal.email, role: legal.role };
  await expect(createImportBank(ctx.db, staff, { name: `no rule ${tag()}`, kind: 'positive', owner: 'Test Studios' })).rejects.toThrow(/needs its own rule/);
  const { bankId } = await createImportBank(ctx.db, staff, { name: `imported ${tag()}`, kind: 'positive', owner: 'Test Studios', rule: 'review', cutoff: 20 });
  const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
  const bad = `hash,quality,note\n${hex(ORIGINAL)},90,orig\nnot-a-hash,10,\n${hex(NEAR_COPY)},101,\n${hex(ORIGINAL)},,dup\n`;
  await expect(importBankHashes(ctx.db, staff, { bankId, fileName: 'list.csv', text: bad })).rejects.toThrow(
    /^Nothing was imported from list\.csv: Line 3: the hash must be 64 hex digits \(a PDQ hash\)\. Line 4: quality must be a whole number from 0 to 100\. Line 5: the same hash as line 2; list each hash once\./,
  );
  expect(await ctx.db.selectFrom('bank_hashes').select('id').where('bank_id', '=', bankId).execute()).toHaveLength(0);

  const good = `hash,quality,note\n${hex(ORIGINAL)},90,orig\n${hex(UNRELATED)},,\n`;
  expect(await importBankHashes(ctx.db, staff, { bankId, fileName: 'list.csv', text: good })).toEqual({ rows: 2, added: 2, alreadyInBank: 0 });
  const json = JSON.stringify([{ hash: hex(ORIGINAL) }, hex(NEAR_COPY)]);
  expect(await importBankHashes(ctx.db, staff, { bankId, fileName: 'list.json', text: json })).toEqual({ rows: 2, added: 1, alreadyInBank: 1 });
  await expect(importBankHashes(ctx.db, staff, { bankId, fileName: 'list.json', text: '[{"hash": 5}]' })).rejects.toThrow(/Entry 1:/);
  expect((await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', bankId).orderBy('id').execute()).map((r) => r.action))
    .toEqual(['copyright.bank.create', 'copyright.bank.import', 'copyright.bank.import']);

  const reviewer = await createStaff(ctx.db, 'reviewer');
  await expect(callerAs(ctx, reviewer).hashBanks.importHashes({ bankId, fileName: 'x.csv', text: good })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, reviewer).hashBanks.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  const auditor = await createStaff(ctx.db, 'auditor');
  const seen = await callerAs(ctx, auditor).hashBanks.list();
  expect(seen.banks.find((b) => b.id === bankId)).toMatchObject({ hashCount: 3, enabled: false, rule: 'review', cutoff: 20, source: 'import' });
  await expect(callerAs(ctx, auditor).hashBanks.setEnabled({ bankId, enabled: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, legal).hashBanks.setCutoff({ bankId, cutoff: 40 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
});

it('an admin sets the deployment\'s flood rule (audited), which the bank check then uses; legal may not', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  const legal = await createStaff(ctx.db, 'legal');
  const strict = { windowSeconds: 3600, minRecentMatches: 2, baselineSeconds: 86400, rateMultiple: 5 };
  await expect(callerAs(ctx, legal).hashBanks.setFloodRule(strict)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, admin).hashBanks.setFloodRule({ ...strict, windowSeconds: 5 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  try {
    await callerAs(ctx, admin).hashBanks.setFloodRule(strict);
    expect((await callerAs(ctx, legal).hashBanks.list()).floodRule).toEqual(strict);
    const hash = new Uint8Array(32).map((_, b) => (b * 91 + 17) & 0xff);
    const bankId = await bank('positive', [hash], { rule: 'review' });
    const first = await checkFramesAgainstBanks(ctx.db, { requestId: await request(), videoId: null, frames: [frame(hash)] });
    const second = await checkFramesAgainstBanks(ctx.db, { requestId: await request(), videoId: null, frames: [frame(hash)] });
    expect([first.verdict, second.verdict]).toEqual(['review', 'allow']);
    expect((await callerAs(ctx, legal).hashBanks.list()).alerts.filter((a) => a.bankId === bankId)).toHaveLength(1);
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'after']).where('subject_id', '=', 'copyright_flood').where('actor_staff_id', '=', admin.id).execute();
    expect(audit).toEqual([{ action: 'copyright.flood.rule', after: strict }]);
  } finally {
    // Other tests in the shared database expect the defaults.
    await ctx.db.deleteFrom('app_meta').where('key', '=', 'copyright_flood').execute();
  }
});

it('switching an imported bank on starts a rescan of the published videos against it', async () => {
  const legal = await createStaff(ctx.db, 'legal');
  const { bankId } = await callerAs(ctx, legal).hashBanks.create({ name: `rescan on enable ${tag()}`, kind: 'negative', owner: 'Licensing team' });
  const { rescanId } = await callerAs(ctx, legal).hashBanks.setEnabled({ bankId, enabled: true });
  expect(rescanId).not.toBeNull();
  await expect.poll(async () => (await ctx.db.selectFrom('copyright_rescans').select('bank_id').where('id', '=', rescanId!).executeTakeFirst())?.bank_id, { timeout: 60_000 }).toBe(bankId);
  // Already on: nothing changes, no second rescan.
  expect(await callerAs(ctx, legal).hashBanks.setEnabled({ bankId, enabled: true })).toEqual({ rescanId: null });
  expect((await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', bankId).orderBy('id').execute()).map((r) => r.action))
    .toEqual(['copyright.bank.create', 'copyright.bank.enable']);
}, 90_000);
