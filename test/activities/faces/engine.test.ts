/**
 * The face engine (@vladmandic/human on WebAssembly) on the face fixtures built from the package's
 * own demo photos (test/support/face-fixtures.ts): one face with a unit 1024-value embedding, the
 * same man across photos under the calibrated match distance and other people over it, two faces,
 * no face, the yaw's sign, and malformed input refused. Each picture is analysed once (~0.4 s each).
 *
 * Different people are only asserted apart across sexes (the man against four women): two different
 * women of one photo are 0.32 apart, under the match distance, which docs/faces.md reports as a
 * known false match of this model rather than a test to pass.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { detectFaces, FACE_EMBEDDING_LENGTH } from '../../../activities/faces/engine';
import { CHALLENGE_MIN_YAW_DEGREES, cosineDistance, FACE_MATCH_MAX_DISTANCE, type FaceObservation } from '../../../policies/faces';
import {
  FACE_FIXTURE_NAMES,
  faceOf,
  noFace,
  OTHER_PEOPLE,
  photoOfPhoto,
  screenReplay,
  twoFaces,
  type FaceFixtureImage,
  type FaceFixtureName,
} from '../../support/face-fixtures';
import { sampleRgbFrames } from '../../../activities/classifiers/frames';
import { proceduralGenerator } from '../../../activities/generation/procedural';

const seen = new Map<FaceFixtureName, FaceObservation[]>();
let two: FaceObservation[];
let none: FaceObservation[];
let spoofs: { name: string; faces: FaceObservation[] }[];

async function analyse(fixture: FaceFixtureImage): Promise<FaceObservation[]> {
  return detectFaces(fixture.image);
}

beforeAll(async () => {
  for (const name of FACE_FIXTURE_NAMES) seen.set(name, await analyse(await faceOf(name)));
  two = await analyse(await twoFaces());
  none = await analyse(await noFace());
  spoofs = [];
  for (const fixture of [await photoOfPhoto(), await screenReplay()]) spoofs.push({ name: fixture.name, faces: await analyse(fixture) });
}, 60_000);

const only = (name: FaceFixtureName): FaceObservation => {
  const faces = seen.get(name)!;
  expect(faces, `${name} shows one face`).toHaveLength(1);
  return faces[0]!;
};

describe('the face engine', () => {
  it('finds one face with a unit-length 1024-value embedding, a box inside the picture and scores in 0..1', async () => {
    const fixture = await faceOf('man-faceid');
    const face = only('man-faceid');
    expect(face.embedding).toHaveLength(FACE_EMBEDDING_LENGTH);
    const norm = Math.sqrt(face.embedding.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(face.box.x).toBeGreaterThanOrEqual(0);
    expect(face.box.y).toBeGreaterThanOrEqual(0);
    expect(face.box.x + face.box.width).toBeLessThanOrEqual(fixture.image.width + 1);
    expect(face.box.y + face.box.height).toBeLessThanOrEqual(fixture.image.height + 1);
    for (const score of [face.detectionScore, face.realScore, face.liveScore]) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('finds exactly one face in every one-face fixture', () => {
    for (const name of FACE_FIXTURE_NAMES) expect(seen.get(name), name).toHaveLength(1);
  });

  it('puts the same man in different photos within the match distance', () => {
    // Three different photos of him (facedetect, facematch grid column 7, grid column 2).
    const pairs: [FaceFixtureName, FaceFixtureName][] = [['man-facedetect', 'man-facematch'], ['man-facedetect', 'man-frontal'], ['man-facematch', 'man-frontal']];
    for (const [a, b] of pairs) expect(cosineDistance(only(a).embedding, only(b).embedding), `${a} / ${b}`).toBeLessThanOrEqual(FACE_MATCH_MAX_DISTANCE);
  });

  it('puts other people beyond the match distance from him', () => {
    for (const man of ['man-faceid', 'man-facedetect', 'man-facematch', 'man-frontal'] as const) {
      for (const other of OTHER_PEOPLE) {
        expect(cosineDistance(only(man).embedding, only(other).embedding), `${man} / ${other}`).toBeGreaterThan(FACE_MATCH_MAX_DISTANCE);
      }
    }
  });

  it('finds two faces in the two-face picture, and they are not the same person', () => {
    expect(two).toHaveLength(2);
    expect(cosineDistance(two[0]!.embedding, two[1]!.embedding)).toBeGreaterThan(FACE_MATCH_MAX_DISTANCE);
  });

  it('finds no face in a photo without people', () => {
    expect(none).toEqual([]);
  });

  it('finds the face in each spoof, and it is the man of the FaceID still it was made from', () => {
    for (const { name, faces } of spoofs) {
      expect(faces, name).toHaveLength(1);
      expect(cosineDistance(faces[0]!.embedding, only('man-faceid').embedding), name).toBeLessThanOrEqual(FACE_MATCH_MAX_DISTANCE);
    }
  });

  it('gives a turned head a yaw past the challenge, negative with the nose to the right, positive when mirrored', () => {
    expect(Math.abs(only('man-faceid').yawDegrees)).toBeLessThan(CHALLENGE_MIN_YAW_DEGREES);
    expect(only('man-turned').yawDegrees).toBeLessThan(-CHALLENGE_MIN_YAW_DEGREES);
    expect(only('man-turned-mirrored').yawDegrees).toBeGreaterThan(CHALLENGE_MIN_YAW_DEGREES);
  });

  it('refuses pixels that do not match the stated size, before analysing anything', async () => {
    await expect(detectFaces({ data: new Uint8Array(10 * 10 * 3 - 1), width: 10, height: 10 })).rejects.toThrow(/must be 10×10 RGB \(300 bytes\), not 299 bytes/);
    await expect(detectFaces({ data: new Uint8Array(0), width: 0, height: 0 })).rejects.toThrow(/RGB/);
    // RGBA (4 bytes a pixel) is not RGB.
    await expect(detectFaces({ data: new Uint8Array(8 * 8 * 4), width: 8, height: 8 })).rejects.toThrow(/8×8 RGB/);
  });

  it('finds no face in frames of a procedural clip where the detector boxed blobs, yet finds the face filling an image-to-video frame', async () => {
    // "a sunrise over mountains", seed 1: without the mesh gate and the second look, five of its six
    // keyframes (sampled as the keyframe face check samples them) held a "face" as wide as the frame.
    // An image-to-video clip of a fixture face fills the frame with the face: it must still be found.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-blob-'));
    try {
      const framesOf = async (name: string, prompt: string, seed: number, sourceImagePath?: string) => {
        const clipPath = path.join(dir, `${name}.mp4`);
        const clip = await proceduralGenerator.generate({ requestId: name, prompt, seed, durationSeconds: 4, width: 720, height: 1280, ...(sourceImagePath ? { sourceImagePath } : {}) }, clipPath);
        return sampleRgbFrames(clipPath, clip.durationSeconds, { count: 6, size: 360, height: 640, scratchDir: dir });
      };
      const abstract = await framesOf('abstract', 'a sunrise over mountains', 1);
      expect(abstract).toHaveLength(6);
      for (const frame of abstract) expect(await detectFaces({ data: frame.rgb, width: frame.width, height: frame.height })).toEqual([]);
      const portrait = await framesOf('portrait', 'A slow walk through a sunlit garden', 7, (await faceOf('woman-dark-hair')).path);
      const reference = only('woman-dark-hair');
      for (const frame of portrait.slice(0, 3)) {
        const faces = await detectFaces({ data: frame.rgb, width: frame.width, height: frame.height });
        expect(faces).toHaveLength(1);
        expect(cosineDistance(faces[0]!.embedding, reference.embedding)).toBeLessThanOrEqual(FACE_MATCH_MAX_DISTANCE);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
