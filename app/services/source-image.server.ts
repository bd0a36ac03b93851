/**
 * The source image of an image-to-video submission: checked from its bytes (format by magic bytes,
 * size, stated pixel size, complete structure: policies/source-image.ts), then decoded in full with
 * the bundled ffmpeg so damage inside the compressed data is refused too. Camera metadata (EXIF with
 * GPS, XMP, IPTC) is removed first; only an image that passed every check reaches the MediaStore,
 * under the SHA-256 of the bytes actually stored.
 *
 * Storing the file is all the app does: a content-addressed object is not pipeline state. The rows
 * that record it and link it to the request are written by the request's workflow (its recordRequest
 * activity), which receives the image's facts in its input.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MediaToolError, runFfmpeg } from '../../activities/media/ffmpeg';
import { sourceImageKey, type MediaStore } from '../../db/media-store';
import type { SourceImageRef } from '../../contracts';
import type { StoredSourceImage } from '../../db/queries/source-images';
import { inspectSourceImage, SOURCE_IMAGE_TYPES, stripSourceImageMetadata, type SourceImageMimeType } from '../../policies/source-image';

/** ffmpeg's single-image demuxer per format: the sniffed format decides, never ffmpeg's own guess. */
const DEMUXERS: Record<SourceImageMimeType, string> = {
  'image/png': 'png_pipe',
  'image/jpeg': 'jpeg_pipe',
  'image/webp': 'webp_pipe',
};

export class SourceImageRefused extends Error {
  override name = 'SourceImageRefused';
}

/** A checked image waiting in a temporary folder until the submission stores it (or drops it). */
export interface CheckedSourceImage {
  /** The source_images row it will become. */
  image: StoredSourceImage;
  filePath: string;
  discard(): Promise<void>;
}

/** Checks an uploaded image; throws SourceImageRefused with the sentence for the uploader. Stores nothing. */
export async function checkSourceImage(bytes: Uint8Array): Promise<CheckedSourceImage> {
  const inspection = inspectSourceImage(bytes);
  if (!inspection.ok) throw new SourceImageRefused(inspection.problem);
  const { mimeType, width, height } = inspection.image;
  // What is checked, hashed and stored is the image without metadata: the same picture, no location.
  const stored = stripSourceImageMetadata(bytes, mimeType);
  const { extension, name } = SOURCE_IMAGE_TYPES[mimeType];

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-source-image-'));
  const discard = () => fs.rm(dir, { recursive: true, force: true });
  try {
    const filePath = path.join(dir, `upload.${extension}`);
    await fs.writeFile(filePath, stored);
    try {
      // -xerror and -err_detect explode: a damaged or truncated image fails instead of decoding to grey.
      await runFfmpeg(['-xerror', '-err_detect', 'explode', '-f', DEMUXERS[mimeType], '-i', filePath, '-frames:v', '1', '-f', 'null', '-']);
    } catch (error) {
      // ffmpeg ran and refused the data; anything else (ffmpeg missing) is our problem, not the uploader's.
      if (error instanceof MediaToolError && error.code === 'exited') {
        throw new SourceImageRefused(`The source image is a ${name} file, but its picture data could not be decoded: it is damaged or truncated. Upload the complete file.`);
      }
      throw error;
    }
    const sha256 = createHash('sha256').update(stored).digest('hex');
    return {
      image: { sha256, storage_key: sourceImageKey(sha256, extension), mime_type: mimeType, width, height, byte_size: stored.length },
      filePath,
      discard,
    };
  } catch (error) {
    await discard();
    throw error;
  }
}

/**
 * Puts a checked image in the media store under its content hash and returns what the request's
 * workflow needs to record it. Idempotent: the same bytes are one object however often they are
 * submitted. Writes no database row.
 */
export async function storeSourceImage(media: MediaStore, checked: CheckedSourceImage): Promise<SourceImageRef> {
  const { sha256, storage_key, mime_type, width, height, byte_size } = checked.image;
  await media.putFile(storage_key, checked.filePath);
  return { sha256, storageKey: storage_key, mimeType: mime_type, width, height, byteSize: byte_size };
}
