/**
 * What a file is and whether it carries C2PA data, decided by Loupe from the file's own bytes before
 * any library reads it: the format by magic bytes (never the name), a structural walk of the
 * container (./bmff.ts, ./image-containers.ts), the carriers the C2PA spec defines for that format,
 * and a scan for C2PA JUMBF anywhere in the file (./jumbf-signature.ts).
 *
 * So a manifest store that c2pa-rs cannot resolve (a carrier retagged, a byte changed) is still
 * known to be there, and the answer is "present but unreadable", never "no credentials".
 */
import { open } from 'node:fs/promises';
import { walkBmff } from './bmff';
import { fileByteSource, type ByteSource } from './byte-source';
import { MediaContainerError } from './container-error';
import { walkJpeg, walkPng, walkWebp, type StillImageMimeType } from './image-containers';
import { containsC2paJumbf } from './jumbf-signature';

/** The formats Loupe reads provenance from. */
export type ContainerMimeType = 'video/mp4' | 'video/quicktime' | StillImageMimeType;

/** What Loupe found in a file's structure. */
export interface ContainerFacts {
  mimeType: ContainerMimeType;
  kind: 'video' | 'image';
  /** Byte offsets of the boxes, segments or chunks the C2PA spec defines as manifest carriers. */
  c2paCarrierOffsets: number[];
  /** A C2PA JUMBF description box occurs somewhere in the file (in a carrier or not). */
  c2paJumbfFound: boolean;
  /** Fragmented MP4 (video only): an initialisation segment may have no frames. */
  fragmented: boolean;
}

/** True when the file carries C2PA data by Loupe's own reading: a carrier, or C2PA JUMBF anywhere. */
export function carriesC2pa(facts: ContainerFacts): boolean {
  return facts.c2paCarrierOffsets.length > 0 || facts.c2paJumbfFound;
}

/**
 * Sniffs and walks a file. Throws `MediaContainerError` (`unsupported`: not MP4, MOV, JPEG, PNG or
 * WebP; `malformed`: broken structure) with a sentence for the uploader, and an `Error` naming the
 * path (and `what` the file is, e.g. "file to verify") when the file cannot be opened.
 */
export async function inspectContainer(filePath: string, what = 'file'): Promise<ContainerFacts> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${filePath}: it cannot be opened.`, { cause: error });
  }
  try {
    return await inspectSource(await fileByteSource(handle));
  } finally {
    await handle.close();
  }
}

async function inspectSource(source: ByteSource): Promise<ContainerFacts> {
  if (source.size === 0) throw new MediaContainerError('malformed', 'The file is empty: upload the complete file.');
  const head = Buffer.from(await source.read(0, 16));
  const ascii = (from: number, to: number) => head.toString('latin1', from, to);
  const walked = await (async () => {
    if (ascii(4, 8) === 'ftyp' || ascii(4, 8) === 'styp') {
      const bmff = await walkBmff(source);
      return { mimeType: bmff.mimeType, kind: 'video' as const, offsets: bmff.c2paBoxOffsets, fragmented: bmff.fragmented };
    }
    const still =
      head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff
        ? walkJpeg
        : head.length >= 8 && head.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))
          ? walkPng
          : ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP'
            ? walkWebp
            : null;
    if (!still) {
      throw new MediaContainerError(
        'unsupported',
        "This file is not an MP4/MOV video or a JPEG, PNG or WebP image: Loupe can check those formats only (its first bytes are not an MP4 or MOV header, nor an image's).",
      );
    }
    const facts = await still(source);
    return { mimeType: facts.mimeType, kind: 'image' as const, offsets: facts.c2paCarrierOffsets, fragmented: false };
  })();
  return {
    mimeType: walked.mimeType,
    kind: walked.kind,
    c2paCarrierOffsets: walked.offsets,
    c2paJumbfFound: await containsC2paJumbf(source),
    fragmented: walked.fragmented,
  };
}

/**
 * The MIME type of a video Loupe signs or adds as an ingredient (MP4 or MOV). Throws an `Error`
 * naming the file and `what` it is ("clip to sign") when it is not a sound MP4/MOV video.
 */
export async function requireVideo(filePath: string, what: string): Promise<'video/mp4' | 'video/quicktime'> {
  let facts: ContainerFacts;
  try {
    facts = await inspectContainer(filePath, what);
  } catch (error) {
    if (error instanceof MediaContainerError) throw new Error(`The ${what} ${filePath} cannot be used. ${error.message}`, { cause: error });
    throw error;
  }
  if (facts.mimeType !== 'video/mp4' && facts.mimeType !== 'video/quicktime') {
    throw new Error(`The ${what} ${filePath} is not an MP4/MOV video.`);
  }
  return facts.mimeType;
}
