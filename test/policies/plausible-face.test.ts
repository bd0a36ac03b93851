/**
 * Blobs the detector boxed in abstract procedural frames are not faces; real faces (square boxes
 * inside the image, cut at one edge, or a tight crop that is the whole image) are. The boxes are
 * ones measured on procedural clips and the face fixtures (policies/faces/plausible-face.ts).
 */
import { isPlausibleFaceBox } from '../../policies/faces';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

it.each([
  ['a blob as wide as the frame, from a 541 px square', box(0, 2, 360, 541)],
  ['a blob as wide as the frame, from a 452 px square', box(0, 132, 360, 452)],
  ['a blob cut at the right edge only, from a 414 px square', box(17, 216, 342, 414)],
  ['a blob inside the frame but taller than it is wide', box(30, 100, 301, 412)],
])('refuses %s in a 360 × 640 frame', (_, face) => {
  expect(isPlausibleFaceBox(face, 360, 640)).toBe(false);
});

it.each([
  ['a face inside a 320 px still', box(80, 73, 171, 171), 320, 320],
  ['a tight crop: the box is the whole image', box(0, 0, 320, 320), 320, 320],
  ['a face cut at the top-left corner of a wide screenshot', box(0, 0, 231, 272), 1920, 954],
  ['a face in a portrait frame, as wide as the frame', box(0, 200, 360, 360), 360, 640],
  ['a tight crop of a face in a non-square picture', box(0, 0, 320, 400), 320, 400],
])('keeps %s', (_, face, width, height) => {
  expect(isPlausibleFaceBox(face, width, height)).toBe(true);
});
