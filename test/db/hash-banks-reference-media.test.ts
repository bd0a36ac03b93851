/**
 * A claim's reference media hashed into its bank (hashReferenceMediaIntoBank, media task queue):
 * a photo and a clip from Meta's PDQ/TMK test data (shared testdata, BSD licence) go into one bank
 * per (claim, entity), every hash strong enough to match on, and a retry adds nothing. Edited copies
 * (the photo sharpened, the clip under a large logo) then match the bank; an unrelated clip does not.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { checkFramesAgainstBanks } from '../../activities/copyright/bank-check';
import { copyrightBankActivities } from '../../activities/copyright/bank-activities';
import type { ActivityDeps } from '../../activities/deps';
import { fingerprintImage } from '../../activities/fingerprint/image';
import { PDQ_MIN_QUALITY } from '../../activities/fingerprint/pdq';
import { fingerprintVideo } from '../../activities/fingerprint/video';
import { sha256OfFile } from '../../activities/media/content-hash';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { connectTestContext, createCreator, type TestContext } from '../support/fixtures';

const PDQ = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq');
let ctx: TestContext;
let workDir: string;
beforeAll(async () => {
  ctx = await connectTestContext();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-reference-media-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  await ctx.close();
});

/** Copies a test file into the media store (putFile may move its source) and answers its key. */
async function stored(file: string, folder: string): Promise<string> {
  const copy = path.join(workDir, `${randomUUID()}${path.extname(file)}`);
  await copyFile(file, copy);
  const key = `${folder}/${await sha256OfFile(copy)}${path.extname(file)}`;
  await ctx.media.putFile(key, copy);
  return key;
}

async function request() {
  const creator = await createCreator(ctx.db);
  const id = randomUUID();
  await ctx.db.insertInto('generation_requests').values({
    id, creator_id: creator.id, prompt: 'reference media test', prompt_sha256: 'x', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'moderating',
  }).execute();
  return id;
}

it('hashes a reference photo and clip into one bank per claim and entity, idempotently, and edited copies match it', async () => {
  const entityId = await upsertCopyrightEntity(ctx.db, {
    name: `Reference Media Work ${randomUUID().slice(0, 8)}`, kind: 'work', aliases: [], owner: 'Bridge Films', territories: ['worldwide'], rule: 'review',
    conditions: null, publicDomain: false, source: 'test', licence: 'test', sourceDate: null, demo: true, enforcement: 'live',
  });
  const claimId = randomUUID();
  const files = [
    { storageKey: await stored(`${PDQ}/images/bridge-mods/aaa-orig.jpg`, 'references'), mimeType: 'image/jpeg' },
    { storageKey: await stored(`${PDQ}/videos/chair-orig-22-sd-bar.mp4`, 'references'), mimeType: 'video/mp4' },
  ];
  const activities = copyrightBankActivities({ db: ctx.db, media: ctx.media, workDir } as unknown as ActivityDeps);
  const input = { bankName: `claim ${claimId.slice(0, 8)} reference`, owner: 'Bridge Films', entityId, claimId, files };
  const first = (await new MockActivityEnvironment().run(activities.hashReferenceMediaIntoBank, input)) as { bankId: string; hashes: number };
  expect(first.hashes).toBeGreaterThan(5);
  const again = (await new MockActivityEnvironment().run(activities.hashReferenceMediaIntoBank, input)) as { bankId: string; hashes: number };
  expect(again).toEqual(first);

  const bank = await ctx.db.selectFrom('hash_banks').selectAll().where('id', '=', first.bankId).executeTakeFirstOrThrow();
  expect(bank).toMatchObject({ kind: 'positive', source: 'reference_media', entity_id: entityId, claim_id: claimId, rule: null, cutoff: 31, enabled: true, owner: 'Bridge Films' });
  const hashes = await ctx.db.selectFrom('bank_hashes').select(['quality', 'media_sha256', 'region']).where('bank_id', '=', first.bankId).execute();
  expect(hashes.every((h) => h.quality! >= PDQ_MIN_QUALITY && h.media_sha256 !== null && h.region !== null)).toBe(true);
  expect(new Set(hashes.map((h) => h.media_sha256)).size).toBe(2);

  const mine = async (frames: Awaited<ReturnType<typeof fingerprintVideo>>['frames']) => {
    const requestId = await request();
    await checkFramesAgainstBanks(ctx.db, { requestId, videoId: null, frames });
    return ctx.db.selectFrom('copyright_matches').select(['bank_id', 'action']).where('request_id', '=', requestId).where('bank_id', '=', first.bankId).execute();
  };
  // One row per bank hash matched (the photo's trims and regions): every one queued, as the work's rule asks.
  const photo = await mine((await fingerprintImage(`${PDQ}/images/bridge-mods/sharpen-a-lot.jpg`)).frames);
  expect(photo.length).toBeGreaterThan(0);
  expect(photo.every((m) => m.action === 'queued')).toBe(true);
  expect((await mine((await fingerprintVideo(`${PDQ}/videos/chair-22-with-large-logo-bar.mp4`)).frames)).length).toBeGreaterThan(0);
  expect(await mine((await fingerprintVideo(`${PDQ}/videos/doorknob-hd-no-bar.mp4`)).frames)).toEqual([]);

  // Another claim's bank asking for a name already taken gets its claim id in its name instead of failing.
  const otherClaim = randomUUID();
  const renamed = (await new MockActivityEnvironment().run(activities.hashReferenceMediaIntoBank, { ...input, claimId: otherClaim, files: files.slice(0, 1) })) as { bankId: string };
  expect(renamed.bankId).not.toBe(first.bankId);
  expect((await ctx.db.selectFrom('hash_banks').select('name').where('id', '=', renamed.bankId).executeTakeFirstOrThrow()).name).toBe(`${input.bankName} (claim ${otherClaim.slice(0, 8)})`);

  // Not an image or a video: refused without retrying.
  const text = await stored(`${PDQ}/README.md`, 'references');
  await expect(new MockActivityEnvironment().run(activities.hashReferenceMediaIntoBank, { ...input, claimId: randomUUID(), bankName: `bad ${randomUUID()}`, files: [{ storageKey: text, mimeType: 'text/markdown' }] }))
    .rejects.toMatchObject({ type: 'UnsupportedMedia', nonRetryable: true });
}, 120_000);

it('the pipeline\'s bank check keeps the draft\'s frame hashes as its fingerprint, once, so a rescan reads them instead of the file', async () => {
  const requestId = await request();
  const creator = await ctx.db.selectFrom('generation_requests').select('creator_id').where('id', '=', requestId).executeTakeFirstOrThrow();
  const videoId = randomUUID();
  await ctx.db.insertInto('videos').values({
    id: videoId, request_id: requestId, creator_id: creator.creator_id, storage_key: await stored(`${PDQ}/videos/doorknob-hd-no-bar.mp4`, 'videos'),
    sha256: randomUUID().replaceAll('-', ''), byte_size: 1000, duration_seconds: 2, width: 360, height: 640,
    generator: JSON.stringify({ id: 'test', name: 'test', version: '1' }), status: 'draft',
  }).execute();
  const activities = copyrightBankActivities({ db: ctx.db, media: ctx.media, workDir } as unknown as ActivityDeps);
  const savedHashes = () => ctx.db.selectFrom('video_fingerprints').select(['frame_index', 'region']).where('video_id', '=', videoId).execute();
  expect(await savedHashes()).toEqual([]);
  await new MockActivityEnvironment().run(activities.checkClipAgainstBanks, { requestId });
  const first = await savedHashes();
  expect(first.length).toBe((await fingerprintVideo(`${PDQ}/videos/doorknob-hd-no-bar.mp4`)).frames.length);
  // A retried activity adds nothing twice.
  await new MockActivityEnvironment().run(activities.checkClipAgainstBanks, { requestId });
  expect(await savedHashes()).toHaveLength(first.length);
}, 60_000);
