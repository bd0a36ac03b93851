/**
 * ISO BMFF (MP4 / MOV) structure: walk the boxes, confirm they tile the file and nest within their
 * parents, and find the box a C2PA manifest store lives in.
 *
 * c2pa-rs and ffmpeg parse the container again themselves; walking it here first lets Loupe refuse
 * a broken file with a sentence instead of a library error, and tell "the manifest is broken" (a
 * verification result) from "this is not a video" (bad input). The MIME type comes from the `ftyp`
 * box, never from the file name.
 *
 * Only the structural containers are descended (below), because their children are boxes by
 * definition; the payload of every other box (sample tables, codec data, user data) is the
 * decoders' business. Nesting is capped at MAX_DEPTH: ffmpeg 4.1's mov demuxer refuses atoms nested
 * more than 10 deep ("Atoms too deeply nested"), so no file ffmpeg can play nests deeper, and a
 * file built to nest a thousand deep is refused before any library recurses into it.
 */
import type { ByteSource } from './byte-source';
import { MediaContainerError } from './container-error';

/** UUID of the top-level box that carries a C2PA manifest store in BMFF files (C2PA 2.x, "Embedding manifests into BMFF-based assets"). */
export const C2PA_BOX_UUID = Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex');

/** Boxes whose payload is a sequence of boxes (ISO/IEC 14496-12); `meta` is left out, it is a full box whose layout differs in QuickTime. */
const CONTAINER_BOXES = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'dinf', 'edts', 'mvex', 'moof', 'traf', 'mfra', 'tref']);
/** Deepest nesting accepted (top-level boxes are depth 0); see the module comment for the source. */
export const MAX_DEPTH = 10;
/** A real MP4 has hundreds of boxes, a long fragmented one some tens of thousands; more is a file built to make walkers spin. */
export const MAX_BOXES = 100_000;

/** What the walk found. */
export interface BmffFacts {
  mimeType: 'video/mp4' | 'video/quicktime';
  /** Byte offsets of top-level `uuid` boxes with the C2PA UUID. */
  c2paBoxOffsets: number[];
  /** Fragmented MP4 (an `mvex` in `moov`, or `moof` boxes): an init segment may hold no samples at all. */
  fragmented: boolean;
}

function malformed(why: string): MediaContainerError {
  return new MediaContainerError('malformed', `The file is damaged or truncated: it is not a valid MP4/MOV video (${why}). Upload the complete, unmodified file.`);
}

/**
 * Walks an ISO BMFF file. Throws `MediaContainerError`: `unsupported` when it does not start with
 * `ftyp` (a lone media segment starting with `styp` is named as such), `malformed` when boxes do not
 * tile the file or their parent, nest deeper than MAX_DEPTH, number more than MAX_BOXES, or there is
 * no `moov` box.
 */
export async function walkBmff(source: ByteSource): Promise<BmffFacts> {
  const facts: BmffFacts = { mimeType: 'video/mp4', c2paBoxOffsets: [], fragmented: false };
  // Written inside walk(): an object, so the checks after it see what the walk found.
  const seen: { boxes: number; first: string | null; moov: boolean } = { boxes: 0, first: null, moov: false };

  async function walk(start: number, end: number, depth: number, parent: string | null): Promise<void> {
    let offset = start;
    while (offset < end) {
      const remaining = end - offset;
      if (remaining < 8) {
        // QuickTime may end a list of atoms with a 32-bit zero; at the top level stray bytes are damage.
        if (depth > 0) return;
        throw malformed(`it ends with ${remaining} stray bytes after its last box`);
      }
      const header = Buffer.from(await source.read(offset, 32));
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (!/^[\x20-\x7e]{4}$/.test(type)) throw malformed(`the box at byte ${offset} has no readable type`);
      if (size === 1) {
        if (header.length < 16) throw malformed(`the box "${type}" at byte ${offset} is cut off`);
        const large = header.readBigUInt64BE(8);
        size = large > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(large);
        headerSize = 16;
      } else if (size === 0) {
        // "Extends to the end of the file": allowed for the last top-level box only.
        if (depth > 0) throw malformed(`the box "${type}" at byte ${offset} declares no size inside "${parent}"`);
        size = end - offset;
      }
      if (size < headerSize) throw malformed(`the box "${type}" at byte ${offset} declares ${size} bytes, less than its own header`);
      if (offset + size > end) {
        throw malformed(
          depth === 0
            ? `the box "${type}" at byte ${offset} runs past the end of the file`
            : `the box "${type}" at byte ${offset} runs past the end of the "${parent}" box that holds it`,
        );
      }
      if (++seen.boxes > MAX_BOXES) throw malformed(`it has more than ${MAX_BOXES} boxes`);
      if (depth === 0) {
        seen.first ??= type;
        if (type === 'moov') seen.moov = true;
        if (type === 'moof') facts.fragmented = true;
        if (type === 'uuid' && size >= headerSize + 16 && header.length >= headerSize + 16 && header.subarray(headerSize, headerSize + 16).equals(C2PA_BOX_UUID)) {
          facts.c2paBoxOffsets.push(offset);
        }
        if (type === 'ftyp' && header.length >= 12) {
          facts.mimeType = header.toString('latin1', 8, 12) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
        }
      }
      if (type === 'mvex' && parent === 'moov') facts.fragmented = true;
      if (CONTAINER_BOXES.has(type)) {
        if (depth + 1 > MAX_DEPTH) throw malformed(`its boxes are nested more than ${MAX_DEPTH} deep`);
        await walk(offset + headerSize, offset + size, depth + 1, type);
      }
      offset += size;
    }
  }

  await walk(0, source.size, 0, null);
  if (seen.first === 'styp') {
    throw new MediaContainerError(
      'unsupported',
      'The file is a single segment of a streamed video (it starts with a "styp" box and has no "moov" box), which cannot be checked alone: upload the whole video, or the stream\'s initialisation segment.',
    );
  }
  if (seen.first !== 'ftyp') {
    throw new MediaContainerError('unsupported', 'The file is not an MP4 or MOV video (it does not start with an "ftyp" box).');
  }
  if (!seen.moov) throw malformed('it has no "moov" box describing its tracks');
  return facts;
}
