/**
 * The source image of an image-to-video submission: checked from its bytes (format by magic bytes,
 * size, stated pixel size, complete structure: policies/source-image.ts), then decoded in full with
 * sharp (libvips) so damage inside the compressed data is refused too, and turned into the picture
 * people see: upright, 8-bit sRGB, without camera metadata (policies/source-image.ts decides when
 * that needs a re-encode and how). Only an image that passed every check reaches the MediaStore,
 * under the SHA-256 of the bytes actually stored. An upload that embedded a C2PA manifest store is
 * also kept as it arrived, apart (see SourceImageRef.original).
 *
 * Storing the files is all the app does: a content-addressed object is not pipeline state. The rows
 * that record it and link it to the request are written by the request's workflow (its recordRequest
 * activity), which receives the image's facts in its input.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { sourceImageKey, sourceImageOriginalKey, type MediaStore } from '../../db/media-store';
import type { SourceImageRef } from '../../contracts';
import type { StoredSourceImage } from '../../db/queries/source-images';
import {
  carriesC2paStore,
  conversionsNeeded,
  convertedSourceImageTooLarge,
  inspectSourceImage,
  SOURCE_IMAGE_LIMITS,
  SOURCE_IMAGE_REENCODING,
  SOURCE_IMAGE_TYPES,
  stripSourceImageMetadata,
  undecodableSourceImage,
  webpIsLossless,
  type DecodedImageFacts,
  type SourceImageConversion,
  type SourceImageMimeType,
} from '../../policies/source-image';

/** An upload refused; the message is the sentence for the uploader. */
export class SourceImageRefused extends Error {
  override name = 'SourceImageRefused';
}

/** A checked image waiting in a temporary folder until the submission stores it (or drops it). */
export interface CheckedSourceImage {
  /** The source_images row it will become. */
  image: StoredSourceImage;
  filePath: string;
  /** What was done to the picture besides removing metadata (empty: its compressed pixels are the upload's). */
  conversions: SourceImageConversion[];
  /** The upload as it arrived, when it embedded a C2PA manifest store; null otherwise. */
  original: { sha256: string; storageKey: string; byteSize: number; filePath: string } | null;
  discard(): Promise<void>;
}

/**
 * How strictly the decoder reads each format. libjpeg reports damaged entropy-coded data only as
 * warnings (it decodes the rest to grey), so JPEG fails on warnings; libpng's warnings are about
 * harmless ancillary chunks (the well-known "incorrect sRGB profile"), and PNG and WebP damage is
 * an error, so those fail on errors only.
 */
const FAIL_ON: Record<SourceImageMimeType, 'warning' | 'error'> = { 'image/jpeg': 'warning', 'image/png': 'error', 'image/webp': 'error' };

/** The decoder for `bytes`, bounded to the pixel limit whatever the header claimed. */
function decoder(bytes: Uint8Array, mimeType: SourceImageMimeType) {
  const { maxSidePixels } = SOURCE_IMAGE_LIMITS;
  return sharp(bytes, { failOn: FAIL_ON[mimeType], limitInputPixels: maxSidePixels * maxSidePixels });
}

/** The picture to store: bytes, pixel size (upright). */
interface Picture {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/**
 * Checks an uploaded image and prepares what will be stored (see the file comment). Stores nothing.
 * @throws SourceImageRefused with the sentence for the uploader when the upload is not a usable image.
 */
export async function checkSourceImage(bytes: Uint8Array): Promise<CheckedSourceImage> {
  const inspection = inspectSourceImage(bytes);
  if (!inspection.ok) throw new SourceImageRefused(inspection.problem);
  const { mimeType, width, height } = inspection.image;
  const refuseUndecodable = (cause: unknown): never => {
    throw new SourceImageRefused(undecodableSourceImage(mimeType), { cause });
  };

  const metadata = await decoder(bytes, mimeType).metadata().catch(refuseUndecodable);
  const decoded: DecodedImageFacts = {
    ...(metadata.orientation !== undefined ? { orientation: metadata.orientation } : {}),
    space: metadata.space ?? 'unknown',
    channels: metadata.channels ?? 0,
    depth: metadata.depth ?? 'unknown',
    isPalette: metadata.isPalette,
  };
  const conversions = conversionsNeeded(bytes, mimeType, decoded);

  let picture: Picture;
  if (conversions.length === 0) {
    // Only metadata goes; the compressed pixels (and the colour profile) stay as uploaded. Decoding
    // what is stored in full is the check that its picture data is whole.
    const stripped = stripSourceImageMetadata(bytes, mimeType);
    await decoder(stripped, mimeType).stats().catch(refuseUndecodable);
    picture = { bytes: stripped, width, height };
  } else {
    picture = await reencode(bytes, mimeType).catch(refuseUndecodable);
    if (picture.bytes.length > SOURCE_IMAGE_LIMITS.maxBytes) throw new SourceImageRefused(convertedSourceImageTooLarge(picture.bytes.length));
  }

  const { extension } = SOURCE_IMAGE_TYPES[mimeType];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-source-image-'));
  const discard = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const filePath = path.join(dir, `upload.${extension}`);
    await fs.writeFile(filePath, picture.bytes);
    let original: CheckedSourceImage['original'] = null;
    if (carriesC2paStore(bytes, mimeType)) {
      const originalPath = path.join(dir, `original.${extension}`);
      await fs.writeFile(originalPath, bytes);
      const sha256 = sha256Hex(bytes);
      original = { sha256, storageKey: sourceImageOriginalKey(sha256, extension), byteSize: bytes.length, filePath: originalPath };
    }
    const sha256 = sha256Hex(picture.bytes);
    return {
      image: { sha256, storage_key: sourceImageKey(sha256, extension), mime_type: mimeType, width: picture.width, height: picture.height, byte_size: picture.bytes.length },
      filePath,
      conversions,
      original,
      discard,
    };
  } catch (error) {
    await discard();
    throw error;
  }
}

/**
 * The upload decoded, turned upright (EXIF orientation), converted to 8-bit sRGB through its colour
 * profile (or libvips' CMYK profile), alpha kept, and written again in its own format without any
 * metadata, as SOURCE_IMAGE_REENCODING says.
 */
async function reencode(bytes: Uint8Array, mimeType: SourceImageMimeType): Promise<Picture> {
  const upright = decoder(bytes, mimeType).autoOrient().toColourspace('srgb');
  const { jpegQuality, webpQuality } = SOURCE_IMAGE_REENCODING;
  const encoded =
    mimeType === 'image/jpeg'
      ? upright.jpeg({ quality: jpegQuality })
      : mimeType === 'image/png'
        ? upright.png()
        : upright.webp(webpIsLossless(bytes) ? { lossless: true } : { quality: webpQuality });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Puts a checked image (and the upload as it arrived, when it is kept) in the media store under its
 * content hash and returns what the request's workflow needs to record it. Idempotent: the same
 * bytes are one object however often they are submitted. Writes no database row.
 */
export async function storeSourceImage(media: MediaStore, checked: CheckedSourceImage): Promise<SourceImageRef> {
  const { sha256, storage_key, mime_type, width, height, byte_size } = checked.image;
  await media.putFile(storage_key, checked.filePath);
  const ref: SourceImageRef = { sha256, storageKey: storage_key, mimeType: mime_type, width, height, byteSize: byte_size };
  if (checked.original) {
    const { filePath, ...original } = checked.original;
    await media.putFile(original.storageKey, filePath);
    ref.original = original;
  }
  return ref;
}
