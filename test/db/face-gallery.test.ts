/**
 * The face gallery on real PostgreSQL and the real biometric store: a lookup finds the enrolled
 * cameo (once, at its best distance) and protected person, never a video's keyframe faces; a new
 * enrolment is found on the next lookup; a deleted cameo or deleted rows never match again; a row
 * committed out of id order is found once the reconciliation interval has passed.
 *
 * Embeddings are synthetic (test/support/clustered-embeddings.ts): the gallery's logic does not
 * depend on real faces, and other test files' real faces are far from these in any case.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { deleteFaceEmbeddingsOf, storeFaceEmbeddings, type BiometricSubject } from '../../db/biometrics/face-embeddings';
import { biometricKeyFromConfig } from '../../db/biometrics/key';
import { FACE_GALLERY_RECONCILE_MS, forgetFaceGallery, lookupFaces } from '../../activities/faces/face-gallery';
import { cosineDistance } from '../../policies/faces';
import { clusteredGallery } from '../support/clustered-embeddings';
import { connectTestContext, createCameo, createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
// The stack's own key (the test stack's data folder), so rows other test files stored open too.
const biometricKey = biometricKeyFromConfig({ LOUPE_BIOMETRIC_KEY: undefined, dataDir: inject('stack').dataDir, NODE_ENV: 'test' });
const deps = () => ({ db: ctx.db, biometricKey });
const faces = clusteredGallery({ count: 40, seed: 77 });
/** The synthetic samples of one identity (1..3), and a fresh face of it. */
const identity = (n: number) => ({ samples: faces.entries.filter((entry) => entry.identity === n).map((entry) => entry.embedding), fresh: () => faces.freshSample(n) });

const stored: BiometricSubject[] = [];
async function store(subject: BiometricSubject, embeddings: Float32Array[], source = 'enrolment') {
  stored.push(subject);
  return storeFaceEmbeddings(ctx.db, biometricKey, embeddings.map((embedding) => ({ subject, source, sourceId: null, embedding, modelLabel: 'synthetic' })));
}
async function newCameo() {
  const owner = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  return { kind: 'cameo' as const, id: cameo.id };
}
async function newProtectedPerson() {
  const row = await ctx.db.insertInto('public_figures').values({ name: `Gallery Testperson ${randomUUID().slice(0, 8)}`, living: true }).returning('id').executeTakeFirstOrThrow();
  return { kind: 'protected_person' as const, id: row.id };
}
const matchesOf = (matches: { subject: { id: string } }[], subject: { id: string }) => matches.filter((match) => match.subject.id === subject.id);

beforeAll(async () => {
  ctx = await connectTestContext();
});
beforeEach(() => forgetFaceGallery());
afterAll(async () => {
  for (const subject of stored) await deleteFaceEmbeddingsOf(ctx.db, subject);
  await ctx.close();
});

it('finds the enrolled cameo once at its best distance and the protected person, never a video', async () => {
  const cameo = await newCameo();
  const person = await newProtectedPerson();
  const video = { kind: 'video' as const, id: randomUUID() };
  const a = identity(0);
  const p = identity(1);
  expect(a.samples.length).toBeGreaterThan(1);
  await store(cameo, a.samples);
  await store(person, p.samples, 'reference_image');
  const query = a.fresh();
  // The very face looked up, stored under a video: distance 0, yet no match (videos are searched only by complaints).
  await store(video, [query], 'keyframe');

  const matches = await lookupFaces(deps(), query, 5);
  expect(matches[0]!.subject).toEqual(cameo);
  expect(matchesOf(matches, cameo)).toHaveLength(1);
  expect(matchesOf(matches, video)).toEqual([]);
  const best = Math.min(...a.samples.map((sample) => cosineDistance(sample, query)));
  expect(Math.abs(matches[0]!.distance - best)).toBeLessThan(1e-5);
  expect(matches.map((match) => match.distance)).toEqual([...matches.map((match) => match.distance)].sort((x, y) => x - y));

  const forPerson = await lookupFaces(deps(), p.fresh(), 1);
  expect(forPerson).toEqual([{ subject: person, distance: expect.any(Number) }]);
});

it('finds a cameo enrolled after the gallery loaded on the next lookup, and forgets deleted cameos and deleted rows at once', async () => {
  const first = await newCameo();
  await store(first, identity(2).samples);
  // The gallery loads here, before the next cameo exists.
  expect((await lookupFaces(deps(), identity(2).fresh(), 1))[0]!.subject).toEqual(first);
  const b = identity(3);

  const later = await newCameo();
  await store(later, b.samples);
  expect((await lookupFaces(deps(), b.fresh(), 1))[0]!.subject).toEqual(later);

  await ctx.db.updateTable('cameos').set({ deleted_at: new Date() }).where('id', '=', later.id).execute();
  expect(matchesOf(await lookupFaces(deps(), b.fresh(), 10), later)).toEqual([]);

  const c = identity(4);
  const third = await newCameo();
  await store(third, c.samples);
  expect((await lookupFaces(deps(), c.fresh(), 1))[0]!.subject).toEqual(third);
  expect(await deleteFaceEmbeddingsOf(ctx.db, third)).toBe(c.samples.length);
  const after = await lookupFaces(deps(), c.fresh(), 10);
  expect(matchesOf(after, third)).toEqual([]);
  // The deleted faces' places went to the next live faces: still as many matches as asked for, if the store holds them.
  expect(after.length).toBeGreaterThan(0);
});

it('finds a row committed after a later id once the reconciliation interval has passed', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    const early = await newCameo();
    const late = await newCameo();
    const e = identity(5);
    stored.push(early);
    // The early row takes its id inside an open transaction; the later row commits first and is seen.
    let releaseEarly!: () => void;
    const earlyHeld = new Promise<void>((resolve) => { releaseEarly = resolve; });
    let earlyIdTaken!: () => void;
    const earlyHasId = new Promise<void>((resolve) => { earlyIdTaken = resolve; });
    const earlyCommit = ctx.db.transaction().execute(async (trx) => {
      await storeFaceEmbeddings(trx, biometricKey, e.samples.map((embedding) => ({ subject: early, source: 'enrolment', sourceId: null, embedding, modelLabel: 'synthetic' })));
      earlyIdTaken();
      await earlyHeld;
    });
    await earlyHasId;
    await store(late, identity(6).samples);
    expect((await lookupFaces(deps(), identity(6).fresh(), 1))[0]!.subject).toEqual(late);
    releaseEarly();
    await earlyCommit;

    // Below the highest id seen: the refresh by id skips it...
    expect(matchesOf(await lookupFaces(deps(), e.fresh(), 10), early)).toEqual([]);
    // ...until the reconciliation finds it.
    vi.setSystemTime(Date.now() + FACE_GALLERY_RECONCILE_MS + 1);
    expect((await lookupFaces(deps(), e.fresh(), 1))[0]!.subject).toEqual(early);
  } finally {
    vi.useRealTimers();
  }
});

it('refuses an embedding of another length', async () => {
  await expect(lookupFaces(deps(), new Float32Array(512).fill(0.1))).rejects.toThrow(/512 values cannot be looked up/);
});
