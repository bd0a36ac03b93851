/**
 * What an image-to-video request may use as its source image, decided from the file's own bytes:
 * its format by magic bytes (never the file name or a declared type), its size in bytes and the
 * pixel size its header states, and whether its structure is complete (a truncated upload is
 * refused here, before anything is stored). Every refusal is one sentence the uploader can act on.
 *
 * Pure code on a Uint8Array: the console's form and the submission service share it. Decoding
 * (which catches damage inside the compressed data, reads EXIF orientation and the colour model)
 * is the submission service's job (app/services/source-image.server.ts, with sharp); what it finds
 * comes back here as DecodedImageFacts.
 *
 * What is kept of an accepted image is decided here too: the picture as people see it (upright,
 * 8-bit sRGB, alpha kept), its colour profile when the picture needs no conversion, never camera
 * metadata or a C2PA store (stripSourceImageMetadata, conversionsNeeded, SOURCE_IMAGE_REENCODING).
 */

export const SOURCE_IMAGE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  /** Per side; larger images cost memory to scale and add nothing to a 720x1280 clip. */
  maxSidePixels: 4096,
  /** Per side; anything smaller is an icon, not a picture a clip can be made from. */
  minSidePixels: 16,
} as const;

export const SOURCE_IMAGE_TYPES = {
  'image/png': { extension: 'png', name: 'PNG' },
  'image/jpeg': { extension: 'jpg', name: 'JPEG' },
  'image/webp': { extension: 'webp', name: 'WebP' },
} as const;
export type SourceImageMimeType = keyof typeof SOURCE_IMAGE_TYPES;

export interface SourceImageFacts {
  mimeType: SourceImageMimeType;
  width: number;
  height: number;
  byteSize: number;
}

export type SourceImageInspection = { ok: true; image: SourceImageFacts } | { ok: false; problem: string };

const MEGABYTE = 1024 * 1024;

/** A size for people; rounded up, so a file just over a limit never reads as equal to it. */
export function describeBytes(byteSize: number): string {
  return byteSize >= MEGABYTE ? `${(Math.ceil((byteSize / MEGABYTE) * 10) / 10).toFixed(1)} MB` : `${Math.max(1, Math.ceil(byteSize / 1024))} KB`;
}

export const SOURCE_IMAGE_TOO_LARGE = `The source image is larger than ${SOURCE_IMAGE_LIMITS.maxBytes / MEGABYTE} MB, the limit: upload a smaller or more compressed PNG, JPEG or WebP.`;

/** Reads format, pixel size and structural completeness of an uploaded source image. */
export function inspectSourceImage(bytes: Uint8Array): SourceImageInspection {
  const refuse = (problem: string): SourceImageInspection => ({ ok: false, problem });
  if (bytes.length === 0) return refuse('The source image is empty: choose a PNG, JPEG or WebP file.');
  if (bytes.length > SOURCE_IMAGE_LIMITS.maxBytes) {
    return refuse(
      `The source image is ${describeBytes(bytes.length)}; the limit is ${SOURCE_IMAGE_LIMITS.maxBytes / MEGABYTE} MB. Upload a smaller or more compressed image.`,
    );
  }
  const mimeType = sniffFormat(bytes);
  if (mimeType === null) {
    return refuse('The source image is not a PNG, JPEG or WebP image (its first bytes are not one of those formats): upload one of those.');
  }
  const name = SOURCE_IMAGE_TYPES[mimeType].name;
  const header = mimeType === 'image/png' ? readPng(bytes) : mimeType === 'image/jpeg' ? readJpeg(bytes) : readWebp(bytes);
  if ('problem' in header) return refuse(`The source image is a ${name} file, but ${header.problem}`);

  const { width, height } = header;
  const { maxSidePixels, minSidePixels } = SOURCE_IMAGE_LIMITS;
  if (width > maxSidePixels || height > maxSidePixels) {
    return refuse(`The source image is ${width}×${height} pixels; the limit is ${maxSidePixels} pixels on each side. Scale it down and upload it again.`);
  }
  if (width < minSidePixels || height < minSidePixels) {
    return refuse(`The source image is ${width}×${height} pixels; it needs at least ${minSidePixels} pixels on each side.`);
  }
  return { ok: true, image: { mimeType, width, height, byteSize: bytes.length } };
}

function sniffFormat(bytes: Uint8Array): SourceImageMimeType | null {
  const startsWith = (signature: readonly number[], at = 0) => signature.every((value, i) => bytes[at + i] === value);
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(ascii('RIFF')) && startsWith(ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

type Header = { width: number; height: number; jpegFrameMarker?: number } | { problem: string };

const TRUNCATED = 'it is truncated or damaged (it ends before its structure does): upload the complete file.';

function ascii(text: string): number[] {
  return [...text].map((ch) => ch.charCodeAt(0));
}

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function u16be(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function uLe(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[at + i]!;
  return value;
}

/** PNG: IHDR first (it states the size), then chunks that tile the file up to IEND; no animation. */
function readPng(bytes: Uint8Array): Header {
  if (bytes.length < 33 || fourCc(bytes, 12) !== 'IHDR' || u32be(bytes, 8) !== 13) return { problem: TRUNCATED };
  const width = u32be(bytes, 16);
  const height = u32be(bytes, 20);
  let offset = 8;
  let sawImageData = false;
  while (offset + 12 <= bytes.length) {
    const length = u32be(bytes, offset);
    const type = fourCc(bytes, offset + 4);
    if (offset + 12 + length > bytes.length) return { problem: TRUNCATED };
    if (type === 'IDAT') sawImageData = true;
    // APNG's animation control chunk: the review screen would play frames the generator never uses.
    if (type === 'acTL') return { problem: 'it is animated (APNG); upload a still image.' };
    if (type === 'IEND') return sawImageData ? { width, height } : { problem: 'it holds no image data.' };
    offset += 12 + length;
  }
  return { problem: TRUNCATED };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** JPEG: walk the header segments to the frame header; the compressed data must end with EOI. */
function readJpeg(bytes: Uint8Array): Header {
  let offset = 2;
  let size: { width: number; height: number; jpegFrameMarker: number } | null = null;
  while (size === null) {
    while (bytes[offset] === 0xff && bytes[offset + 1] === 0xff) offset++; // fill bytes
    if (offset + 4 > bytes.length || bytes[offset] !== 0xff) return { problem: TRUNCATED };
    const marker = bytes[offset + 1]!;
    if (marker === 0xd9 || marker === 0xda) return { problem: 'it has no frame header stating its size.' };
    const length = u16be(bytes, offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return { problem: TRUNCATED };
    if (JPEG_FRAME_MARKERS.has(marker)) {
      if (length < 7) return { problem: TRUNCATED };
      size = { height: u16be(bytes, offset + 5), width: u16be(bytes, offset + 7), jpegFrameMarker: marker };
    }
    offset += 2 + length;
  }
  if (size.height === 0) return { problem: 'it does not state its height in its header (DNL), which is not supported.' };
  // The End Of Image marker, possibly followed by padding some cameras and editors append.
  let end = bytes.length;
  while (end > offset && bytes[end - 1] === 0x00) end--;
  if (!(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9)) return { problem: TRUNCATED };
  return size;
}

/** WebP: the RIFF size covers the whole file; the first chunk (VP8, VP8L or VP8X) states the size. */
function readWebp(bytes: Uint8Array): Header {
  if (bytes.length < 30) return { problem: TRUNCATED };
  const riffEnd = 8 + uLe(bytes, 4, 4);
  if (riffEnd > bytes.length) return { problem: TRUNCATED };
  const chunk = fourCc(bytes, 12);
  if (chunk === 'VP8X') {
    if ((bytes[20]! & 0x02) !== 0) return { problem: 'it is animated; upload a still image.' };
    return { width: uLe(bytes, 24, 3) + 1, height: uLe(bytes, 27, 3) + 1 };
  }
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes), then the key-frame start code 9d 01 2a and two 14-bit sizes.
    if (!(bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a)) return { problem: 'its VP8 data does not start with a key frame.' };
    return { width: uLe(bytes, 26, 2) & 0x3fff, height: uLe(bytes, 28, 2) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return { problem: 'its lossless data has no signature.' };
    const bits = uLe(bytes, 21, 4);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return { problem: `its first chunk is "${chunk.replace(/[^\x20-\x7e]/g, '?')}", not VP8, VP8L or VP8X.` };
}

/**
 * PNG chunks that carry metadata, not pixels or colour: EXIF, text (comments, software, XMP),
 * time, and the C2PA manifest store (`caBX`, C2PA 2.x section "Embedding manifests into PNG").
 */
const PNG_METADATA_CHUNKS = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME', 'caBX']);
/** JPEG segments that carry metadata: APP1 (EXIF, XMP), APP13 (IPTC, Photoshop) and comments. APP2 (ICC colour) stays. */
const JPEG_METADATA_MARKERS = new Set([0xe1, 0xed, 0xfe]);
/** APP11: JPEG XT boxes (JUMBF), in which C2PA embeds its manifest store in JPEG. */
const JPEG_APP11 = 0xeb;
/** WebP chunks that carry metadata, and their flags in the VP8X header (C2PA has none). */
const WEBP_METADATA_CHUNKS: Record<string, number> = { EXIF: 0x08, 'XMP ': 0x04, C2PA: 0 };
/** The JUMBF box type of a C2PA manifest store: the UUID 63327061-0011-0010-8000-00AA00389B71 ("c2pa"...). */
const C2PA_JUMBF_UUID = [0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** What removing metadata did: the bytes kept, and whether a C2PA manifest store was among what went. */
interface Stripped {
  bytes: Uint8Array;
  c2paStore: boolean;
}

/**
 * The image without camera metadata: EXIF (GPS position, device, time), XMP, IPTC, text chunks
 * and an embedded C2PA manifest store are removed without touching the compressed pixels, so a
 * creator's location never reaches storage. The C2PA store goes because its hash no longer fits
 * the changed bytes: kept, it would read as tampered (the upload itself, credentials and all, is
 * kept apart when it has one: carriesC2paStore). The colour profile (ICC) stays. EXIF orientation
 * goes with the EXIF, so an image whose orientation is not upright must be turned upright first
 * (conversionsNeeded says so). Expects an image inspectSourceImage accepted; an image without
 * metadata comes back byte for byte.
 */
export function stripSourceImageMetadata(bytes: Uint8Array, mimeType: SourceImageMimeType): Uint8Array {
  return strip(bytes, mimeType).bytes;
}

/**
 * Whether the upload embeds a C2PA manifest store (JPEG: APP11 JUMBF boxes of the C2PA type; PNG:
 * a `caBX` chunk; WebP: a `C2PA` chunk), readable or not. Such an upload is kept as it arrived,
 * staff-only, so the clip's manifest can name it as an ingredient with its own validation results.
 * Expects an image inspectSourceImage accepted.
 */
export function carriesC2paStore(bytes: Uint8Array, mimeType: SourceImageMimeType): boolean {
  return strip(bytes, mimeType).c2paStore;
}

function strip(bytes: Uint8Array, mimeType: SourceImageMimeType): Stripped {
  if (mimeType === 'image/png') return stripPng(bytes);
  if (mimeType === 'image/jpeg') return stripJpeg(bytes);
  return stripWebp(bytes);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function stripPng(bytes: Uint8Array): Stripped {
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let offset = 8;
  let dropped = false;
  let c2paStore = false;
  while (offset + 12 <= bytes.length) {
    const end = offset + 12 + u32be(bytes, offset);
    const type = fourCc(bytes, offset + 4);
    if (PNG_METADATA_CHUNKS.has(type)) dropped = true;
    else kept.push(bytes.subarray(offset, end));
    if (type === 'caBX') c2paStore = true;
    offset = end;
    if (type === 'IEND') break;
  }
  return { bytes: dropped ? concat(kept) : bytes, c2paStore };
}

/**
 * The JUMBF box instance number (En) of an APP11 segment at `offset` whose payload belongs to a
 * C2PA manifest store, or null. JPEG XT packs a box into APP11 segments: 'JP', En, a sequence
 * number, then the box; the first segment of a box starts with the superbox header and its
 * description box (`jumd`), whose type UUID says C2PA. Later segments repeat En only.
 */
function app11BoxInstance(bytes: Uint8Array, offset: number, end: number): { instance: number; c2pa: boolean } | null {
  const payload = offset + 4;
  if (end - payload < 8 || bytes[payload] !== 0x4a || bytes[payload + 1] !== 0x50) return null;
  const instance = u16be(bytes, payload + 2);
  // The superbox: LBox, 'jumb' (and an 8-byte XLBox when LBox is 1); then the description box.
  const superbox = payload + 8;
  if (end - superbox < 8 || fourCc(bytes, superbox + 4) !== 'jumb') return { instance, c2pa: false };
  const description = superbox + (u32be(bytes, superbox) === 1 ? 16 : 8);
  const uuid = description + 8;
  const c2pa = end - uuid >= 16 && fourCc(bytes, description + 4) === 'jumd' && C2PA_JUMBF_UUID.every((value, i) => bytes[uuid + i] === value);
  return { instance, c2pa };
}

function stripJpeg(bytes: Uint8Array): Stripped {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let offset = 2;
  let dropped = false;
  const c2paInstances = new Set<number>();
  for (;;) {
    while (bytes[offset] === 0xff && bytes[offset + 1] === 0xff) offset++;
    const marker = bytes[offset + 1]!;
    // Start of scan: from here on it is compressed data (and what follows it), kept as it is.
    if (marker === 0xda || offset + 4 > bytes.length) {
      kept.push(bytes.subarray(offset));
      break;
    }
    const end = offset + 2 + u16be(bytes, offset + 2);
    let metadata = JPEG_METADATA_MARKERS.has(marker);
    if (marker === JPEG_APP11) {
      const box = app11BoxInstance(bytes, offset, Math.min(end, bytes.length));
      if (box?.c2pa) c2paInstances.add(box.instance);
      metadata = box !== null && c2paInstances.has(box.instance);
    }
    if (metadata) dropped = true;
    else kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  return { bytes: dropped ? concat(kept) : bytes, c2paStore: c2paInstances.size > 0 };
}

function stripWebp(bytes: Uint8Array): Stripped {
  const extended = fourCc(bytes, 12) === 'VP8X';
  const kept: Uint8Array[] = [];
  let dropped = false;
  let c2paStore = false;
  let clearedFlags = 0;
  let offset = 12;
  const riffEnd = Math.min(bytes.length, 8 + uLe(bytes, 4, 4));
  while (offset + 8 <= riffEnd) {
    const type = fourCc(bytes, offset);
    const size = uLe(bytes, offset + 4, 4);
    const end = Math.min(riffEnd, offset + 8 + size + (size % 2));
    const flag = WEBP_METADATA_CHUNKS[type];
    if (flag === undefined) kept.push(bytes.subarray(offset, end));
    else {
      dropped = true;
      clearedFlags |= flag;
    }
    if (type === 'C2PA') c2paStore = true;
    offset = end;
  }
  if (!dropped) return { bytes, c2paStore };
  const out = concat([bytes.subarray(0, 12), ...kept]);
  const riffSize = out.length - 8;
  out.set([riffSize & 0xff, (riffSize >>> 8) & 0xff, (riffSize >>> 16) & 0xff, (riffSize >>> 24) & 0xff], 4);
  // The VP8X flags byte (the VP8X chunk is first, at 12); simple layouts have no flags.
  if (extended) out[20] = out[20]! & ~clearedFlags;
  return { bytes: out, c2paStore };
}

// ---------------------------------------------------------------------------------------------
// Turning an upload into the picture that is stored

/**
 * What the decoder (sharp/libvips, in the submission service) found in an upload, as plain data.
 * The values are libvips' names: `space` 'srgb' (RGB, whatever its profile), 'b-w' (grey), 'cmyk',
 * 'rgb16', 'grey16', 'lab'...; `depth` 'uchar' for 8 bits per sample, 'ushort' for 16.
 */
export interface DecodedImageFacts {
  /** EXIF orientation tag, 1..8; absent when the file has none. 1 is upright. */
  orientation?: number;
  space: string;
  channels: number;
  depth: string;
  /** An indexed-colour (palette) PNG. */
  isPalette: boolean;
}

/**
 * Why an upload is re-encoded instead of stored as it came (minus its metadata). Browsers apply
 * EXIF orientation and Loupe's ffmpeg 4.1 does not, and the EXIF goes with the metadata, so an
 * oriented picture is turned upright first. A CMYK JPEG's colours depend on a profile that
 * browsers apply and ffmpeg does not, and JPEGs coded other than baseline or progressive Huffman
 * are beyond some decoders. Grey, palette and 16-bit pictures are read alike by today's readers,
 * but are converted too, so that every stored source image is one kind (8-bit RGB, or RGBA) and
 * the generator, the review screen and the PDQ hasher never meet another.
 */
export const SOURCE_IMAGE_CONVERSIONS = ['orientation', 'colour-model', 'palette', 'bit-depth', 'jpeg-coding'] as const;
export type SourceImageConversion = (typeof SOURCE_IMAGE_CONVERSIONS)[number];

/**
 * JPEG frame types stored as they are: baseline (C0), extended sequential (C1) and progressive (C2)
 * Huffman coding, which every decoder Loupe uses reads. Arithmetic (C9-CB), lossless (C3) and
 * hierarchical (C5-C7) JPEGs are re-encoded.
 */
const PLAIN_JPEG_FRAMES = new Set([0xc0, 0xc1, 0xc2]);

/**
 * What must happen to an accepted upload before it is stored; empty when stripping its metadata is
 * enough (the compressed pixels are then kept bit for bit, and with them the colour profile).
 * `bytes` must be an image inspectSourceImage accepted as `mimeType`.
 */
export function conversionsNeeded(bytes: Uint8Array, mimeType: SourceImageMimeType, decoded: DecodedImageFacts): SourceImageConversion[] {
  const needed: SourceImageConversion[] = [];
  if (decoded.orientation !== undefined && decoded.orientation !== 1) needed.push('orientation');
  if (decoded.space !== 'srgb' || (decoded.channels !== 3 && decoded.channels !== 4)) needed.push('colour-model');
  if (decoded.isPalette) needed.push('palette');
  if (decoded.depth !== 'uchar') needed.push('bit-depth');
  if (mimeType === 'image/jpeg') {
    const header = readJpeg(bytes);
    if ('problem' in header || !PLAIN_JPEG_FRAMES.has(header.jpegFrameMarker ?? -1)) needed.push('jpeg-coding');
  }
  return needed;
}

/**
 * How a converted upload is written: upright, 8-bit sRGB (the profile applied, then not embedded:
 * sRGB is what browsers and ffmpeg assume of an untagged file), alpha kept, in the format it came
 * in, without metadata.
 * - JPEG at quality 92: re-encoding a phone photo (usually saved at 90-95) at 92 keeps its size
 *   about the same and moves its PDQ hash by a few bits (the tests' EXIF-rotated photo lands 4
 *   bits from Meta's hash of the original). A lossless turn (jpegtran) works only for sizes that
 *   are whole blocks, and CMYK must be converted anyway; a PNG of that photo would be about ten
 *   times its size. The clip, at most 720x1280, is made from a scaled copy, where one re-encode
 *   at 92 does not show.
 * - PNG: lossless, as it came.
 * - WebP: lossless when the upload was (its picture is a VP8L bitstream), else quality 92 as JPEG.
 */
export const SOURCE_IMAGE_REENCODING = { jpegQuality: 92, webpQuality: 92 } as const;

/** Whether a WebP upload's picture is lossless (VP8L), directly or inside the extended layout. */
export function webpIsLossless(bytes: Uint8Array): boolean {
  const riffEnd = Math.min(bytes.length, 8 + uLe(bytes, 4, 4));
  for (let offset = 12; offset + 8 <= riffEnd; ) {
    const type = fourCc(bytes, offset);
    if (type === 'VP8L') return true;
    if (type === 'VP8 ') return false;
    const size = uLe(bytes, offset + 4, 4);
    offset += 8 + size + (size % 2);
  }
  return false;
}

/** The refusal for an upload whose structure is whole but whose picture data does not decode. */
export function undecodableSourceImage(mimeType: SourceImageMimeType): string {
  return `The source image is a ${SOURCE_IMAGE_TYPES[mimeType].name} file, but its picture data could not be decoded: it is damaged or truncated. Upload the complete file.`;
}

/** The refusal for an upload that, once turned into upright 8-bit RGB, is over the size limit. */
export function convertedSourceImageTooLarge(byteSize: number): string {
  return `The source image is ${describeBytes(byteSize)} once converted to upright 8-bit RGB, over the ${SOURCE_IMAGE_LIMITS.maxBytes / MEGABYTE} MB limit: upload it as a JPEG, or at a smaller size.`;
}
