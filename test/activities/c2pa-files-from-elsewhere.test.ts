/**
 * Provenance of files Loupe did not make: the C2PA reference implementation's test files (each
 * with the right answer from ../shared/testdata/c2pa/README.md), and generated hostile variants.
 *
 * - Loupe finds C2PA carriers itself (MP4/MOV `uuid` box, fragmented-MP4 init segment, JPEG APP11
 *   JUMBF, PNG `caBX`, WebP `C2PA`), so a store the reader cannot resolve reads "present, Invalid",
 *   never "no credentials" — for any one byte changed in the carrier, not only the known edit.
 * - Broken containers (nested a thousand deep, sizes beyond the end, sizes under the header,
 *   truncation anywhere) are refused with a MediaContainerError sentence, never a library error.
 * - A clip signed with a failed image as its source image shows that ingredient's failure codes.
 * Real c2pa-rs; nothing touches the network.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { inspectContainer } from '../../activities/provenance/container';
import { MediaContainerError } from '../../activities/provenance/container-error';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { signClip } from '../../activities/provenance/sign-clip';
import type { SigningMaterial } from '../../activities/provenance/signing-material';
import type { ProvenanceReport } from '../../contracts/provenance-report';
import { UNREADABLE_MANIFEST_STORE_CODE, VALIDATION_CODE_SENTENCES } from '../../policies/provenance-status-codes';
import {
  brokenBmff,
  c2paJumbf,
  c2paTestFile,
  nestedBoxes,
  pngWithChunk,
  topLevelBoxes,
  webpWithChunk,
  withByte,
} from '../support/hostile-media';

let work: string;
let counter = 0;
/** Writes `bytes` to a fresh file in the work folder and returns its path. */
async function fileOf(bytes: Buffer, extension = 'bin'): Promise<string> {
  const file = path.join(work, `file-${counter++}.${extension}`);
  await writeFile(file, bytes);
  return file;
}

const failures = (report: ProvenanceReport) => report.validationCodes.filter((code) => code.kind === 'failure').map((code) => code.code);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'loupe-c2pa-elsewhere-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the reference files read as their README says', () => {
  it.each([
    ['video1.mp4', 'Valid', ['signingCredential.untrusted']],
    ['video1_mdat_flipped.mp4', 'Invalid', ['assertion.bmffHash.mismatch']],
    ['dashinit.mp4', 'Invalid', ['assertion.bmffHash.mismatch']],
    ['CA.jpg', 'Valid', ['signingCredential.untrusted']],
    ['XCA.jpg', 'Invalid', ['assertion.dataHash.mismatch']],
    ['E-sig-CA.jpg', 'Invalid', ['claimSignature.mismatch']],
  ] as const)('%s: manifest present, %s, with %j among its failures', async (name, state, codes) => {
    const report = await readProvenance(c2paTestFile(name), null);
    expect(report.manifestPresent).toBe(true);
    expect(report.validationState).toBe(state);
    expect(failures(report)).toEqual(expect.arrayContaining([...codes]));
    if (state === 'Valid') expect(new Set(failures(report))).toEqual(new Set(['signingCredential.untrusted']));
  });

  it('CA.jpg reads Trusted with the public C2PA test roots as an anchor', async () => {
    const anchors = await readFile(c2paTestFile('test_cert_root_bundle.pem'), 'utf8');
    expect((await readProvenance(c2paTestFile('CA.jpg'), anchors)).validationState).toBe('Trusted');
  });

  it.each(['video1_no_manifest.mp4', 'c.mov', 'no_manifest.jpg'])('%s: no manifest', async (name) => {
    expect(await readProvenance(c2paTestFile(name), null)).toMatchObject({ manifestPresent: false, validationState: null, validationCodes: [] });
  });

  it('video1_purpose_retag.mp4: the reader returns nothing, but the C2PA box is there, so present and Invalid with a sentence', async () => {
    const report = await readProvenance(c2paTestFile('video1_purpose_retag.mp4'), null);
    expect(report).toMatchObject({ manifestPresent: true, validationState: 'Invalid' });
    expect(report.validationCodes).toEqual([expect.objectContaining({ code: UNREADABLE_MANIFEST_STORE_CODE, kind: 'failure' })]);
    expect(VALIDATION_CODE_SENTENCES[UNREADABLE_MANIFEST_STORE_CODE]).toMatch(/^A C2PA box is present but no manifest could be read from it/);
  });

  it('dash1.m4s (a media segment alone) is refused as unsupported, in a sentence', async () => {
    const refusal = await readProvenance(c2paTestFile('dash1.m4s'), null).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MediaContainerError);
    expect((refusal as MediaContainerError).problem).toBe('unsupported');
    expect((refusal as Error).message).toMatch(/single segment of a streamed video/);
  });

  it('finds each format\'s carrier itself', async () => {
    expect(await inspectContainer(c2paTestFile('video1.mp4'))).toMatchObject({ mimeType: 'video/mp4', kind: 'video', c2paCarrierOffsets: [24], fragmented: false });
    expect(await inspectContainer(c2paTestFile('dashinit.mp4'))).toMatchObject({ mimeType: 'video/mp4', c2paCarrierOffsets: [407], fragmented: true });
    expect(await inspectContainer(c2paTestFile('c.mov'))).toMatchObject({ mimeType: 'video/quicktime', c2paCarrierOffsets: [], c2paJumbfFound: false });
    expect(await inspectContainer(c2paTestFile('CA.jpg'))).toMatchObject({ mimeType: 'image/jpeg', kind: 'image', c2paCarrierOffsets: [20], c2paJumbfFound: true });
    expect(await inspectContainer(c2paTestFile('no_manifest.jpg'))).toMatchObject({ c2paCarrierOffsets: [], c2paJumbfFound: false });
  });
});

describe('a store the reader cannot resolve never reads as "no credentials"', () => {
  it('any one byte changed inside the C2PA box of video1.mp4: present (or the file refused as broken), never absent', async () => {
    const video = await readFile(c2paTestFile('video1.mp4'));
    const carrier = topLevelBoxes(video).find((b) => b.type === 'uuid')!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: carrier.offset, max: carrier.offset + carrier.size - 1 }), fc.integer({ min: 0, max: 255 }), async (at, value) => {
        fc.pre(video[at] !== value);
        const outcome = await readProvenance(await fileOf(withByte(video, at, value), 'mp4'), null).catch((error: unknown) => error);
        if (outcome instanceof MediaContainerError) expect(outcome.problem).toBe('malformed');
        else expect(outcome).toMatchObject({ manifestPresent: true });
      }),
      { numRuns: 100, examples: [[59, 'x'.charCodeAt(0)], [carrier.offset + 8, 0x00]] },
    );
  });

  it('any one byte changed inside the APP11 segment of CA.jpg: present (or refused as broken), never absent', async () => {
    const jpeg = await readFile(c2paTestFile('CA.jpg'));
    const segmentStart = 20;
    const segmentEnd = segmentStart + 2 + jpeg.readUInt16BE(segmentStart + 2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: segmentStart, max: segmentEnd - 1 }), fc.integer({ min: 0, max: 255 }), async (at, value) => {
        fc.pre(jpeg[at] !== value);
        const outcome = await readProvenance(await fileOf(withByte(jpeg, at, value), 'jpg'), null).catch((error: unknown) => error);
        if (outcome instanceof MediaContainerError) expect(outcome.problem).toBe('malformed');
        else expect(outcome).toMatchObject({ manifestPresent: true });
      }),
      { numRuns: 100 },
    );
  });

  it('a PNG caBX chunk or a WebP C2PA chunk that holds no readable manifest: present, Invalid', async () => {
    const picture = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } } });
    const png = await picture.clone().png().toBuffer();
    const webp = await picture.clone().webp().toBuffer();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.boolean(), async (filler, withDescription) => {
        // The carrier alone (its content garbage), or C2PA JUMBF inside it: either is C2PA data.
        const content = withDescription ? c2paJumbf(Buffer.from(filler)) : Buffer.from(filler);
        for (const file of [pngWithChunk(png, 'caBX', content), webpWithChunk(webp, 'C2PA', content)]) {
          const report = await readProvenance(await fileOf(file), null);
          expect(report).toMatchObject({ manifestPresent: true, validationState: 'Invalid' });
        }
      }),
      { numRuns: 15 },
    );
    // Without the carrier the same pictures have no credentials.
    expect((await readProvenance(await fileOf(png), null)).manifestPresent).toBe(false);
    expect((await readProvenance(await fileOf(webp), null)).manifestPresent).toBe(false);
  });

  it('C2PA JUMBF outside any carrier (the carrier\'s tag changed) still counts as present', async () => {
    const video = await readFile(c2paTestFile('video1.mp4'));
    // Change the first byte of the box's C2PA UUID: the box is an unknown uuid box now.
    const retyped = withByte(video, 24 + 8, 0x00);
    expect((await inspectContainer(await fileOf(retyped))).c2paCarrierOffsets).toEqual([]);
    expect(await readProvenance(await fileOf(retyped), null)).toMatchObject({ manifestPresent: true, validationState: 'Invalid' });
  });
});

describe('broken containers are refused with a sentence, never a library error', () => {
  it('boxes nested a thousand deep', async () => {
    const refusal = await readProvenance(await fileOf(nestedBoxes(1000)), null).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MediaContainerError);
    expect((refusal as Error).message).toMatch(/nested more than 10 deep/);
  });

  it('every generated kind of broken MP4 structure is malformed', async () => {
    const video = await readFile(c2paTestFile('video1_no_manifest.mp4'));
    await fc.assert(
      fc.asyncProperty(brokenBmff(video), async ({ file }) => {
        const refusal = await readProvenance(await fileOf(file), null).catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(MediaContainerError);
        expect((refusal as MediaContainerError).problem).toBe('malformed');
        expect((refusal as Error).message).not.toMatch(/0x[0-9a-f]{6,}|C2pa\(|ffmpeg|ffprobe/i);
      }),
      { numRuns: 100 },
    );
  });

  it('a file cut off at any byte reads as a report or is refused as broken, never anything else', async () => {
    const files = await Promise.all(['video1.mp4', 'c.mov', 'CA.jpg', 'no_manifest.jpg'].map(async (name) => readFile(c2paTestFile(name))));
    const png = await sharp({ create: { width: 32, height: 32, channels: 4, background: '#3a6' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#a63' } }).webp().toBuffer();
    files.push(png, webp);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: files.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (which, share) => {
        const whole = files[which]!;
        const cut = whole.subarray(0, Math.min(whole.length - 1, Math.floor(whole.length * share)));
        const outcome = await readProvenance(await fileOf(cut), null).catch((error: unknown) => error);
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(MediaContainerError);
        else expect(outcome).toHaveProperty('manifestPresent');
      }),
      { numRuns: 100 },
    );
  });

  it('a file that is none of the formats is unsupported', async () => {
    const refusal = await readProvenance(await fileOf(Buffer.from('GIF89a and then some')), null).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(MediaContainerError);
    expect((refusal as MediaContainerError).problem).toBe('unsupported');
  });
});

describe('a source image that failed its own check stays visible in the clip made from it', () => {
  let material: SigningMaterial;
  let rawClip: string;
  beforeAll(async () => {
    material = await ensureDevCa(path.join(work, 'dev-ca'));
    rawClip = path.join(work, 'raw.mp4');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x288:d=1', '-c:v', 'libx264', '-movflags', '+faststart', rawClip]);
  }, 60_000);

  async function clipFrom(image: string): Promise<ProvenanceReport> {
    const signed = path.join(work, `from-${image}.mp4`);
    await signClip({
      inputPath: rawClip,
      outputPath: signed,
      material,
      title: `Loupe video from ${image}`,
      generator: { name: 'loupe-procedural', version: '1' },
      loupe: { requestId: 'req-ingredient', policyVersion: 'test', promptSha256: '0'.repeat(64) },
      // The stored image (metadata removed) is what the generator used; the upload as it arrived carries the credentials.
      sourceImage: { path: c2paTestFile('no_manifest.jpg'), sha256: 'ab'.repeat(32), mimeType: 'image/jpeg', credentials: { path: c2paTestFile(image), mimeType: 'image/jpeg' } },
    });
    return readProvenance(signed, material.trustAnchorsPem);
  }

  it.each([
    ['XCA.jpg', 'assertion.dataHash.mismatch'],
    ['E-sig-CA.jpg', 'claimSignature.mismatch'],
  ])('%s as the source image: the clip is Trusted, its ingredient Invalid with %s', async (image, code) => {
    const report = await clipFrom(image);
    expect(report.validationState).toBe('Trusted');
    expect(report.ingredients).toHaveLength(1);
    expect(report.ingredients[0]!.validation).toMatchObject({ state: 'Invalid' });
    expect(report.ingredients[0]!.validation!.codes).toContainEqual(expect.objectContaining({ code, kind: 'failure' }));
  });

  it('CA.jpg as the source image: its ingredient is Valid (intact, its signer outside Loupe\'s anchors)', async () => {
    const report = await clipFrom('CA.jpg');
    expect(report.ingredients[0]!.validation).toMatchObject({ state: 'Valid' });
    expect(report.ingredients[0]!.validation!.codes.filter((c) => c.kind === 'failure').map((c) => c.code)).toEqual(['signingCredential.untrusted']);
  });
});
