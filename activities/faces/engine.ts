/**
 * The face engine: @vladmandic/human 3.3.6 on TensorFlow.js's WebAssembly backend, finding faces in
 * one RGB image and returning, per face, its box, the detector's score, the anti-spoof and liveness
 * scores, the head's yaw/pitch/roll and a FaceRes embedding (1024 values, L2-normalised).
 *
 * Models: BlazeFace (detection), FaceMesh (landmarks, from which the head angles come), FaceRes
 * (description), and the anti-spoof and liveness models, all read from the `models/` folder inside
 * the @vladmandic/human package (MIT licence; the models' own sources and licences are listed in
 * that folder's README). Nothing is downloaded: Node's fetch cannot read `file://` URLs, so a
 * TensorFlow.js load router hands those to an HTTP loader whose fetch reads the file from disk.
 * The .wasm files come from @tensorflow/tfjs-backend-wasm's folder, like the visual classifier's
 * (activities/classifiers/nsfw.ts; both share the one tfjs-core engine in a worker process).
 *
 * Loading takes well under a second and happens once per process; calls are serialised, because
 * Human keeps per-call state on its instance. Frame-to-frame caching is off (`cacheSensitivity: 0`)
 * so every frame of a capture is analysed on its own, not skipped as "unchanged".
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  cosineDistance, isOversizeFaceBox, MAX_DISTANCE_FROM_TYPICAL_FACE, MIN_FACE_MESH_CONFIDENCE, normaliseEmbedding, type FaceBox, type FaceObservation,
} from '../../policies/faces';
import { TYPICAL_FACE_EMBEDDING } from '../../policies/faces/typical-face';

const HUMAN_VERSION = '3.3.6';
/** Stored with every embedding and check, so results from a later model can be told apart. */
export const FACE_MODEL_LABEL = `human ${HUMAN_VERSION} blazeface+facemesh+faceres+antispoof+liveness`;
/** Values in one FaceRes embedding. */
export const FACE_EMBEDDING_LENGTH = 1024;
/** At most this many faces are reported per image (a crowd beyond that is still "more than one"). */
export const MAX_FACES_PER_IMAGE = 10;

/** An image as 8-bit RGB triplets, row by row (ffmpeg's rgb24, sharp's raw output without alpha). */
export interface RgbImage {
  data: Uint8Array;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}

type HumanModule = typeof import('@vladmandic/human');
type HumanInstance = InstanceType<HumanModule['Human']>;

interface LoadedFaceEngine {
  human: HumanInstance;
  /** How long loading took in this process, for logs and the benchmark notes. */
  loadMs: number;
}

let loading: Promise<LoadedFaceEngine> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** The process's one engine; loaded on first call. A failed load is forgotten so the next call tries again. */
export function loadFaceEngine(): Promise<LoadedFaceEngine> {
  loading ??= loadFromPackageFiles().catch((error: unknown) => {
    loading = undefined;
    throw new Error(`The face engine (${FACE_MODEL_LABEL}) could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  return loading;
}

async function loadFromPackageFiles(): Promise<LoadedFaceEngine> {
  const started = performance.now();
  const require = createRequire(import.meta.url);
  // The package's "exports" map lacks "./" prefixes, so its sub-paths cannot be required by name:
  // the Node entry resolves, and the WebAssembly build sits beside it in dist/.
  const distFolder = path.dirname(require.resolve('@vladmandic/human'));
  const modelFolder = path.join(distFolder, '..', 'models') + path.sep;
  const wasmFolder = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
  const { Human } = require(path.join(distFolder, 'human.node-wasm.js')) as HumanModule;
  const human = new Human({
    backend: 'wasm',
    wasmPath: wasmFolder,
    modelBasePath: pathToFileURL(modelFolder).href,
    debug: false,
    warmup: 'none',
    cacheSensitivity: 0,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: MAX_FACES_PER_IMAGE, minConfidence: 0.5, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: true },
      antispoof: { enabled: true },
      liveness: { enabled: true },
    },
  });
  const readFromDisk = async (url: RequestInfo | URL) => new Response(await readFile(fileURLToPath(String(url))));
  human.tf.io.registerLoadRouter((url: string | string[]) =>
    typeof url === 'string' && url.startsWith('file://') ? human.tf.io.http(url, { fetchFunc: readFromDisk }) : null,
  );
  await human.load();
  if (human.tf.getBackend() !== 'wasm') throw new Error(`TensorFlow.js started the ${human.tf.getBackend()} backend instead of WebAssembly from ${wasmFolder}.`);
  return { human, loadMs: performance.now() - started };
}

const degrees = (radians: number | undefined) => ((radians ?? 0) * 180) / Math.PI;

/**
 * Finds the faces in one image, at most MAX_FACES_PER_IMAGE, largest first. Regions FaceMesh scores
 * under MIN_FACE_MESH_CONFIDENCE, and detections whose embedding lies further than
 * MAX_DISTANCE_FROM_TYPICAL_FACE from the typical face, are left out; when the detector reports a face larger than the
 * image (isOversizeFaceBox), the image is analysed again inside a black canvas PADDED_CANVAS_SCALE
 * times its longer side, where a real face fits and is found again and a blob mostly is not, and
 * those faces (boxes mapped back and cut to the image) are the answer. Throws when the image's byte
 * length is not width × height × 3, or the engine cannot load.
 */
export function detectFaces(image: RgbImage): Promise<FaceObservation[]> {
  const expected = image.width * image.height * 3;
  if (image.data.length !== expected || expected === 0) {
    return Promise.reject(new Error(`An image for the face engine must be ${image.width}×${image.height} RGB (${expected} bytes), not ${image.data.length} bytes.`));
  }
  const run = queue.then(() => detectWithSecondLook(image));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The padded canvas's side over the image's longer side. 1.75 leaves a face as large as the frame
 * room on every side (measured at 1100 px for 360 × 640 frames, policies/faces/plausible-face.ts).
 */
const PADDED_CANVAS_SCALE = 1.75;

async function detectWithSecondLook(image: RgbImage): Promise<FaceObservation[]> {
  const faces = await detectNow(image);
  if (!faces.some((face) => isOversizeFaceBox(face.box, image.width, image.height))) return faces;
  const side = Math.ceil(PADDED_CANVAS_SCALE * Math.max(image.width, image.height));
  const offsetX = Math.floor((side - image.width) / 2);
  const offsetY = Math.floor((side - image.height) / 2);
  const canvas = new Uint8Array(side * side * 3);
  for (let row = 0; row < image.height; row += 1) {
    canvas.set(image.data.subarray(row * image.width * 3, (row + 1) * image.width * 3), ((row + offsetY) * side + offsetX) * 3);
  }
  const again = await detectNow({ data: canvas, width: side, height: side });
  return again
    .map((face) => ({ ...face, box: cutToImage({ ...face.box, x: face.box.x - offsetX, y: face.box.y - offsetY }, image) }))
    .filter((face) => face.box.width > 0 && face.box.height > 0 && centreInside(face.box, image));
}

/** `box` cut at the image's edges. */
function cutToImage(box: FaceBox, image: RgbImage): FaceBox {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  return { x, y, width: Math.min(image.width, box.x + box.width) - x, height: Math.min(image.height, box.y + box.height) - y };
}

/** Whether the middle of `box` lies in the image (a face found in the padding is no face of the image). */
function centreInside(box: FaceBox, image: RgbImage): boolean {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return cx >= 0 && cy >= 0 && cx <= image.width && cy <= image.height;
}

async function detectNow(image: RgbImage): Promise<FaceObservation[]> {
  const { human } = await loadFaceEngine();
  const tensor = human.tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32');
  try {
    const result = await human.detect(tensor);
    if (result.error) throw new Error(`The face engine could not analyse the image: ${String(result.error)}`);
    return result.face
      .filter((face) => face.embedding !== undefined && face.embedding.length === FACE_EMBEDDING_LENGTH)
      // Not a face: a region FaceMesh could not fit (abstract pictures; policies/faces/thresholds.ts).
      .filter((face) => (face.faceScore ?? 0) >= MIN_FACE_MESH_CONFIDENCE)
      .map((face): FaceObservation => ({
        box: { x: face.box[0], y: face.box[1], width: face.box[2], height: face.box[3] },
        detectionScore: face.boxScore ?? face.score,
        realScore: face.real ?? 0,
        liveScore: face.live ?? 0,
        // Measured on the test faces: a face whose nose points to the image's right (the person's
        // own left, unmirrored camera) comes out negative, about -23° for a clear three-quarter
        // view; its mirror image about +20° (test/activities/faces/engine.test.ts checks the sign).
        yawDegrees: degrees(face.rotation?.angle.yaw),
        pitchDegrees: degrees(face.rotation?.angle.pitch),
        rollDegrees: degrees(face.rotation?.angle.roll),
        embedding: normaliseEmbedding(face.embedding!),
      }))
      // Not a face either: an embedding far from every face's (blobs in abstract pictures).
      .filter((face) => cosineDistance(face.embedding, TYPICAL_FACE_EMBEDDING) <= MAX_DISTANCE_FROM_TYPICAL_FACE)
      .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  } finally {
    human.tf.dispose(tensor);
  }
}
