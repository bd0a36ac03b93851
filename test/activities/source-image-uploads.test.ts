/**
 * Source images as people take them: the same photo stored the ways uploads arrive
 * (../shared/testdata/source-images: EXIF-rotated, CMYK, palette, 1-bit, grey with alpha; Meta's
 * PDQ test photo, BSD licence), every EXIF orientation in every accepted format, and the other
 * colour models, each become an upright 8-bit sRGB picture whose PDQ hash is within a few bits of
 * the picture's own. An upload that embeds a C2PA manifest store is kept as it arrived, apart, and
 * the stored picture carries no manifest.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../activities/fingerprint/decode';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { hammingDistance, pdqFromHex, pdqFromRgb } from '../../activities/fingerprint/pdq';
import { checkSourceImage, SourceImageRefused, storeSourceImage, type CheckedSourceImage } from '../../app/services/source-image.server';
import type { MediaStore } from '../../db/media-store';
import { carriesC2paStore, inspectSourceImage, type SourceImageMimeType } from '../../policies/source-image';
import { pngChunk } from '../support/png-chunk';

const TESTDATA = path.join(process.cwd(), '..', 'shared', 'testdata');
const SOURCE_IMAGES = path.join(TESTDATA, 'source-images');
/** From the testdata README: Meta's PDQ of the bridge photo, and of LA.png with its alpha ignored. */
const BRIDGE_PDQ = 'f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22';
const LA_PDQ = 'accb6d39648035f8125c8ce6ba65007de7b54c67a2d93ef7b8f33b0611306715';
/**
 * "Within a few bits": a re-encode and two decoders (Meta's and libvips) move a hash by up to 8
 * bits on these files; a sideways or mirrored picture is 100 or more away, a wrong colour model 30+.
 */
const FEW_BITS = 10;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-source-uploads-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

/** Checks an upload, hands the checked image to `inspect`, and cleans up. */
async function withChecked<T>(bytes: Uint8Array, inspect: (checked: CheckedSourceImage) => Promise<T>): Promise<T> {
  const checked = await checkSourceImage(bytes);
  try {
    return await inspect(checked);
  } finally {
    await checked.discard();
  }
}

/** PDQ of a picture file as the fingerprints decode it. */
async function pdqOf(file: string): Promise<Uint8Array> {
  const frame = await decodeImage(file);
  return pdqFromRgb(frame.rgb, frame.width, frame.height).bytes;
}

/** The stored picture is upright 8-bit sRGB with no EXIF and no palette, `channels` channels. */
async function expectPlainRgb(file: string, channels: 3 | 4): Promise<Metadata> {
  const stored = await sharp(file).metadata();
  expect(stored).toMatchObject({ space: 'srgb', channels, depth: 'uchar', isPalette: false });
  expect(stored.orientation ?? 1).toBe(1);
  expect(stored.exif).toBeUndefined();
  return stored;
}

describe('the testdata uploads (../shared/testdata/source-images) become upright RGB pictures', () => {
  it.each([
    ['bridge-2-rotate-90-exif6.jpg', 'orientation', 1600, 1004, 3, BRIDGE_PDQ],
    ['CMYK.jpg', 'colour-model', 1600, 1004, 3, BRIDGE_PDQ],
    ['P.png', 'palette', 1600, 1004, 3, BRIDGE_PDQ],
    ['1.png', 'colour-model', 1600, 1004, 3, BRIDGE_PDQ],
    ['LA.png', 'colour-model', 256, 256, 4, LA_PDQ],
  ] as const)('%s: converted (%s), %dx%d, %d channels, PDQ within a few bits of the README', async (file, conversion, width, height, channels, expected) => {
    await withChecked(await readFile(path.join(SOURCE_IMAGES, file)), async (checked) => {
      expect(checked.conversions).toContain(conversion);
      expect(checked.image).toMatchObject({ width, height });
      const stored = await expectPlainRgb(checked.filePath, channels);
      expect({ width: stored.width, height: stored.height }).toEqual({ width, height });
      expect(hammingDistance(await pdqOf(checked.filePath), pdqFromHex(expected))).toBeLessThanOrEqual(FEW_BITS);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Every EXIF orientation, in every accepted format

/**
 * Where display pixel (x, y) of an upright picture (width x height) sits in the stored pixels when
 * the file carries EXIF orientation `o` (TIFF/EXIF 2.3, tag 0x0112: 2 mirrored, 3 turned 180°, 4
 * flipped, 5 transposed, 6 to be turned 90° clockwise, 7 transversed, 8 to be turned 90°
 * anticlockwise). Written out here rather than taken from the image library under test.
 */
function storedPosition(o: number, x: number, y: number, width: number, height: number): [number, number] {
  switch (o) {
    case 2: return [width - 1 - x, y];
    case 3: return [width - 1 - x, height - 1 - y];
    case 4: return [x, height - 1 - y];
    case 5: return [y, x];
    case 6: return [y, width - 1 - x];
    case 7: return [height - 1 - y, width - 1 - x];
    case 8: return [height - 1 - y, x];
    default: return [x, y];
  }
}

/** An upright RGB picture stored with EXIF orientation `o`: the pixels laid out so a viewer that applies `o` shows it upright. */
async function storedWithOrientation(upright: { data: Buffer; width: number; height: number }, o: number, format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const turned = o >= 5;
  const storedWidth = turned ? upright.height : upright.width;
  const storedHeight = turned ? upright.width : upright.height;
  const stored = Buffer.alloc(storedWidth * storedHeight * 3);
  for (let y = 0; y < upright.height; y++) {
    for (let x = 0; x < upright.width; x++) {
      const [sx, sy] = storedPosition(o, x, y, upright.width, upright.height);
      upright.data.copy(stored, (sy * storedWidth + sx) * 3, (y * upright.width + x) * 3, (y * upright.width + x) * 3 + 3);
    }
  }
  const image = sharp(stored, { raw: { width: storedWidth, height: storedHeight, channels: 3 } }).withMetadata({ orientation: o });
  return format === 'jpeg' ? image.jpeg({ quality: 95 }).toBuffer() : format === 'png' ? image.png().toBuffer() : image.webp({ quality: 95 }).toBuffer();
}

describe('every EXIF orientation is applied to the pixels, then the metadata goes', () => {
  let upright: { data: Buffer; width: number; height: number };
  let uprightPdq: Uint8Array;
  beforeAll(async () => {
    // The bridge photo at 400 px, as raw RGB and as a plain PNG to hash.
    const { data, info } = await sharp(path.join(TESTDATA, 'pdq', 'images', 'bridge-mods', 'aaa-orig.jpg')).resize(400).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    upright = { data, width: info.width, height: info.height };
    const file = path.join(tmp, 'upright.png');
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).png().toFile(file);
    uprightPdq = await pdqOf(file);
  });

  const cases = (['jpeg', 'png', 'webp'] as const).flatMap((format) => [1, 2, 3, 4, 5, 6, 7, 8].map((o) => [format, o] as const));
  it.each(cases)('%s with orientation %d is stored upright', async (format, o) => {
    const upload = await storedWithOrientation(upright, o, format);
    // The generated file really carries the tag (sharp writes it as EXIF in all three formats).
    expect((await sharp(upload).metadata()).orientation).toBe(o);
    await withChecked(upload, async (checked) => {
      expect(checked.conversions.includes('orientation')).toBe(o !== 1);
      expect(checked.image).toMatchObject({ width: upright.width, height: upright.height });
      await expectPlainRgb(checked.filePath, 3);
      expect(hammingDistance(await pdqOf(checked.filePath), uprightPdq)).toBeLessThanOrEqual(FEW_BITS);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Other colour models and codings

describe('colour models other than 8-bit RGB are converted; plain RGB(A) is kept bit for bit', () => {
  let photo: Sharp;
  let photoPdq: Uint8Array;
  beforeAll(async () => {
    photo = sharp(path.join(TESTDATA, 'pdq', 'images', 'bridge-mods', 'aaa-orig.jpg')).resize(480);
    const file = path.join(tmp, 'photo.png');
    await photo.clone().png().toFile(file);
    photoPdq = await pdqOf(file);
  });

  it.each([
    ['a grey JPEG', 'colour-model', 3, () => photo.clone().toColourspace('b-w').jpeg().toBuffer()],
    ['a grey PNG', 'colour-model', 3, () => photo.clone().toColourspace('b-w').png().toBuffer()],
    ['a 16-bit PNG', 'bit-depth', 3, () => photo.clone().toColourspace('rgb16').png().toBuffer()],
    ['a CMYK JPEG made here', 'colour-model', 3, () => photo.clone().toColourspace('cmyk').jpeg().toBuffer()],
    ['a palette PNG with transparency', 'palette', 4, () => photo.clone().ensureAlpha(0.5).png({ palette: true }).toBuffer()],
  ] as const)('%s: converted (%s) to %d channels of 8-bit sRGB, same picture', async (_kind, conversion, channels, make) => {
    await withChecked(await make(), async (checked) => {
      expect(checked.conversions).toContain(conversion);
      await expectPlainRgb(checked.filePath, channels);
      // Grey loses the colour, not the picture: PDQ hashes luma.
      expect(hammingDistance(await pdqOf(checked.filePath), photoPdq)).toBeLessThanOrEqual(FEW_BITS);
    });
  });

  it.each([
    ['an RGB JPEG', 'image/jpeg', () => photo.clone().jpeg().toBuffer()],
    ['an RGBA PNG', 'image/png', () => photo.clone().ensureAlpha(0.5).png().toBuffer()],
    ['a lossless WebP', 'image/webp', () => photo.clone().webp({ lossless: true }).toBuffer()],
  ] as const)('%s needs no conversion: its compressed pixels are stored as uploaded', async (_kind, _mimeType: SourceImageMimeType, make) => {
    const upload = await make();
    await withChecked(upload, async (checked) => {
      expect(checked.conversions).toEqual([]);
      expect(Buffer.compare(await readFile(checked.filePath), upload)).toBe(0);
    });
  });

  it.each([
    ['a PNG whose image data is damaged (structure whole)', 'PNG', async () => {
      const png = await photo.clone().png().toBuffer();
      for (let i = 0; i < 50; i++) png[Math.floor(png.length / 2) + i]! ^= 0x5a;
      return png;
    }],
    ['a WebP whose picture data is damaged', 'WebP', async () => {
      const webp = await photo.clone().webp().toBuffer();
      webp.fill(0xff, Math.floor(webp.length * 0.6), Math.floor(webp.length * 0.6) + 64);
      return webp;
    }],
    ['an EXIF-rotated JPEG whose picture data is damaged (the re-encode path)', 'JPEG', async () => {
      const jpeg = await photo.clone().withMetadata({ orientation: 6 }).jpeg().toBuffer();
      jpeg.fill(0xff, Math.floor(jpeg.length * 0.6), Math.floor(jpeg.length * 0.6) + 64);
      return jpeg;
    }],
  ] as const)('refuses %s with a sentence', async (_kind, name, make) => {
    const attempt = checkSourceImage(await make());
    await expect(attempt).rejects.toBeInstanceOf(SourceImageRefused);
    await expect(attempt).rejects.toThrow(new RegExp(`^The source image is a ${name} file, but its picture data could not be decoded`));
  });
});

it('refuses an animated PNG (APNG), as an animated WebP: the review screen would play frames the clip never uses', async () => {
  const file = path.join(tmp, 'animated.png');
  await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=5:d=1', '-plays', '0', '-f', 'apng', '-y', file]);
  const apng = await readFile(file);
  expect(apng.includes(Buffer.from('acTL'))).toBe(true);
  expect(inspectSourceImage(apng)).toEqual({ ok: false, problem: 'The source image is a PNG file, but it is animated (APNG); upload a still image.' });
  await expect(checkSourceImage(apng)).rejects.toThrow(/animated \(APNG\); upload a still image/);
});

// ---------------------------------------------------------------------------------------------
// C2PA manifest stores in uploads

/** A stand-in C2PA store: a JUMBF superbox whose description box has the C2PA type UUID. */
const FAKE_STORE = Buffer.concat([
  Buffer.from([0, 0, 0, 0x30]), Buffer.from('jumb'),
  Buffer.from([0, 0, 0, 0x28]), Buffer.from('jumd'),
  Buffer.from('6332706100110010800000aa00389b71', 'hex'), Buffer.from([0x03]), Buffer.from('c2pa\0', 'latin1'),
]);

describe('an upload that embeds a C2PA manifest store', () => {
  const storedKeys: string[] = [];
  const media: MediaStore = {
    putFile: async (key: string) => void storedKeys.push(key),
    exists: async () => false,
    size: async () => 0,
    localPath: async (key: string) => key,
    read: () => {
      throw new Error('not read in this test');
    },
    remove: async () => false,
  };

  it('is kept as it arrived (C2PA test file CA.jpg), apart from the stored picture, which has no manifest', async () => {
    const upload = await readFile(path.join(TESTDATA, 'c2pa', 'CA.jpg'));
    expect(carriesC2paStore(upload, 'image/jpeg')).toBe(true);
    await withChecked(upload, async (checked) => {
      const stored = await readFile(checked.filePath);
      expect(carriesC2paStore(stored, 'image/jpeg')).toBe(false);
      expect(stored.includes(Buffer.from('jumb'))).toBe(false);
      expect(checked.original).not.toBeNull();
      expect(Buffer.compare(await readFile(checked.original!.filePath), upload)).toBe(0);
      expect(checked.original!.storageKey).toBe(`originals/${checked.original!.sha256}.jpg`);
      expect(checked.original!.byteSize).toBe(upload.length);

      const ref = await storeSourceImage(media, checked);
      expect(ref.original).toEqual({ sha256: checked.original!.sha256, storageKey: checked.original!.storageKey, byteSize: upload.length });
      expect(storedKeys).toEqual([checked.image.storage_key, checked.original!.storageKey]);
    });
  });

  it('is not kept when there is no manifest (no_manifest.jpg)', async () => {
    await withChecked(await readFile(path.join(TESTDATA, 'c2pa', 'no_manifest.jpg')), async (checked) => {
      expect(checked.original).toBeNull();
      expect((await storeSourceImage(media, checked)).original).toBeUndefined();
    });
  });

  it('is found and removed in PNG (caBX chunk) and WebP (C2PA chunk) too', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#468' } }).png().toBuffer();
    const afterIhdr = 8 + 12 + 13;
    const pngWithStore = Buffer.concat([png.subarray(0, afterIhdr), pngChunk('caBX', FAKE_STORE), png.subarray(afterIhdr)]);
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#468' } }).webp().toBuffer();
    const chunk = Buffer.concat([Buffer.from('C2PA'), Buffer.alloc(4), FAKE_STORE]);
    chunk.writeUInt32LE(FAKE_STORE.length, 4);
    const webpWithStore = Buffer.concat([webp, chunk]);
    webpWithStore.writeUInt32LE(webpWithStore.length - 8, 4);

    for (const [upload, mimeType] of [[pngWithStore, 'image/png'], [webpWithStore, 'image/webp']] as const) {
      expect(carriesC2paStore(upload, mimeType), mimeType).toBe(true);
      await withChecked(upload, async (checked) => {
        expect(checked.original, mimeType).not.toBeNull();
        const stored = await readFile(checked.filePath);
        expect(stored.includes(FAKE_STORE), mimeType).toBe(false);
        expect(carriesC2paStore(stored, mimeType), mimeType).toBe(false);
      });
    }
  });
});
