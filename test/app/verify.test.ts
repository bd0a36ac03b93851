/**
 * POST /api/verify and /verify as a visitor sees them, against real Loupe videos from the real
 * pipeline: a Loupe video reads Trusted; bytes changed in the media data fail with a hash
 * mismatch; copies stripped of metadata (re-muxed, re-encoded) have no manifest but are recognised
 * by fingerprint; a remix names its parent as an inputTo ingredient; an unrelated video matches
 * nothing; a signer outside the anchors is untrusted; bad uploads get clear errors.
 */
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { signClip } from '../../activities/provenance/sign-clip';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { createCreator, submit, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

const UNRELATED = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/videos/pattern-sd-grey-bar.mp4');

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));
let tmp: string;
let original: { videoId: string; file: string };
let remix: { videoId: string; file: string };

async function publish(prompt: string, remixOfVideoId?: string) {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt, durationSeconds: 4, remixOfVideoId });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  expect(result.status).toBe('published');
  const video = await ctx.db.selectFrom('videos').select('storage_key').where('id', '=', result.videoId!).executeTakeFirstOrThrow();
  return { videoId: result.videoId!, file: path.join(inject('stack').mediaDir, video.storage_key) };
}

async function verifyFile(filePath: string, name = 'clip.mp4') {
  const form = new FormData();
  form.append('file', await openAsBlob(filePath), name);
  const response = await fetch(`${server.url}/api/verify`, { method: 'POST', body: form });
  // The answer is read loosely, field by field: each assertion states the shape it expects of /api/verify.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** The byte range of the first top-level box of `type` (ISO BMFF). */
async function findBox(filePath: string, type: string): Promise<{ offset: number; size: number }> {
  const bytes = await fs.readFile(filePath);
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(offset);
    if (bytes.toString('latin1', offset + 4, offset + 8) === type) return { offset, size };
    if (size < 8) break;
    offset += size;
  }
  throw new Error(`no ${type} box in ${filePath}`);
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-verify-test-'));
  original = await publish('A hot air balloon festival over green hills at sunrise');
  remix = await publish('The balloons drifting over a snowy mountain range', original.videoId);
}, 300_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

it('verifies a Loupe video as Trusted, with its actions, signer and itself as the fingerprint match', async () => {
  const { status, body } = await verifyFile(original.file);
  expect(status).toBe(200);
  expect(body).toMatchObject({ manifestPresent: true, validationState: 'Trusted', verdict: 'loupe_trusted' });
  expect(body.signer.commonName).toMatch(/Loupe/);
  expect(body.actions.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['c2pa.created', 'c2pa.edited']));
  expect(body.actions[0].digitalSourceType).toMatch(/trainedAlgorithmicMedia$/);
  expect(body.validationCodes.map((c: { code: string }) => c.code)).toContain('signingCredential.trusted');
  expect(body.fingerprintMatch).toMatchObject({ videoId: original.videoId });
  expect(body.summary).toMatch(/Intact and trusted/);
  expect(body.loupe).toMatchObject({ requestId: expect.any(String), policyVersion: expect.any(String), moderationOutcomeId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
});

it('verifies by Loupe video id as well', async () => {
  const response = await fetch(`${server.url}/api/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ videoId: original.videoId }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ validationState: 'Trusted', fingerprintMatch: { videoId: original.videoId } });
});

it('reports bytes changed in the media data as Invalid with a hash mismatch, in plain words', async () => {
  const altered = path.join(tmp, 'altered.mp4');
  await fs.copyFile(original.file, altered);
  const mdat = await findBox(altered, 'mdat');
  const handle = await fs.open(altered, 'r+');
  await handle.write(Buffer.from('LOUPE-TAMPERED!!'), 0, 16, mdat.offset + Math.floor(mdat.size / 2));
  await handle.close();
  const { status, body } = await verifyFile(altered);
  expect(status).toBe(200);
  expect(body.validationState).toBe('Invalid');
  const failure = body.validationCodes.find((c: { kind: string }) => c.kind === 'failure');
  expect(failure.code).toBe('assertion.bmffHash.mismatch');
  expect(failure.explanation).toMatch(/changed after it was signed/);
  expect(body.verdict).toBe('altered');
});

it.each([
  ['re-muxed without metadata', ['-map_metadata', '-1', '-c', 'copy']],
  ['re-encoded', ['-map_metadata', '-1', '-c:v', 'libx264', '-crf', '30', '-an']],
])('recognises a copy %s: no manifest, but "likely Loupe video X" by fingerprint', async (label, args) => {
  const stripped = path.join(tmp, `${label.replace(/\W+/g, '-')}.mp4`);
  await runFfmpeg(['-i', original.file, ...args, '-y', stripped]);
  const { status, body } = await verifyFile(stripped);
  expect(status).toBe(200);
  expect(body).toMatchObject({ manifestPresent: false, validationState: null, verdict: 'stripped_loupe_copy' });
  expect(body.fingerprintMatch.videoId).toBe(original.videoId);
  expect(body.fingerprintMatch.distance).toBeLessThanOrEqual(31);
  expect(body.summary).toContain(`Likely Loupe video ${original.videoId}`);
});

it('shows a remix\'s parent as an inputTo ingredient that links to the parent video', async () => {
  const { body } = await verifyFile(remix.file);
  expect(body.validationState).toBe('Trusted');
  expect(body.ingredients).toEqual([expect.objectContaining({ relationship: 'inputTo', videoId: original.videoId })]);
  expect(body.fingerprintMatch.videoId).toBe(remix.videoId);
});

it('answers "no manifest, no match" for an unrelated video', async () => {
  const { status, body } = await verifyFile(UNRELATED);
  expect(status).toBe(200);
  expect(body).toMatchObject({ manifestPresent: false, validationState: null, fingerprintMatch: null, verdict: 'unknown_origin' });
  expect(body.summary).toMatch(/No Content Credentials and no match/);
});

it('reports a signer outside the trust anchors as untrusted (Valid, not Trusted)', async () => {
  const stranger = await ensureDevCa(path.join(tmp, 'stranger-ca'));
  const unsigned = path.join(tmp, 'unsigned.mp4');
  await runFfmpeg(['-i', original.file, '-map_metadata', '-1', '-c', 'copy', '-y', unsigned]);
  const signed = path.join(tmp, 'stranger-signed.mp4');
  await signClip({
    inputPath: unsigned,
    outputPath: signed,
    material: stranger,
    title: 'Signed by someone else',
    generator: { name: 'elsewhere', version: '1' },
    loupe: { requestId: 'none', policyVersion: 'none', promptSha256: 'none' },
  });
  const { body } = await verifyFile(signed);
  expect(body.validationState).toBe('Valid');
  expect(body.validationCodes.map((c: { code: string }) => c.code)).toContain('signingCredential.untrusted');
  expect(body.verdict).toBe('valid_untrusted');
});

describe('bad requests get clear errors and the server keeps working', () => {
  it('refuses an oversized upload with 413', async () => {
    const big = path.join(tmp, 'big.mp4');
    const handle = await fs.open(big, 'w');
    await handle.truncate(51 * 1024 * 1024);
    await handle.close();
    const { status, body } = await verifyFile(big);
    expect(status).toBe(413);
    expect(body.error.message).toMatch(/too large/);
  });

  it('refuses a file that is not a video with 415', async () => {
    const garbage = path.join(tmp, 'garbage.mp4');
    await fs.writeFile(garbage, randomBytes(200_000));
    const { status, body } = await verifyFile(garbage);
    expect(status).toBe(415);
    expect(body.error.message).toMatch(/not an MP4 or MOV/);
  });

  it('refuses a truncated video with 400', async () => {
    const truncated = path.join(tmp, 'truncated.mp4');
    const bytes = await fs.readFile(original.file);
    await fs.writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const { status, body } = await verifyFile(truncated);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/damaged or truncated/);
  });

  it('refuses a request without a file or id, and a non-form body', async () => {
    const empty = await fetch(`${server.url}/api/verify`, { method: 'POST', body: new FormData() });
    expect(empty.status).toBe(400);
    const text = await fetch(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    const badId = await fetch(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"videoId": "nope"}' });
    expect(badId.status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  // Last in the file: it spends this address's allowance (20 checks per 10 minutes).
  it('rate-limits a client that keeps asking, with Retry-After', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 25 && !limited; i++) {
      const response = await fetch(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited!.json()) as { error: { message: string } }).error.message).toMatch(/Too many checks/);
  });

  it('serves the /verify page in plain words', async () => {
    const html = await (await fetch(`${server.url}/verify`)).text();
    expect(html).toContain('Verify a video');
    expect(html).toContain('up to 50 MB');
  });
});
