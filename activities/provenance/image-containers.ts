/**
 * JPEG, PNG and WebP structure, and where each keeps a C2PA manifest store (C2PA 2.x, "Embedding
 * manifests into assets"): JPEG in APP11 segments holding JUMBF (ISO/IEC 19566-5; common
 * identifier "JP"), PNG in a `caBX` chunk, WebP in a `C2PA` RIFF chunk.
 *
 * The walk reads headers only: segments up to the first scan of a JPEG (then the end-of-image
 * marker), PNG chunks up to IEND, RIFF chunks up to the RIFF size. A structure that runs past the
 * end of the file is refused as truncated, so a library never reads past what is there.
 */
import type { ByteSource } from './byte-source';
import { MediaContainerError } from './container-error';
import { isC2paJumbfDescription } from './jumbf-signature';

/** Still-image formats /api/verify checks (the formats source images use). */
export type StillImageMimeType = 'image/jpeg' | 'image/png' | 'image/webp';

/** What the walk found: the byte offsets of the segments or chunks that carry C2PA data. */
export interface StillImageFacts {
  mimeType: StillImageMimeType;
  c2paCarrierOffsets: number[];
}

const NAMES: Record<StillImageMimeType, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP' };

function malformed(mimeType: StillImageMimeType, why: string): MediaContainerError {
  return new MediaContainerError('malformed', `The file is damaged or truncated: it is not a valid ${NAMES[mimeType]} image (${why}). Upload the complete, unmodified file.`);
}

/** JPEG: markers up to the first start-of-scan; APP11 JUMBF segments of C2PA type are carriers; the file must end in EOI. */
export async function walkJpeg(source: ByteSource): Promise<StillImageFacts> {
  const facts: StillImageFacts = { mimeType: 'image/jpeg', c2paCarrierOffsets: [] };
  let offset = 2; // after SOI
  for (;;) {
    const head = Buffer.from(await source.read(offset, 4));
    if (head.length < 2) throw malformed('image/jpeg', 'it ends before its first scan');
    if (head[0] !== 0xff) throw malformed('image/jpeg', `a segment marker is missing at byte ${offset}`);
    const marker = head[1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9) throw malformed('image/jpeg', 'it ends before any picture data');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    if (head.length < 4) throw malformed('image/jpeg', `the segment at byte ${offset} is cut off`);
    const length = head.readUInt16BE(2);
    if (length < 2) throw malformed('image/jpeg', `the segment at byte ${offset} declares an impossible length`);
    if (offset + 2 + length > source.size) throw malformed('image/jpeg', `the segment at byte ${offset} runs past the end of the file`);
    if (marker === 0xeb && length >= 2 + 40) {
      // APP11: "JP", box instance (2), packet sequence (4), then the JUMBF superbox (LBox, "jumb")
      // and its description box (LBox, "jumd", type UUID, toggles, label).
      const payload = Buffer.from(await source.read(offset + 4, 42));
      if (payload.toString('latin1', 0, 2) === 'JP' && payload.toString('latin1', 12, 16) === 'jumb' && isC2paJumbfDescription(payload, 16)) {
        facts.c2paCarrierOffsets.push(offset);
      }
    }
    if (marker === 0xda) break; // start of scan: the headers are over
    offset += 2 + length;
  }
  // The entropy-coded data is the decoder's business; the file must still end with EOI (padding allowed).
  const tailLength = Math.min(source.size, 64 * 1024);
  const tail = await source.read(source.size - tailLength, tailLength);
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0x00) end--;
  if (!(end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9)) {
    throw malformed('image/jpeg', 'it does not end with an end-of-image marker');
  }
  return facts;
}

/** PNG: IHDR first, chunks tile the file up to IEND; `caBX` chunks are carriers. */
export async function walkPng(source: ByteSource): Promise<StillImageFacts> {
  const facts: StillImageFacts = { mimeType: 'image/png', c2paCarrierOffsets: [] };
  let offset = 8; // after the signature
  let chunks = 0;
  for (;;) {
    if (offset + 12 > source.size) throw malformed('image/png', 'it ends before its IEND chunk');
    const head = Buffer.from(await source.read(offset, 8));
    const length = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw malformed('image/png', `the chunk at byte ${offset} has no readable type`);
    if (chunks++ === 0 && type !== 'IHDR') throw malformed('image/png', 'it does not start with an IHDR chunk');
    if (length > 0x7fffffff || offset + 12 + length > source.size) {
      throw malformed('image/png', `the "${type}" chunk at byte ${offset} runs past the end of the file`);
    }
    if (type === 'caBX') facts.c2paCarrierOffsets.push(offset);
    if (type === 'IEND') return facts;
    offset += 12 + length;
  }
}

/** WebP: a RIFF file whose size fits the file, chunks tile it; `C2PA` chunks are carriers. */
export async function walkWebp(source: ByteSource): Promise<StillImageFacts> {
  const facts: StillImageFacts = { mimeType: 'image/webp', c2paCarrierOffsets: [] };
  const header = Buffer.from(await source.read(0, 12));
  const riffEnd = 8 + header.readUInt32LE(4);
  if (riffEnd > source.size) throw malformed('image/webp', 'its RIFF header declares more bytes than the file has');
  let offset = 12;
  if (offset + 8 > riffEnd) throw malformed('image/webp', 'it holds no image chunk');
  while (offset + 8 <= riffEnd) {
    const head = Buffer.from(await source.read(offset, 8));
    const type = head.toString('latin1', 0, 4);
    const size = head.readUInt32LE(4);
    if (!/^[\x20-\x7e]{4}$/.test(type)) throw malformed('image/webp', `the chunk at byte ${offset} has no readable type`);
    const end = offset + 8 + size + (size % 2);
    // The pad byte of an odd-sized last chunk is sometimes left out; the chunk itself must fit.
    if (offset + 8 + size > riffEnd) throw malformed('image/webp', `the "${type}" chunk at byte ${offset} runs past the end of the file`);
    if (type === 'C2PA') facts.c2paCarrierOffsets.push(offset);
    offset = end;
  }
  return facts;
}
