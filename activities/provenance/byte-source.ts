/**
 * Positional reads of a file for the container walkers (./bmff.ts, ./image-containers.ts), which
 * read box and segment headers where they are instead of loading a file of up to 50 MB whole.
 */
import type { FileHandle } from 'node:fs/promises';

/** A file opened for positional reads. */
export interface ByteSource {
  /** Size of the file in bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes starting at `offset` (fewer at the end of the file, none past it). The
   * buffer may be reused by the next call: copy what must outlive it.
   */
  read(offset: number, length: number): Promise<Buffer>;
}

/** A ByteSource over an open file handle (the caller closes the handle). */
export async function fileByteSource(handle: FileHandle): Promise<ByteSource> {
  const { size } = await handle.stat();
  let scratch = Buffer.alloc(64);
  return {
    size,
    async read(offset, length) {
      const wanted = Math.max(0, Math.min(length, size - offset));
      if (scratch.length < wanted) scratch = Buffer.alloc(wanted);
      const { bytesRead } = await handle.read(scratch, 0, wanted, offset);
      return scratch.subarray(0, bytesRead);
    },
  };
}
