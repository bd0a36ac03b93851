/**
 * When a protected person's reference photo can stand for their face (policies/faces/reference-image.ts):
 * exactly one face, at least MIN_FACE_SIZE_PX on its shorter side; otherwise the sentence says what to upload.
 */
import { judgeReferenceImage, MIN_FACE_SIZE_PX } from '../../policies/faces';

const face = (width: number, height = width) => ({ box: { x: 10, y: 20, width, height } });

it('accepts one face large enough, at exactly the minimum size too', () => {
  expect(judgeReferenceImage([face(200)], 'Ada Example')).toEqual({ ok: true, faceIndex: 0 });
  expect(judgeReferenceImage([face(MIN_FACE_SIZE_PX, MIN_FACE_SIZE_PX + 40)], 'Ada Example')).toEqual({ ok: true, faceIndex: 0 });
});

it('refuses no face, several faces and a face too small, each with a sentence naming the person', () => {
  expect(judgeReferenceImage([], 'Ada Example')).toEqual({ ok: false, message: "This image shows no face; upload a photo in which Ada Example's face is clearly visible." });
  expect(judgeReferenceImage([face(200), face(150)], 'Ada Example')).toEqual({ ok: false, message: 'This image shows 2 faces; upload a photo with only Ada Example.' });
  expect(judgeReferenceImage([face(200), face(150), face(90)], 'Bo')).toMatchObject({ ok: false, message: 'This image shows 3 faces; upload a photo with only Bo.' });
  // The shorter side counts: a tall narrow box is as unreliable as a small square one.
  const small = judgeReferenceImage([face(MIN_FACE_SIZE_PX - 1, 300)], 'Ada Example');
  expect(small).toEqual({
    ok: false,
    message: `The face in this image is only ${MIN_FACE_SIZE_PX - 1} pixels across; upload a photo in which Ada Example's face is at least ${MIN_FACE_SIZE_PX} pixels across.`,
  });
});
