/**
 * Which detected boxes need the engine's second look: those cut from a square larger than the image
 * (a face bigger than the frame, or a blob in an abstract frame), but not a tight crop whose box is
 * the whole image, nor an ordinary face. Boxes measured on procedural clips, image-to-video clips and
 * the face fixtures (policies/faces/plausible-face.ts).
 */
import { isOversizeFaceBox } from '../../policies/faces';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

it.each([
  ['a blob as wide as the frame, from a 541 px square', box(0, 0, 360, 541), 360, 640],
  ['a blob cut at the right edge only, from a 414 px square', box(17, 216, 342, 414), 360, 640],
  ['a real face filling an image-to-video frame, from a 610 px square', box(0, 17, 360, 610), 360, 640],
  ['a blob inside the frame but taller than the frame is wide', box(30, 100, 301, 412), 360, 640],
])('takes a second look at %s', (_, face, width, height) => {
  expect(isOversizeFaceBox(face, width, height)).toBe(true);
});

it.each([
  ['a face inside a 320 px still', box(80, 73, 171, 171), 320, 320],
  ['a tight crop: the box is the whole image', box(0, 0, 320, 320), 320, 320],
  ['an image-to-video frame whose face box is the whole frame', box(0, 0, 360, 640), 360, 640],
  ['a face cut at the top-left corner of a wide screenshot', box(0, 0, 231, 272), 1920, 954],
  ['a face as wide as a portrait frame', box(0, 200, 360, 360), 360, 640],
])('takes %s as it is', (_, face, width, height) => {
  expect(isOversizeFaceBox(face, width, height)).toBe(false);
});
