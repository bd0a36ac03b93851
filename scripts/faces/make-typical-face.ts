/**
 * Writes policies/faces/typical-face.ts: the mean of the face embeddings of the calibration's tuning
 * split (the 6 × 18 "Extracted Faces" grid of @vladmandic/human's screenshot-facematch.jpg, MIT;
 * docs/faces.md), normalised. An average of about a hundred people's faces, not anyone's face.
 *
 *   npx tsx scripts/faces/make-typical-face.ts
 */
import { writeFile } from 'node:fs/promises';
import { detectFaces } from '../../activities/faces/engine';
import { normaliseEmbedding } from '../../policies/faces';
import { facematchGridFace } from '../../test/support/face-fixtures';

const sum = new Float64Array(1024);
let faces = 0;
for (let row = 0; row < 6; row += 1) {
  for (let column = 0; column < 18; column += 1) {
    const found = await detectFaces((await facematchGridFace(row, column)).image);
    if (found.length !== 1) continue;
    found[0]!.embedding.forEach((value, i) => (sum[i] = sum[i]! + value));
    faces += 1;
  }
}
const typical = normaliseEmbedding(sum);
const values = Array.from(typical, (value) => Number(value.toFixed(5)));
await writeFile(
  new URL('../../policies/faces/typical-face.ts', import.meta.url),
  `/**
 * The typical face embedding: the normalised mean of the ${faces} face embeddings of the calibration's
 * tuning split (scripts/faces/make-typical-face.ts writes this file; docs/faces.md). A detection
 * whose embedding is far from it (MAX_DISTANCE_FROM_TYPICAL_FACE) is not a face.
 */
export const TYPICAL_FACE_EMBEDDING: readonly number[] = [${values.join(',')}];
`,
);
console.log(`policies/faces/typical-face.ts: the mean of ${faces} faces`);
