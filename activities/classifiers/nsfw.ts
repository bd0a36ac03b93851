/**
 * The visual classifier: nsfwjs's MobileNetV2 NSFW image model on TensorFlow.js's WebAssembly
 * backend, scoring single 224×224 RGB frames for Porn, Hentai, Sexy, Neutral and Drawing.
 *
 * Nothing is downloaded, at install or at run time: the model's topology and weights ship inside
 * the nsfwjs package as JS modules (`nsfwjs/models/mobilenet_v2`), and the backend's .wasm files
 * ship inside @tensorflow/tfjs-backend-wasm, whose folder on disk `setWasmPaths` points at (Node's
 * Emscripten loader then reads the file with fs, not fetch). @tensorflow/tfjs-node would be faster
 * but downloads a native binary at install time, which Loupe does not allow.
 *
 * Loading takes about a second, so it happens once per process, on first use: the promise is
 * cached, and every activity (and test) in the process shares the model.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { NSFW_CLASS_NAMES, type NsfwScores } from '../../policies/visual-classifier';

/** The side of the square frames the model takes; frames are decoded at this size (see ./frames.ts). */
export const NSFW_INPUT_SIZE = 224;
const NSFWJS_VERSION = '4.3.0';
const MODEL_NAME = 'MobileNetV2';
/** Stored with every score, so scores from a later model can be told apart from these. */
export const NSFW_MODEL_LABEL = `nsfwjs ${NSFWJS_VERSION} ${MODEL_NAME}`;
/** The classifier's name in clip_classifier_scores (one row per classifier and frame). */
export const NSFW_CLASSIFIER = 'nsfw_image';

type TensorFlow = typeof import('@tensorflow/tfjs');
type NsfwModel = Awaited<ReturnType<typeof import('nsfwjs/core')['load']>>;

export interface LoadedNsfwClassifier {
  model: NsfwModel;
  tf: TensorFlow;
  /** How long loading took in this process, for logs and the benchmark notes. */
  loadMs: number;
}

let loading: Promise<LoadedNsfwClassifier> | undefined;

/** The process's one model; loaded on first call. A failed load is forgotten so the next call tries again. */
export function loadNsfwClassifier(): Promise<LoadedNsfwClassifier> {
  loading ??= loadFromPackageFiles().catch((error: unknown) => {
    loading = undefined;
    throw new Error(`The visual classifier (${NSFW_MODEL_LABEL}) could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  return loading;
}

async function loadFromPackageFiles(): Promise<LoadedNsfwClassifier> {
  const started = performance.now();
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The folder holding tfjs-backend-wasm.wasm (and its SIMD variants), with a trailing slash: a prefix.
  const wasmFolder = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
  wasm.setWasmPaths(wasmFolder);
  if (!(await tf.setBackend('wasm'))) throw new Error(`TensorFlow.js could not start its WebAssembly backend from ${wasmFolder}.`);
  await tf.ready();
  const { load } = await import('nsfwjs/core');
  const { MobileNetV2Model } = await import('nsfwjs/models/mobilenet_v2');
  // (nsfwjs prints one "You're using the model" line on console.info here: once per process.)
  const model = await load(MODEL_NAME, { modelDefinitions: [MobileNetV2Model] });
  return { model, tf, loadMs: performance.now() - started };
}

/**
 * Scores one frame: `rgb` holds NSFW_INPUT_SIZE² pixels, three bytes each (ffmpeg's rgb24). The
 * model's five probabilities sum to 1.
 */
export async function classifyRgbFrame(rgb: Uint8Array): Promise<NsfwScores> {
  const expected = NSFW_INPUT_SIZE * NSFW_INPUT_SIZE * 3;
  if (rgb.length !== expected) throw new Error(`A frame for the visual classifier must be ${expected} bytes of 224×224 RGB, not ${rgb.length}.`);
  const { model, tf } = await loadNsfwClassifier();
  const image = tf.tensor3d(rgb, [NSFW_INPUT_SIZE, NSFW_INPUT_SIZE, 3], 'int32');
  try {
    const predictions = await model.classify(image, NSFW_CLASS_NAMES.length);
    const scores = Object.fromEntries(NSFW_CLASS_NAMES.map((name) => [name, 0])) as NsfwScores;
    for (const prediction of predictions) scores[prediction.className] = prediction.probability;
    return scores;
  } finally {
    image.dispose();
  }
}
