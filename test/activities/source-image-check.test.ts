/**
 * Source images for image-to-video: the format comes from magic bytes, the size from the header,
 * and an incomplete or damaged file is refused, each with a sentence the uploader can act on.
 * Real images rendered by the bundled ffmpeg; real ffmpeg decoding for the full check.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTestPatternImage } from '../../activities/media/test-pattern-image';
import { checkSourceImage, SourceImageRefused } from '../../app/services/source-image.server';
import { inspectSourceImage, SOURCE_IMAGE_LIMITS, stripSourceImageMetadata } from '../../policies/source-image';
import { pngChunk } from '../support/png-chunk';

const images: Record<'png' | 'jpeg' | 'webpLossy' | 'webpLossless' | 'webpAlpha', Buffer> = {} as never;

const render = (extension: 'png' | 'jpg' | 'webp', args: string[]): Promise<Buffer> => renderTestPatternImage('testsrc2=s=320x240', extension, args);

beforeAll(async () => {
  images.png = await render('png', []);
  images.jpeg = await render('jpg', []);
  images.webpLossy = await render('webp', ['-c:v', 'libwebp']);
  images.webpLossless = await render('webp', ['-c:v', 'libwebp', '-lossless', '1']);
  // Real transparency makes libwebp write the extended (VP8X) layout (an opaque alpha plane is dropped).
  images.webpAlpha = await render('webp', ['-vf', "format=yuva420p,geq=lum='p(X,Y)':cb='p(X,Y)':cr='p(X,Y)':a='X'", '-c:v', 'libwebp']);
});

describe('inspectSourceImage', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webpLossy', 'image/webp'],
    ['webpLossless', 'image/webp'],
    ['webpAlpha', 'image/webp'],
  ] as const)('reads a %s image: format from magic bytes and its pixel size', (name, mimeType) => {
    // Each WebP layout is covered: lossy (VP8), lossless (VP8L) and extended (VP8X).
    const layout = { webpLossy: 'VP8 ', webpLossless: 'VP8L', webpAlpha: 'VP8X' } as Record<string, string>;
    if (layout[name]) expect(images[name].subarray(12, 16).toString('latin1')).toBe(layout[name]);
    expect(inspectSourceImage(images[name])).toEqual({ ok: true, image: { mimeType, width: 320, height: 240, byteSize: images[name].length } });
  });

  const refusals: [string, () => Uint8Array, RegExp][] = [
    ['an empty file', () => new Uint8Array(), /The source image is empty/],
    ['text', () => Buffer.from('just some words, not a picture'), /not a PNG, JPEG or WebP image/],
    ['a GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), /not a PNG, JPEG or WebP image/],
    ['a file over 10 MB', () => Buffer.concat([images.png, Buffer.alloc(SOURCE_IMAGE_LIMITS.maxBytes)]), /is 10\.1 MB; the limit is 10 MB/],
    ['a truncated PNG', () => images.png.subarray(0, Math.floor(images.png.length / 2)), /PNG file, but it is truncated or damaged/],
    ['a PNG cut inside its header', () => images.png.subarray(0, 20), /PNG file, but it is truncated or damaged/],
    ['a truncated JPEG', () => images.jpeg.subarray(0, images.jpeg.length - 100), /JPEG file, but it is truncated or damaged/],
    ['a truncated WebP', () => images.webpLossy.subarray(0, images.webpLossy.length - 50), /WebP file, but it is truncated or damaged/],
    ['a PNG wider than 4096 px', () => withPngSize(images.png, 5000, 240), /5000×240 pixels; the limit is 4096 pixels on each side/],
    ['a PNG of a few pixels', () => withPngSize(images.png, 8, 8), /8×8 pixels; it needs at least 16 pixels/],
  ];
  it.each(refusals)('refuses %s with a sentence', (_name, bytes, message) => {
    const result = inspectSourceImage(bytes());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(message);
  });
});

describe('checkSourceImage (structure, then a full ffmpeg decode)', () => {
  it('accepts a complete image and hands back its content hash and storage key in a temporary file', async () => {
    const checked = await checkSourceImage(images.jpeg);
    try {
      // ffmpeg writes a comment segment ("Lavc…"), which is metadata and goes.
      const stored = Buffer.from(stripSourceImageMetadata(images.jpeg, 'image/jpeg'));
      expect(stored.length).toBeLessThan(images.jpeg.length);
      expect(checked.image).toMatchObject({ mime_type: 'image/jpeg', width: 320, height: 240, byte_size: stored.length });
      expect(checked.image.sha256).toBe(createHash('sha256').update(stored).digest('hex'));
      expect(checked.image.storage_key).toBe(`sources/${checked.image.sha256}.jpg`);
      expect(await readFile(checked.filePath)).toEqual(stored);
    } finally {
      await checked.discard();
    }
    await expect(stat(checked.filePath)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a JPEG whose structure is whole but whose picture data is damaged', async () => {
    const damaged = Buffer.from(images.jpeg);
    // Overwrite the middle of the entropy-coded data with markers that cannot occur there.
    damaged.fill(0xff, Math.floor(damaged.length * 0.6), Math.floor(damaged.length * 0.6) + 64);
    expect(inspectSourceImage(damaged).ok).toBe(true);
    const attempt = checkSourceImage(damaged);
    await expect(attempt).rejects.toBeInstanceOf(SourceImageRefused);
    await expect(attempt).rejects.toThrow(/JPEG file, but its picture data could not be decoded/);
  });

  it('refuses a truncated PNG before decoding it', async () => {
    await expect(checkSourceImage(images.png.subarray(0, images.png.length - 30))).rejects.toThrow(/truncated or damaged/);
  });
});

/** The same PNG with the size its IHDR states changed (the chunk's CRC is not what is under test). */
function withPngSize(png: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(png);
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  return copy;
}

/** A camera's location, as it would sit inside EXIF/XMP/text metadata; it must never reach storage. */
const LOCATION = 'GPSLatitude 52.3676 N GPSLongitude 4.9041 E';

/** The PNG with an eXIf and a tEXt chunk after IHDR. */
function pngWithMetadata(png: Buffer): Buffer {
  const afterIhdr = 8 + 12 + 13;
  return Buffer.concat([png.subarray(0, afterIhdr), pngChunk('eXIf', Buffer.from(`MM\0*${LOCATION}`, 'latin1')), pngChunk('tEXt', Buffer.from(`Comment\0${LOCATION}`, 'latin1')), png.subarray(afterIhdr)]);
}

/** The JPEG with an APP1 EXIF segment right after SOI, as cameras write it. */
function jpegWithMetadata(jpeg: Buffer): Buffer {
  const payload = Buffer.from(`Exif\0\0MM\0*${LOCATION}`, 'latin1');
  const segment = Buffer.alloc(4 + payload.length);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(2 + payload.length, 2);
  payload.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

/** The extended WebP with EXIF and XMP chunks appended and their VP8X flags set. */
function webpWithMetadata(webp: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
  };
  const out = Buffer.concat([webp, chunk('EXIF', Buffer.from(`MM\0*${LOCATION}`, 'latin1')), chunk('XMP ', Buffer.from(`<x:xmpmeta>${LOCATION}</x:xmpmeta>`, 'latin1'))]);
  out.writeUInt32LE(out.length - 8, 4);
  out[20] = out[20]! | 0x08 | 0x04;
  return out;
}

describe('stripSourceImageMetadata: no camera metadata (GPS, device, XMP) is stored', () => {
  const cases = [
    ['PNG (eXIf, tEXt)', () => pngWithMetadata(images.png), 'image/png'],
    ['JPEG (APP1 EXIF)', () => jpegWithMetadata(images.jpeg), 'image/jpeg'],
    ['WebP (EXIF, XMP chunks)', () => webpWithMetadata(images.webpAlpha), 'image/webp'],
  ] as const;

  it.each(cases)('%s: the location is gone, the picture is the same and still decodes', async (_name, make, mimeType) => {
    const withMetadata = make();
    expect(withMetadata.includes(LOCATION)).toBe(true);
    expect(inspectSourceImage(withMetadata).ok).toBe(true);
    const stripped = Buffer.from(stripSourceImageMetadata(withMetadata, mimeType));
    expect(stripped.includes(LOCATION)).toBe(false);
    expect(inspectSourceImage(stripped)).toMatchObject({ ok: true, image: { mimeType, width: 320, height: 240 } });
    // Stripping twice changes nothing more.
    expect(Buffer.from(stripSourceImageMetadata(stripped, mimeType))).toEqual(stripped);

    const checked = await checkSourceImage(withMetadata);
    try {
      const stored = await readFile(checked.filePath);
      expect(stored.includes(LOCATION)).toBe(false);
      expect(stored).toEqual(stripped);
      expect(checked.image.byte_size).toBe(stripped.length);
    } finally {
      await checked.discard();
    }
  });

  it('leaves an image without metadata byte for byte, and does not touch its pixels', () => {
    expect(Buffer.from(stripSourceImageMetadata(images.png, 'image/png'))).toEqual(images.png);
    expect(Buffer.from(stripSourceImageMetadata(images.webpLossy, 'image/webp'))).toEqual(images.webpLossy);
    expect(Buffer.from(stripSourceImageMetadata(images.webpAlpha, 'image/webp'))).toEqual(images.webpAlpha);
    // The JPEG's entropy-coded data (from start of scan on) is the same bytes after stripping.
    const jpeg = jpegWithMetadata(images.jpeg);
    const stripped = Buffer.from(stripSourceImageMetadata(jpeg, 'image/jpeg'));
    const scan = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(stripped)).toEqual(scan(images.jpeg));
  });
});
