/**
 * Face test fixtures, built on first use from the demo photos inside @vladmandic/human 3.3.6
 * (`assets/*.jpg`, MIT licence, Copyright Vladimir Mandic), deterministically (fixed crop boxes, a
 * seeded random generator), and cached in one temporary folder per process. Sources, what was done
 * to each picture, and what the fixtures cannot show are written down in test/data/faces/README.md.
 *
 * Every crop box below was found with the face engine once and then fixed by hand, so building the
 * fixtures needs no face analysis; test/activities/faces/engine.test.ts checks that each one-face
 * fixture still holds exactly one face.
 *
 * Yaw convention measured on these photos (see activities/faces/engine.ts): a face whose nose points
 * to the image's right has a NEGATIVE yaw; mirroring the image flips the sign.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import type { RgbImage } from '../../activities/faces/engine';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { H264_VIDEO_ARGS } from '../../activities/media/encoding';
import { seededRandom } from './seeded-random';

/** A still fixture: a JPEG file (for uploads), its bytes, and the decoded RGB (for the engine). */
export interface FaceFixtureImage {
  name: string;
  /** A JPEG file in the per-process fixture folder. */
  path: string;
  bytes: Buffer;
  image: RgbImage;
}

/** A capture fixture: an H.264 MP4, 480 × 640 (portrait), 10 frames per second. */
export interface CaptureFixture {
  name: string;
  path: string;
  bytes: Buffer;
  frameCount: number;
  durationSeconds: number;
  width: number;
  height: number;
}

const require = createRequire(import.meta.url);
/** The package's own demo pictures; the folder sits beside dist/ inside the package. */
export const HUMAN_ASSETS_DIR = path.join(path.dirname(require.resolve('@vladmandic/human')), '..', 'assets');

/** Which demo picture of the package a crop comes from. */
type AssetFile = 'screenshot-faceid.jpg' | 'screenshot-facedetect.jpg' | 'screenshot-facematch.jpg' | 'samples.jpg';

interface Crop {
  file: AssetFile;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Mirror the crop left-right (flips the sign of the yaw). */
  mirror?: boolean;
}

/**
 * The "Extracted Faces" grid of screenshot-facematch.jpg: 6 rows of 18 thumbnails, each about
 * 103 × 106 pixels, tops at y = 283 + 112.4 × row, lefts at x = 1920 / 18 × column. Human sorted
 * the grid by similarity to the selected face, so row 0 is mostly the same man.
 */
export function facematchGridCrop(row: number, column: number): Crop {
  if (!Number.isInteger(row) || !Number.isInteger(column) || row < 0 || row > 5 || column < 0 || column > 17) {
    throw new Error(`The facematch grid has rows 0..5 and columns 0..17, not (${row}, ${column}).`);
  }
  return { file: 'screenshot-facematch.jpg', left: Math.round((column * 1920) / 18) + 1, top: Math.round(283 + row * 112.4), width: 103, height: 106 };
}

/**
 * The one-face fixtures. "man-*" are the same man (the demo subject of the package's screenshots)
 * in five different photos; "man-turned" shows him with the head turned (yaw about -23°, nose to the
 * image's right) and "man-turned-mirrored" is its mirror image (about +20°). The women are four
 * other people from the facedetect demo. Measured distances between them: docs/faces.md.
 */
const CROPS = {
  /** screenshot-faceid.jpg: the webcam still in the FaceID demo, frontal, indoors. */
  'man-faceid': { file: 'screenshot-faceid.jpg', left: 15, top: 141, width: 138, height: 140 },
  /** screenshot-facedetect.jpg: first of the five extracted faces (a party photo), slightly turned. */
  'man-facedetect': { file: 'screenshot-facedetect.jpg', left: 9, top: 345, width: 148, height: 150 },
  /** screenshot-facematch.jpg: grid row 0, column 7 (a third photo; the nose points a little to the right). */
  'man-facematch': facematchGridCrop(0, 7),
  /**
   * screenshot-facematch.jpg: grid row 0, column 2, a fourth photo, nearly frontal (yaw about
   * -10°); the front of the turn capture, because it is closer to the turned photo (distance about
   * 0.29) than the FaceID still is (about 0.47), as the frames of one real capture would be.
   */
  'man-frontal': facematchGridCrop(0, 2),
  /** screenshot-facematch.jpg: grid row 0, column 16, head turned (yaw about -23°). */
  'man-turned': facematchGridCrop(0, 16),
  'man-turned-mirrored': { ...facematchGridCrop(0, 16), mirror: true },
  /** screenshot-facedetect.jpg: extracted faces two to five, four different women. */
  'woman-dark-hair': { file: 'screenshot-facedetect.jpg', left: 166, top: 345, width: 148, height: 150 },
  'woman-blonde': { file: 'screenshot-facedetect.jpg', left: 322, top: 345, width: 148, height: 150 },
  'woman-brunette': { file: 'screenshot-facedetect.jpg', left: 478, top: 345, width: 150, height: 150 },
  'woman-monochrome': { file: 'screenshot-facedetect.jpg', left: 633, top: 343, width: 156, height: 158 },
} as const satisfies Record<string, Crop>;

/** Names accepted by faceOf(). */
export type FaceFixtureName = keyof typeof CROPS;
/** Every one-face fixture name, the man's first. */
export const FACE_FIXTURE_NAMES = Object.keys(CROPS) as FaceFixtureName[];
/** The fixtures that show the same man (different photos, plus the turned one and its mirror). */
export const SAME_MAN: readonly FaceFixtureName[] = ['man-faceid', 'man-facedetect', 'man-facematch', 'man-frontal', 'man-turned', 'man-turned-mirrored'];
/** Four people other than the man, each in one photo. */
export const OTHER_PEOPLE: readonly FaceFixtureName[] = ['woman-dark-hair', 'woman-blonde', 'woman-brunette', 'woman-monochrome'];

/** Side of the square one-face fixtures, pixels; the face fills about 60% of it. */
const STILL_SIDE = 320;
const FACE_SIDE = 200;
const BACKDROP = { r: 64, g: 64, b: 64 };

let folder: Promise<string> | undefined;
const built = new Map<string, Promise<unknown>>();

/** The per-process fixture folder (created once, left for the OS to clean). */
function fixtureFolder(): Promise<string> {
  folder ??= mkdtemp(path.join(os.tmpdir(), 'loupe-face-fixtures-'));
  return folder;
}

function once<T>(key: string, build: () => Promise<T>): Promise<T> {
  let entry = built.get(key) as Promise<T> | undefined;
  if (entry === undefined) {
    entry = build();
    built.set(key, entry);
  }
  return entry;
}

/** The crop as a FACE_SIDE × FACE_SIDE RGB PNG buffer. */
async function cropPng(crop: Crop, side = FACE_SIDE): Promise<Buffer> {
  let pipeline = sharp(path.join(HUMAN_ASSETS_DIR, crop.file)).extract({ left: crop.left, top: crop.top, width: crop.width, height: crop.height });
  if (crop.mirror === true) pipeline = pipeline.flop();
  return pipeline.resize({ width: side, height: side, fit: 'cover' }).removeAlpha().png().toBuffer();
}

async function saveStill(name: string, png: Buffer): Promise<FaceFixtureImage> {
  const bytes = await sharp(png).jpeg({ quality: 92 }).toBuffer();
  const file = path.join(await fixtureFolder(), `${name}.jpg`);
  await writeFile(file, bytes);
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { name, path: file, bytes, image: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height } };
}

/**
 * One face: the named crop scaled to 200 × 200 and centred on a 320 × 320 grey backdrop (the
 * detector finds a face that fills the whole picture less reliably), as a JPEG.
 */
export function faceOf(name: FaceFixtureName): Promise<FaceFixtureImage> {
  const crop: Crop | undefined = CROPS[name];
  if (crop === undefined) throw new Error(`No face fixture called ${String(name)}; choose one of ${FACE_FIXTURE_NAMES.join(', ')}.`);
  return once(`face:${name}`, async () => {
    const margin = (STILL_SIDE - FACE_SIDE) / 2;
    const png = await sharp(await cropPng(crop)).extend({ top: margin, bottom: margin, left: margin, right: margin, background: BACKDROP }).png().toBuffer();
    return saveStill(name, png);
  });
}

/** A thumbnail of the facematch grid on the same backdrop as faceOf(), for calibration. */
export function facematchGridFace(row: number, column: number): Promise<FaceFixtureImage> {
  const crop = facematchGridCrop(row, column);
  return once(`grid:${row}:${column}`, async () => {
    const margin = (STILL_SIDE - FACE_SIDE) / 2;
    const png = await sharp(await cropPng(crop)).extend({ top: margin, bottom: margin, left: margin, right: margin, background: BACKDROP }).png().toBuffer();
    return saveStill(`grid-${row}-${column}`, png);
  });
}

/** Two faces side by side (the man from the FaceID demo and the dark-haired woman), 480 × 320. */
export function twoFaces(): Promise<FaceFixtureImage> {
  return once('two-faces', async () => {
    const [man, woman] = await Promise.all([cropPng(CROPS['man-faceid']), cropPng(CROPS['woman-dark-hair'])]);
    const png = await sharp({ create: { width: 480, height: 320, channels: 3, background: BACKDROP } })
      .composite([{ input: man, left: 20, top: 60 }, { input: woman, left: 260, top: 60 }])
      .png()
      .toBuffer();
    return saveStill('two-faces', png);
  });
}

/**
 * No face: the ceiling of the party photo in samples.jpg (lamps and drapes, no people), 320 × 240.
 * Chosen because it is a real photo with the colours and textures of the face photos around it.
 */
export function noFace(): Promise<FaceFixtureImage> {
  return once('no-face', async () => {
    const png = await sharp(path.join(HUMAN_ASSETS_DIR, 'samples.jpg')).extract({ left: 620, top: 190, width: 640, height: 200 }).resize({ width: 320, height: 240, fit: 'cover' }).removeAlpha().png().toBuffer();
    return saveStill('no-face', png);
  });
}


/** A width × height raw RGB backdrop: a warm gradient with grain, like a wall or a desk. */
function texturedBackdrop(width: number, height: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const grain = (random() - 0.5) * 30 + Math.sin((x + y * 0.3) / 7) * 8;
      const base = 150 + (60 * y) / height;
      const i = (y * width + x) * 3;
      pixels[i] = clampByte(base + grain);
      pixels[i + 1] = clampByte(base * 0.8 + grain);
      pixels[i + 2] = clampByte(base * 0.6 + grain);
    }
  }
  return pixels;
}

function clampByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

/** Adds seeded sensor-like noise to raw RGB in place. */
function addNoise(pixels: Buffer, amplitude: number, seed: number): void {
  const random = seededRandom(seed);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = clampByte(pixels[i]! + (random() - 0.5) * 2 * amplitude);
}

/** A white glare blob (radial gradient) as an SVG overlay of the given size. */
function glare(width: number, height: number, cx: number, cy: number, radius: number, opacity: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><radialGradient id="g"><stop offset="0" stop-color="white" stop-opacity="${opacity}"/><stop offset="1" stop-color="white" stop-opacity="0"/></radialGradient></defs><ellipse cx="${cx}" cy="${cy}" rx="${radius}" ry="${radius * 0.7}" fill="url(#g)"/></svg>`,
  );
}

/**
 * The man's FaceID still printed on a white card with a border, tilted, lying on a textured
 * surface, re-photographed: a slight shear for perspective, blur, noise and a glare spot. 400 × 400.
 * Returns the PNG of the scene before the JPEG save, for the spoof capture to move around.
 */
async function photoOfPhotoScene(): Promise<Buffer> {
  const face = await sharp(await cropPng(CROPS['man-faceid'], 150)).extend({ top: 14, bottom: 34, left: 14, right: 14, background: { r: 246, g: 244, b: 238 } }).png().toBuffer();
  // An affine shear and a small rotation stand in for the perspective of a card photographed at an angle.
  const card = await sharp(face).affine([[1, 0.08], [0.03, 0.96]], { background: { r: 0, g: 0, b: 0, alpha: 0 } }).rotate(-6, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer();
  const cardInfo = await sharp(card).metadata();
  const side = 400;
  const surface = await sharp(texturedBackdrop(side, side, 12), { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
  const scene = await sharp(surface)
    .composite([
      { input: card, left: Math.round((side - (cardInfo.width ?? 200)) / 2), top: Math.round((side - (cardInfo.height ?? 220)) / 2) },
      { input: glare(side, side, 250, 150, 90, 0.55) },
    ])
    .blur(1.2)
    .removeAlpha()
    .raw()
    .toBuffer();
  addNoise(scene, 10, 13);
  return sharp(scene, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();
}

/** Spoof: a photo of a printed photo of the man (see photoOfPhotoScene), 400 × 400 JPEG. */
export function photoOfPhoto(): Promise<FaceFixtureImage> {
  return once('photo-of-photo', async () => saveStill('photo-of-photo', await photoOfPhotoScene()));
}

/**
 * Spoof: the man's FaceID still shown on a phone held up to the camera: a dark bezel, a blue colour
 * cast, scanlines and a moiré pattern (the beat between screen pixels and camera sensor), on the
 * textured backdrop. 400 × 400 JPEG.
 */
export function screenReplay(): Promise<FaceFixtureImage> {
  return once('screen-replay', async () => {
    const screenWidth = 200;
    const screenHeight = 260;
    const { data } = await sharp(await cropPng(CROPS['man-faceid'], screenWidth))
      .extend({ top: 30, bottom: 30, left: 0, right: 0, background: { r: 20, g: 20, b: 24 } })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const screen = Buffer.from(data);
    for (let y = 0; y < screenHeight; y += 1) {
      for (let x = 0; x < screenWidth; x += 1) {
        const i = (y * screenWidth + x) * 3;
        const scanline = y % 3 === 0 ? 0.78 : 1;
        const moire = 1 + 0.12 * Math.sin((x * 0.9 + y * 0.35) * 0.8) * Math.sin(y * 0.21);
        pixelsTimes(screen, i, [0.85 * scanline * moire, 0.95 * scanline * moire, 1.15 * scanline * moire], [0, 6, 22]);
      }
    }
    const phone = await sharp({ create: { width: screenWidth + 28, height: screenHeight + 56, channels: 3, background: { r: 18, g: 18, b: 20 } } })
      .composite([{ input: await sharp(screen, { raw: { width: screenWidth, height: screenHeight, channels: 3 } }).png().toBuffer(), left: 14, top: 28 }])
      .png()
      .toBuffer();
    const side = 400;
    const scene = await sharp(await sharp(texturedBackdrop(side, side, 21), { raw: { width: side, height: side, channels: 3 } }).png().toBuffer())
      .composite([{ input: await sharp(phone).rotate(4, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer(), left: 70, top: 28 }, { input: glare(side, side, 150, 110, 70, 0.35) }])
      .blur(0.8)
      .removeAlpha()
      .raw()
      .toBuffer();
    addNoise(scene, 8, 22);
    return saveStill('screen-replay', await sharp(scene, { raw: { width: side, height: side, channels: 3 } }).png().toBuffer());
  });
}

function pixelsTimes(pixels: Buffer, i: number, factors: [number, number, number], offsets: [number, number, number]): void {
  for (let k = 0; k < 3; k += 1) pixels[i + k] = clampByte(pixels[i + k]! * factors[k]! + offsets[k]!);
}

/** Frame size and rate of the capture fixtures (portrait, like a phone's front camera). */
export const CAPTURE_WIDTH = 480;
export const CAPTURE_HEIGHT = 640;
export const CAPTURE_FPS = 10;
const CAPTURE_FRAMES = 30;

/** One layer of a capture frame: a PNG and where its centre sits (fractions of the frame), at what width. */
interface Layer {
  png: Buffer;
  centreX: number;
  centreY: number;
  /** Pixels, before jitter. */
  width: number;
}

/**
 * Encodes frames (each a list of layers on a textured backdrop) as an H.264 MP4 at 10 fps. Every
 * frame gets a small seeded jitter of position (±6 px) and scale (±3%), so the video is not a
 * slideshow of identical frames and the sampler and the models see slightly different pictures.
 */
async function encodeCapture(name: string, frames: Layer[][], seed: number): Promise<CaptureFixture> {
  const random = seededRandom(seed);
  const backdrop = await sharp(texturedBackdrop(CAPTURE_WIDTH, CAPTURE_HEIGHT, seed), { raw: { width: CAPTURE_WIDTH, height: CAPTURE_HEIGHT, channels: 3 } }).png().toBuffer();
  const raw: Buffer[] = [];
  for (const layers of frames) {
    const overlays: OverlayOptions[] = [];
    for (const layer of layers) {
      const width = Math.round(layer.width * (1 + (random() - 0.5) * 0.06));
      const input = await sharp(layer.png).resize({ width }).png().toBuffer();
      const height = (await sharp(input).metadata()).height ?? width;
      overlays.push({
        input,
        left: Math.round(layer.centreX * CAPTURE_WIDTH - width / 2 + (random() - 0.5) * 12),
        top: Math.round(layer.centreY * CAPTURE_HEIGHT - height / 2 + (random() - 0.5) * 12),
      });
    }
    raw.push(await sharp(backdrop).composite(overlays).removeAlpha().raw().toBuffer());
  }
  const dir = path.join(await fixtureFolder(), name);
  await mkdir(dir, { recursive: true });
  const rawPath = path.join(dir, 'frames.rgb');
  await writeFile(rawPath, Buffer.concat(raw));
  const output = path.join(await fixtureFolder(), `${name}.mp4`);
  await runFfmpeg([
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${CAPTURE_WIDTH}x${CAPTURE_HEIGHT}`, '-r', String(CAPTURE_FPS), '-i', rawPath,
    ...H264_VIDEO_ARGS, '-crf', '20', '-movflags', '+faststart', '-y', output,
  ]);
  return { name, path: output, bytes: await readFile(output), frameCount: frames.length, durationSeconds: frames.length / CAPTURE_FPS, width: CAPTURE_WIDTH, height: CAPTURE_HEIGHT };
}

const FACE_IN_CAPTURE_WIDTH = 300;

async function faceLayer(name: FaceFixtureName): Promise<Layer> {
  return { png: await cropPng(CROPS[name], 240), centreX: 0.5, centreY: 0.42, width: FACE_IN_CAPTURE_WIDTH };
}

/**
 * A passing challenge, 3 s: 10 frames frontal (man-frontal), 10 frames with the head turned so the
 * nose points to the image's right (man-turned, yaw about -20°: the person's own left, as an
 * unmirrored camera sees it), then 10 frames turned the other way (man-turned-mirrored, about +20°).
 * Assembled from stills of two photos, not a real live capture.
 */
export function captureTurnLeftThenRight(): Promise<CaptureFixture> {
  return once('capture-turn', async () => {
    const [front, left, right] = await Promise.all([faceLayer('man-frontal'), faceLayer('man-turned'), faceLayer('man-turned-mirrored')]);
    return encodeCapture('capture-turn-left-then-right', [...repeat([front], 10), ...repeat([left], 10), ...repeat([right], 10)], 101);
  });
}

/** A failed challenge, 3 s: the man frontal throughout (man-faceid), never turning. */
export function captureNoTurn(): Promise<CaptureFixture> {
  return once('capture-no-turn', async () => encodeCapture('capture-no-turn', repeat([await faceLayer('man-faceid')], CAPTURE_FRAMES), 102));
}

/** Two faces in view, 3 s: the man and the dark-haired woman side by side, frontal. */
export function captureTwoFaces(): Promise<CaptureFixture> {
  return once('capture-two-faces', async () => {
    const man = { ...(await faceLayer('man-faceid')), centreX: 0.27, width: 210 };
    const woman = { ...(await faceLayer('woman-dark-hair')), centreX: 0.73, width: 210 };
    return encodeCapture('capture-two-faces', repeat([man, woman], CAPTURE_FRAMES), 103);
  });
}

/** A spoof, 3 s: the photo-of-a-photo scene (photoOfPhoto) held up and moving slightly. */
export function captureSpoof(): Promise<CaptureFixture> {
  return once('capture-spoof', async () => {
    const card: Layer = { png: await photoOfPhotoScene(), centreX: 0.5, centreY: 0.45, width: 440 };
    return encodeCapture('capture-spoof', repeat([card], CAPTURE_FRAMES), 104);
  });
}

function repeat<T>(item: T, times: number): T[] {
  return Array.from({ length: times }, () => item);
}
