/**
 * Hostile media for the provenance tests: generators of the kinds of broken container an attacker
 * (or a bad tool) produces, built from the bytes of real files. Each function is pure and returns a
 * new buffer; the fast-check arbitraries pick where and how to break a file.
 *
 * Kinds: boxes nested far deeper than any player nests them; a box (top-level or inside its parent)
 * that claims more bytes than there are; a size smaller than the box's own header; a 64-bit size
 * beyond any file; a file cut off at any byte; and, for the credentials themselves, one byte changed
 * anywhere in the C2PA carrier.
 */
import path from 'node:path';
import fc from 'fast-check';

/** `../shared/testdata/c2pa/<name>` beside the clone (README there gives each file's right answer). */
export function c2paTestFile(name: string): string {
  return path.join(process.cwd(), '..', 'shared', 'testdata', 'c2pa', name);
}

/** An ISO BMFF box: 32-bit size, type, payload. */
export function box(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}

/** A minimal `ftyp` box (brand isom). */
export const FTYP = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'));

/** `ftyp`, then `depth` container boxes nested inside each other (alternating moov/trak), innermost a `free`. */
export function nestedBoxes(depth: number, types: readonly string[] = ['moov', 'trak']): Buffer {
  let inner = box('free');
  for (let i = 0; i < depth; i++) inner = box(types[i % types.length]!, inner);
  return Buffer.concat([FTYP, inner]);
}

/** A top-level box of a BMFF file, by the walk a test trusts (sizes as written, no checks). */
export interface TopLevelBox {
  type: string;
  offset: number;
  size: number;
}

/** Top-level boxes of a well-formed BMFF file. */
export function topLevelBoxes(bytes: Buffer): TopLevelBox[] {
  const boxes: TopLevelBox[] = [];
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    let size = bytes.readUInt32BE(offset);
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size === 0) size = bytes.length - offset;
    boxes.push({ type: bytes.toString('latin1', offset + 4, offset + 8), offset, size });
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

/** The file with the 32-bit size of the box at `offset` replaced. */
export function withBoxSize(bytes: Buffer, offset: number, size: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt32BE(size >>> 0, offset);
  return copy;
}

/** The file with the box at `offset` given a 64-bit size (size field 1) of `largeSize`; the header grows by 8 bytes. */
export function withLargeSize(bytes: Buffer, offset: number, largeSize: bigint): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  bytes.copy(header, 4, offset + 4, offset + 8);
  header.writeBigUInt64BE(largeSize, 8);
  return Buffer.concat([bytes.subarray(0, offset), header, bytes.subarray(offset + 8)]);
}

/** The file with one byte changed. */
export function withByte(bytes: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = value;
  return copy;
}

/** A PNG chunk: length, type, data, and a CRC the walkers do not check (zero). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}

/** The PNG with a chunk inserted right after IHDR (the C2PA spec puts `caBX` before IDAT). */
export function pngWithChunk(png: Buffer, type: string, data: Buffer): Buffer {
  const afterIhdr = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, afterIhdr), pngChunk(type, data), png.subarray(afterIhdr)]);
}

/** The WebP with a RIFF chunk appended and the RIFF size updated. */
export function webpWithChunk(webp: Buffer, type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  const out = Buffer.concat([webp, head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/**
 * JUMBF bytes as a C2PA carrier holds them: a `jumb` superbox whose `jumd` description box has the
 * C2PA manifest-store type UUID and label "c2pa", followed by `filler` (garbage the reader cannot
 * parse as a manifest).
 */
export function c2paJumbf(filler: Buffer): Buffer {
  const description = Buffer.concat([Buffer.from('6332706100110010800000aa00389b71', 'hex'), Buffer.from([0x03]), Buffer.from('c2pa\0', 'latin1')]);
  const jumd = Buffer.concat([Buffer.alloc(4), Buffer.from('jumd', 'latin1'), description]);
  jumd.writeUInt32BE(jumd.length, 0);
  const content = Buffer.concat([jumd, filler]);
  const jumb = Buffer.concat([Buffer.alloc(4), Buffer.from('jumb', 'latin1'), content]);
  jumb.writeUInt32BE(jumb.length, 0);
  return jumb;
}

/** One of the ways to break a BMFF file's structure, applied to `bytes`, as fast-check picks them. */
export function brokenBmff(bytes: Buffer): fc.Arbitrary<{ kind: string; file: Buffer }> {
  const boxes = topLevelBoxes(bytes);
  const index = fc.integer({ min: 0, max: boxes.length - 1 });
  return fc.oneof(
    fc.integer({ min: 11, max: 1000 }).map((depth) => ({ kind: `nested ${depth} deep`, file: nestedBoxes(depth) })),
    fc.tuple(index, fc.integer({ min: 1, max: 1 << 30 })).map(([i, extra]) => ({
      kind: `box ${boxes[i]!.type} claims ${extra} bytes beyond the end of the file`,
      file: withBoxSize(bytes, boxes[i]!.offset, bytes.length - boxes[i]!.offset + extra),
    })),
    fc.tuple(index, fc.integer({ min: 2, max: 7 })).map(([i, size]) => ({
      kind: `box ${boxes[i]!.type} of size ${size}, smaller than its header`,
      file: withBoxSize(bytes, boxes[i]!.offset, size),
    })),
    fc.tuple(index, fc.bigInt({ min: 1n << 40n, max: (1n << 64n) - 1n })).map(([i, size]) => ({
      kind: `box ${boxes[i]!.type} with a 64-bit size of ${size}`,
      file: withLargeSize(bytes, boxes[i]!.offset, size),
    })),
    fc.integer({ min: 1, max: 1 << 20 }).map((extra) => {
      // A child of moov that claims more than moov holds.
      const moov = boxes.find((b) => b.type === 'moov')!;
      return { kind: `moov's first child claims ${extra} bytes past moov`, file: withBoxSize(bytes, moov.offset + 8, moov.size - 8 + extra) };
    }),
  );
}
