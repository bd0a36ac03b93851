/**
 * Where media bytes live. Keys are content-addressed (`videos/<sha256>.mp4`), so writing the same
 * clip twice is harmless and a retried activity cannot leave two copies.
 * Local folder by default; an S3-compatible store implements the same interface at scale.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file';

export interface MediaStore {
  /** Moves (or copies) a finished local file into the store under `key`; a no-op when it is already there. */
  putFile(key: string, sourcePath: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  size(key: string): Promise<number>;
  /** A local path to read the object from (the local store's own file; a remote store would download). */
  localPath(key: string): Promise<string>;
  /** Reads bytes [start, end] inclusive, for HTTP range requests. */
  read(key: string, range?: { start: number; end: number }): ReadStream;
  /**
   * Deletes the object (issue 12: a face capture is biometric data and is deleted after analysis);
   * answers false when it was not there. Content-addressed objects shared by several rows must not
   * be removed this way: only keys that belong to one row (capture files) are.
   */
  remove(key: string): Promise<boolean>;
}

const KEY_PATTERN = /^[a-z]+\/[a-f0-9]{64}\.[a-z0-9]+$/;

export class LocalMediaStore implements MediaStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys come from our own activities, but a key reaching a route must never escape the root.
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid media key: ${key}`);
    return path.join(this.root, key);
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    const target = this.pathOf(key);
    if (await this.exists(key)) return;
    // Concurrent puts of one key (two uploads of the same image) each stage their own copy, and the
    // last rename wins with identical bytes.
    await writeFileAtomically(target, (staging) => fs.copyFile(sourcePath, staging));
  }

  async exists(key: string): Promise<boolean> {
    return fs.access(this.pathOf(key)).then(() => true, () => false);
  }

  async size(key: string): Promise<number> {
    return (await fs.stat(this.pathOf(key))).size;
  }

  async localPath(key: string): Promise<string> {
    return this.pathOf(key);
  }

  read(key: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.pathOf(key), range);
  }

  async remove(key: string): Promise<boolean> {
    try {
      await fs.unlink(this.pathOf(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}

/**
 * Where one enrolment's face capture video lives until it is analysed: keyed by a hash of the
 * enrolment id and the file's SHA-256, so no two enrolments share a file and deleting one
 * enrolment's capture never removes another's. `extension`: mp4, webm or mov.
 */
export function captureKey(enrolmentKeyHash: string, extension: string): string {
  return `captures/${enrolmentKeyHash}.${extension}`;
}

export function videoKey(sha256: string): string {
  return `videos/${sha256}.mp4`;
}

/** Where a request's uploaded source image lives: content-addressed like every other medium. */
export function sourceImageKey(sha256: string, extension: string): string {
  return `sources/${sha256}.${extension}`;
}

/**
 * Where a source image upload that carried a C2PA manifest store is kept exactly as it arrived
 * (content-addressed; served by no route), so the clip's manifest can name it as an ingredient.
 */
export function sourceImageOriginalKey(sha256: string, extension: string): string {
  return `originals/${sha256}.${extension}`;
}
