/**
 * POST /api/verify with files Loupe did not make (../shared/testdata/c2pa/, right answers in its
 * README) and hostile ones, as a visitor sends them:
 * - a C2PA box the reader cannot resolve reads "present, Invalid" with a sentence, not "no credentials";
 * - a fragmented-MP4 init segment gets its manifest checked (bmffHash mismatch) with "no frames to
 *   fingerprint" as a separate fact; a media segment alone is a clear 415;
 * - broken containers (generated: nesting, sizes beyond the end, sizes under the header) are 400s
 *   with Loupe's sentence, never 500 or a tool's output;
 * - JPEG, PNG and WebP are checked too, with the same answer shape (fingerprint: PDQ of the image);
 * - a clip whose source image failed its own check shows that ingredient's failure codes.
 */
import { openAsBlob } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { inject } from 'vitest';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { signClip } from '../../activities/provenance/sign-clip';
import { resetVerifyRateLimit } from '../../app/services/verify-upload.server';
import { UNREADABLE_MANIFEST_STORE_CODE } from '../../policies/provenance-status-codes';
import { createCreator, submit, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import { brokenBmff, c2paTestFile, nestedBoxes, topLevelBoxes } from '../support/hostile-media';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));
let tmp: string;

/** Anything a tool prints that must never reach a visitor: memory addresses, tool and library names. */
const RAW_TOOL_OUTPUT = /0x[0-9a-f]{4,}|ffmpeg|ffprobe|libav|C2pa\(|BmffError|Invalid data found|\/tmp\//i;

async function verifyBytes(bytes: Buffer | Blob, name: string) {
  // Every check counts against the caller's allowance (20 per 10 minutes); this file makes more.
  await resetVerifyRateLimit(ctx.db, '127.0.0.1');
  const form = new FormData();
  form.append('file', bytes instanceof Blob ? bytes : new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${server.url}/api/verify`, { method: 'POST', body: form });
  const text = await response.text();
  // The answer is read loosely, field by field: each assertion states the shape it expects of /api/verify.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, text, body: JSON.parse(text) as Record<string, any> };
}

const verifyFile = async (filePath: string) => verifyBytes(await openAsBlob(filePath), path.basename(filePath));
const codesOf = (list: { code: string; kind: string }[], kind = 'failure') => list.filter((c) => c.kind === kind).map((c) => c.code);

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-verify-elsewhere-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('C2PA data the reader cannot resolve', () => {
  it('video1_purpose_retag.mp4: 200, manifest present, Invalid, with a code and a plain sentence', async () => {
    const { status, body } = await verifyFile(c2paTestFile('video1_purpose_retag.mp4'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ manifestPresent: true, validationState: 'Invalid', verdict: 'altered', mediaKind: 'video' });
    const failure = body.validationCodes.find((c: { code: string }) => c.code === UNREADABLE_MANIFEST_STORE_CODE);
    expect(failure.explanation).toMatch(/^A C2PA box is present but no manifest could be read from it/);
    expect(body.details).toContain(failure.explanation);
  });

  it('video1.mp4 itself: Valid, only its signer untrusted', async () => {
    const { status, body } = await verifyFile(c2paTestFile('video1.mp4'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ manifestPresent: true, validationState: 'Valid', verdict: 'valid_untrusted', fingerprintProblem: null });
    expect(new Set(codesOf(body.validationCodes))).toEqual(new Set(['signingCredential.untrusted']));
  });
});

describe('the manifest check does not depend on decoding frames', () => {
  it('dashinit.mp4: 200, present, Invalid with assertion.bmffHash.mismatch, and "no frames to fingerprint" as a fact', async () => {
    const { status, body, text } = await verifyFile(c2paTestFile('dashinit.mp4'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ manifestPresent: true, validationState: 'Invalid', fingerprintFrames: 0, fingerprintMatch: null });
    expect(codesOf(body.validationCodes)).toContain('assertion.bmffHash.mismatch');
    expect(body.fingerprintProblem).toMatch(/no frames to fingerprint/);
    expect(body.details).toContain(body.fingerprintProblem);
    expect(text).not.toMatch(RAW_TOOL_OUTPUT);
  });

  it('dash1.m4s (a media segment alone): a clear 415', async () => {
    const { status, body, text } = await verifyFile(c2paTestFile('dash1.m4s'));
    expect(status).toBe(415);
    expect(body.error.message).toMatch(/single segment of a streamed video/);
    expect(text).not.toMatch(RAW_TOOL_OUTPUT);
  });
});

describe('malformed containers get 400, never 500', () => {
  it('an MP4 whose boxes nest a thousand deep', async () => {
    const { status, body } = await verifyBytes(nestedBoxes(1000), 'deep.mp4');
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/damaged or truncated.*nested more than/);
  });

  it('every generated kind of broken MP4 (sizes beyond the end, under the header, 64-bit, nesting): 400 with Loupe\'s sentence', async () => {
    const video = await fs.readFile(c2paTestFile('video1_no_manifest.mp4'));
    await fc.assert(
      fc.asyncProperty(brokenBmff(video), async ({ file }) => {
        const { status, body, text } = await verifyBytes(file, 'broken.mp4');
        expect(status).toBe(400);
        expect(body.error.message).toMatch(/^The file is damaged or truncated/);
        expect(text).not.toMatch(RAW_TOOL_OUTPUT);
      }),
      { numRuns: 12 },
    );
  });

  it('a video with intact boxes but no decodable frames and no credentials: 400, not "unknown origin"', async () => {
    const video = await fs.readFile(c2paTestFile('video1_no_manifest.mp4'));
    const mdat = topLevelBoxes(video).find((b) => b.type === 'mdat')!;
    // The media data zeroed: the container still walks, nothing decodes.
    const blank = Buffer.from(video);
    const headerSize = video.readUInt32BE(mdat.offset) === 1 ? 16 : 8; // this mdat has a 64-bit size
    blank.fill(0, mdat.offset + headerSize, mdat.offset + mdat.size);
    const { status, body, text } = await verifyBytes(blank, 'blank.mp4');
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/no Content Credentials and none of its frames could be decoded/);
    expect(text).not.toMatch(RAW_TOOL_OUTPUT);
  });
});

describe('images too, with the same answer shape', () => {
  let videoKeys: string[];
  let published: { videoId: string; file: string };
  beforeAll(async () => {
    videoKeys = Object.keys((await verifyFile(c2paTestFile('video1.mp4'))).body).sort();
    const creator = await createCreator(ctx.db);
    const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'A lighthouse on a rocky coast in a storm', durationSeconds: 4 });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result.status).toBe('published');
    const video = await ctx.db.selectFrom('videos').select('storage_key').where('id', '=', result.videoId!).executeTakeFirstOrThrow();
    published = { videoId: result.videoId!, file: path.join(inject('stack').mediaDir, video.storage_key) };
  }, 300_000);

  it.each([
    ['CA.jpg', 'Valid', 'valid_untrusted', ['signingCredential.untrusted']],
    ['XCA.jpg', 'Invalid', 'altered', ['assertion.dataHash.mismatch']],
    ['E-sig-CA.jpg', 'Invalid', 'altered', ['claimSignature.mismatch']],
  ])('%s: %s (%s)', async (name, state, verdict, codes) => {
    const { status, body } = await verifyFile(c2paTestFile(name));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(videoKeys);
    expect(body).toMatchObject({ manifestPresent: true, validationState: state, verdict, mediaKind: 'image', fingerprintProblem: null });
    expect(codesOf(body.validationCodes)).toEqual(expect.arrayContaining(codes));
    expect(body.fingerprintFrames).toBe(1);
  });

  it('no_manifest.jpg: no manifest, fingerprinted as one frame', async () => {
    const { status, body } = await verifyFile(c2paTestFile('no_manifest.jpg'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ manifestPresent: false, validationState: null, mediaKind: 'image', fingerprintFrames: 1, verdict: 'unknown_origin' });
  });

  it.each(['png', 'webp', 'jpg'])('a %s still of a published Loupe video matches that video by its PDQ', async (extension) => {
    const still = path.join(tmp, `still.${extension}`);
    // The frame at 2 s as the fingerprint samples it (1 fps); each frame overwrites the file, the third stays.
    await runFfmpeg(['-y', '-i', published.file, '-vf', 'fps=1', '-frames:v', '3', '-q:v', '2', '-f', 'image2', '-update', '1', still]);
    const { status, body } = await verifyFile(still);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(videoKeys);
    expect(body).toMatchObject({ manifestPresent: false, mediaKind: 'image', verdict: 'stripped_loupe_copy', fingerprintMatch: { videoId: published.videoId } });
  });

  it('a truncated image: 400 with Loupe\'s sentence', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    for (const [bytes, name] of [[png.subarray(0, png.length - 20), 'cut.png'], [(await fs.readFile(c2paTestFile('CA.jpg'))).subarray(0, 90_000), 'cut.jpg']] as const) {
      const { status, body, text } = await verifyBytes(bytes, name);
      expect(status).toBe(400);
      expect(body.error.message).toMatch(/^The file is damaged or truncated/);
      expect(text).not.toMatch(RAW_TOOL_OUTPUT);
    }
  });
});

describe('a file whose ingredient failed validation', () => {
  it.each([
    ['XCA.jpg', 'assertion.dataHash.mismatch'],
    ['E-sig-CA.jpg', 'claimSignature.mismatch'],
  ])('a clip signed with %s as its source image shows %s for that ingredient, not a clean chain', async (image, code) => {
    const ca = await ensureDevCa(path.join(tmp, 'signer-ca'));
    const raw = path.join(tmp, 'raw.mp4');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x288:d=2', '-c:v', 'libx264', '-movflags', '+faststart', raw]);
    const signed = path.join(tmp, `from-${image}.mp4`);
    await signClip({
      inputPath: raw,
      outputPath: signed,
      material: ca,
      title: `Clip from ${image}`,
      generator: { name: 'elsewhere', version: '1' },
      loupe: { requestId: 'none', policyVersion: 'none', promptSha256: 'none' },
      sourceImage: { path: c2paTestFile('no_manifest.jpg'), sha256: 'cd'.repeat(32), mimeType: 'image/jpeg', credentials: { path: c2paTestFile(image), mimeType: 'image/jpeg' } },
    });
    const { status, body } = await verifyFile(signed);
    expect(status).toBe(200);
    // The clip's own signature is intact (its signer is not one of this site's anchors)...
    expect(body.validationState).toBe('Valid');
    // ...but what it was made from failed, and the answer says so.
    expect(body.verdict).toBe('ingredient_failed');
    const ingredient = body.ingredients[0];
    expect(ingredient.validation.state).toBe('Invalid');
    const failure = ingredient.validation.codes.find((c: { code: string }) => c.code === code);
    expect(failure).toMatchObject({ kind: 'failure', explanation: expect.any(String) });
    expect(body.details.join(' ')).toContain(code);
  });
});
