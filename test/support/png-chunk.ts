/** Builds PNG chunks for tests that hand-craft PNG files (metadata, C2PA stores, damaged data). */
import { crc32 } from 'node:zlib';

/** One PNG chunk: 4-byte length, the 4-letter type, `data`, and the CRC-32 of type and data (PNG spec §5.3). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}
