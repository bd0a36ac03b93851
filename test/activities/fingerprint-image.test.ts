/**
 * Stills and keyframes are fingerprinted like video frames (activities/fingerprint/image.ts):
 * uniform bars trimmed first, so a letter-boxed, pillar-boxed or window-boxed copy of a picture,
 * in any bar colour, centred or not, re-compressed or not, still matches it, and a keyframe taken
 * from a letter-boxed video matches that video. Copies are made here with the bundled ffmpeg from
 * Meta's PDQ test photo and sample videos (../shared/testdata/pdq, BSD licence).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../activities/fingerprint/decode';
import { fingerprintImage, type ImageFingerprint } from '../../activities/fingerprint/image';
import { hammingDistance, PDQ_MATCH_THRESHOLD, pdqFromRgb } from '../../activities/fingerprint/pdq';
import { compareFingerprints, fingerprintVideo, isVideoMatch, type VideoFingerprint } from '../../activities/fingerprint/video';
import { runFfmpeg } from '../../activities/media/ffmpeg';

const PDQ = path.join(process.cwd(), '..', 'shared', 'testdata', 'pdq');
const BRIDGE = path.join(PDQ, 'images', 'bridge-mods', 'aaa-orig.jpg');
const UNRELATED = path.join(PDQ, 'images', 'reg-test-input', 'labelme-subset', 'q2821.jpg');
const VIDEOS = path.join(PDQ, 'videos');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-fp-image-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

/** Writes `input` through an ffmpeg filter to `name` in the temporary folder; returns its path. */
async function reframe(input: string, name: string, filter: string, encoder: string[] = []): Promise<string> {
  const output = path.join(tmp, name);
  await runFfmpeg(['-i', input, '-vf', filter, '-frames:v', '1', ...encoder, '-y', output]);
  return output;
}

/** The smallest distance between the whole-picture hashes of two stills (each is hashed in up to three trims). */
const fullDistance = (a: ImageFingerprint, b: ImageFingerprint) =>
  Math.min(...a.frames.filter((x) => x.region === 'full').flatMap((x) => b.frames.filter((y) => y.region === 'full').map((y) => hammingDistance(x.hash, y.hash))));

/** The PDQ of the whole decoded picture, bars and all: what hashing without trimming would give. */
async function untrimmedHash(file: string): Promise<Uint8Array> {
  const frame = await decodeImage(file);
  return pdqFromRgb(frame.rgb, frame.width, frame.height).bytes;
}

describe('a still in bars matches the still', () => {
  // Each kind of re-framing, as ffmpeg's pad filter makes it.
  const copies: [string, string, string, string[]][] = [
    ['letter-boxed in black inside a 9:16 phone frame', 'phone.jpg', 'scale=720:-2,pad=720:1280:(ow-iw)/2:(oh-ih)/2:black', []],
    ['pillar-boxed in mid grey', 'pillar.png', 'pad=iw*2:ih:(ow-iw)/2:0:0x808080', []],
    ['window-boxed in white', 'window.png', 'pad=iw+400:ih+600:200:300:white', []],
    ['padded on one side only (off-centre)', 'below.png', 'pad=iw:ih*2:0:0:black', []],
    ['in coloured bars, re-compressed hard', 'blue.jpg', 'pad=iw:ih*1.8:0:(oh-ih)/2:0x2040a0', ['-q:v', '20']],
  ];

  it.each(copies)('%s', async (_kind, name, filter, encoder) => {
    const original = await fingerprintImage(BRIDGE);
    const copyPath = await reframe(BRIDGE, name, filter, encoder);
    const copy = await fingerprintImage(copyPath);
    // Without trimming the copy would not match at all: the bars dominate the hash.
    expect(hammingDistance(await untrimmedHash(copyPath), await untrimmedHash(BRIDGE))).toBeGreaterThan(PDQ_MATCH_THRESHOLD);
    expect(copy.crop.top + copy.crop.bottom + copy.crop.left + copy.crop.right).toBeGreaterThan(0);
    expect(fullDistance(copy, original)).toBeLessThanOrEqual(16);
    expect(isVideoMatch(compareFingerprints(copy.frames, original.frames))).toBe(true);
  });

  it('does not make an unrelated picture in the same bars match', async () => {
    const original = await fingerprintImage(BRIDGE);
    const other = await fingerprintImage(await reframe(UNRELATED, 'other.jpg', 'scale=720:-2,pad=720:1280:(ow-iw)/2:(oh-ih)/2:black'));
    expect(fullDistance(other, original)).toBeGreaterThan(PDQ_MATCH_THRESHOLD);
    expect(isVideoMatch(compareFingerprints(other.frames, original.frames))).toBe(false);
  });

  it('leaves a picture without bars whole', async () => {
    expect((await fingerprintImage(BRIDGE)).crop).toMatchObject({ top: 0, bottom: 0, left: 0, right: 0 });
  });
});

describe('keyframes and letter-boxed videos', () => {
  const prints = new Map<string, VideoFingerprint>();
  beforeAll(async () => {
    for (const name of ['chair-orig-22-sd-bar', 'chair-22-sd-grey-bar', 'doorknob-hd-no-bar']) prints.set(name, await fingerprintVideo(path.join(VIDEOS, `${name}.mp4`)));
  }, 180_000);

  /** One frame of a sample video at `seconds`, through `filter`, as a JPEG still. */
  const keyframe = async (video: string, seconds: number, filter = 'null') => {
    const output = path.join(tmp, `${video}-${seconds}-${filter.replace(/[^a-z0-9]/gi, '')}.jpg`);
    await runFfmpeg(['-ss', String(seconds), '-i', path.join(VIDEOS, `${video}.mp4`), '-vf', filter, '-frames:v', '1', '-q:v', '3', '-y', output]);
    return fingerprintImage(output);
  };

  it('trims the sample clips\' bars, black or grey, and nothing from the clip without bars (its flat walls change colour as the camera moves)', () => {
    for (const name of ['chair-orig-22-sd-bar', 'chair-22-sd-grey-bar']) {
      const { crop } = prints.get(name)!;
      // 480x720 pillar-boxed, sampled at 341x512: about 22 columns of bar on each side.
      expect(crop.left, name).toBeGreaterThanOrEqual(20);
      expect(crop.right, name).toBeGreaterThanOrEqual(20);
      expect(crop.top + crop.bottom, name).toBe(0);
    }
    expect(prints.get('doorknob-hd-no-bar')!.crop).toMatchObject({ top: 0, bottom: 0, left: 0, right: 0 });
  });

  it.each([
    ['chair-orig-22-sd-bar', 1, 'a keyframe of the black-barred chair clip, bars and all', 'chair-orig-22-sd-bar', 'null'],
    ['chair-22-sd-grey-bar', 1, 'a keyframe of its grey copy (grey bars)', 'chair-orig-22-sd-bar', 'null'],
    ['chair-22-with-large-logo-bar', 2, 'a keyframe of its copy with a large logo', 'chair-orig-22-sd-bar', 'null'],
    ['chair-orig-22-sd-bar', 1, 'a keyframe with its bars cropped off', 'chair-orig-22-sd-bar', 'crop=iw-64:ih:32:0'],
    ['chair-orig-22-sd-bar', 1, 'a keyframe letter-boxed again, in white, inside a square', 'chair-22-sd-grey-bar', 'pad=ih:ih:(ow-iw)/2:0:white'],
  ] as const)('%s at %d s: %s matches the video %s', async (video, seconds, _what, reference, filter) => {
    const still = await keyframe(video, seconds, filter);
    const result = compareFingerprints(still.frames, prints.get(reference)!.frames);
    expect(isVideoMatch(result), JSON.stringify(result)).toBe(true);
  });

  it.each([
    ['letter-boxed into a square', 'pad=iw:iw:0:(oh-ih)/2:black'],
    ['pillar-boxed in grey at half size, re-compressed', 'scale=iw/2:ih/2,pad=iw*2:ih:iw/2:0:0x606060'],
    ['padded below only', 'pad=iw:ih*1.5:0:0:black'],
  ])('a doorknob keyframe %s matches the plain keyframe', async (_kind, filter) => {
    const plain = await keyframe('doorknob-hd-no-bar', 0);
    const framed = await keyframe('doorknob-hd-no-bar', 0, filter);
    expect(framed.crop.top + framed.crop.bottom + framed.crop.left + framed.crop.right).toBeGreaterThan(0);
    expect(isVideoMatch(compareFingerprints(framed.frames, plain.frames))).toBe(true);
  });

  it('does not match a keyframe of another video', async () => {
    const still = await keyframe('doorknob-hd-no-bar', 1);
    expect(compareFingerprints(still.frames, prints.get('chair-orig-22-sd-bar')!.frames).queryCoverage).toBe(0);
  });
});
