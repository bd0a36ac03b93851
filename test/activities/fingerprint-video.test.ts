/**
 * Video fingerprints on Meta's sample clips (../shared/testdata/pdq/videos): the chair clip and
 * its grey, logo-overlaid and re-framed copies match each other; the pattern and doorknob clips
 * match nothing else. Re-encoding and letter-boxing are made here with ffmpeg.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fingerprintVideo, compareFingerprints, isVideoMatch, type VideoFingerprint } from '../../activities/fingerprint/video';
import { runFfmpeg } from '../../activities/media/ffmpeg';

const VIDEOS = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/videos');
const prints = new Map<string, VideoFingerprint>();
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-fp-'));
  for (const name of ['chair-orig-22-sd-bar', 'chair-22-sd-grey-bar', 'chair-22-with-large-logo-bar', 'pattern-sd-grey-bar', 'doorknob-hd-no-bar']) {
    prints.set(name, await fingerprintVideo(path.join(VIDEOS, `${name}.mp4`)));
  }
  // Re-encoded at a low bitrate and smaller size, and a letter-boxed copy of the doorknob clip.
  await runFfmpeg(['-i', path.join(VIDEOS, 'chair-orig-22-sd-bar.mp4'), '-vf', 'scale=240:-2', '-c:v', 'libx264', '-crf', '35', '-an', '-y', path.join(tmp, 'chair-reencoded.mp4')]);
  await runFfmpeg(['-i', path.join(VIDEOS, 'doorknob-hd-no-bar.mp4'), '-vf', 'scale=640:360,pad=640:640:0:140:black', '-c:v', 'libx264', '-an', '-y', path.join(tmp, 'doorknob-letterboxed.mp4')]);
  prints.set('chair-reencoded', await fingerprintVideo(path.join(tmp, 'chair-reencoded.mp4')));
  prints.set('doorknob-letterboxed', await fingerprintVideo(path.join(tmp, 'doorknob-letterboxed.mp4')));
}, 180_000);
afterAll(async () => rm(tmp, { recursive: true, force: true }));

const match = (a: string, b: string) => compareFingerprints(prints.get(a)!.frames, prints.get(b)!.frames);

it.each([
  ['chair-22-sd-grey-bar', 'greyed'],
  ['chair-22-with-large-logo-bar', 'a large logo overlay'],
  ['chair-reencoded', 're-encoding at a lower size and bitrate'],
])('matches the chair clip across %s (%s)', (copy) => {
  const result = match(copy, 'chair-orig-22-sd-bar');
  expect(isVideoMatch(result), JSON.stringify(result)).toBe(true);
  expect(result.queryCoverage).toBeGreaterThanOrEqual(0.8);
});

it('matches a letter-boxed copy (bars are cropped before hashing)', () => {
  expect(prints.get('doorknob-letterboxed')!.crop.top).toBeGreaterThan(100);
  const result = match('doorknob-letterboxed', 'doorknob-hd-no-bar');
  expect(isVideoMatch(result), JSON.stringify(result)).toBe(true);
});

it.each([
  ['pattern-sd-grey-bar', 'chair-orig-22-sd-bar'],
  ['doorknob-hd-no-bar', 'chair-orig-22-sd-bar'],
  ['pattern-sd-grey-bar', 'doorknob-hd-no-bar'],
  ['chair-22-with-large-logo-bar', 'pattern-sd-grey-bar'],
])('does not match unrelated videos: %s vs %s', (a, b) => {
  const result = match(a, b);
  expect(result.queryCoverage).toBe(0);
  expect(isVideoMatch(result)).toBe(false);
});
