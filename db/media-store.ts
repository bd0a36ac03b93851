/**
 * Where media bytes live. Keys are content-addressed (`videos/<sha256>.mp4`), so writing the same
 * clip twice is harmless and a retried activity cannot leave two copies.
 * Local folder by default (`LocalMediaStore`); S3-compatible object storage implements the same
 * interface at scale (db/s3-media-store.ts), chosen by LOUPE_MEDIA_STORE (db/media-store-from-config.ts).
 *
 * Nothing half-written is ever published under a key: the local store writes beside the target and
 * renames (db/atomic-file.ts); S3 makes an object visible only when its PutObject or
 * CompleteMultipartUpload succeeded. A store that cannot write or reach its storage throws
 * `MediaStoreFull` or `MediaStoreUnavailable`, whose names Temporal records as the failure type and
 * which the pipeline's retry policies retry (they are not in its non-retryable types).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { writeFileAtomically } from './atomic-file';

/** An inclusive byte range, as HTTP Range requests name one (RFC 9110 section 14.1.2). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaStore {
  /**
   * Copies a finished local file into the store under `key`; a no-op when it is already there.
   * Readers see the whole object or none. Throws `MediaStoreFull` / `MediaStoreUnavailable` when the
   * storage cannot take it (retryable).
   */
  putFile(key: string, sourcePath: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** The object's size in bytes; throws when it is not there. */
  size(key: string): Promise<number>;
  /**
   * A local path to read the object from: the local store's own file; a remote store downloads it
   * once into its local cache folder (complete or not at all) and answers that copy.
   */
  localPath(key: string): Promise<string>;
  /**
   * The object's bytes, or bytes [start, end] inclusive for an HTTP range request. Resolves once the
   * storage has answered, so a missing object or an unreachable store is an error before any byte
   * is sent.
   */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /**
   * Deletes the object (issue 12: a face capture is biometric data and is deleted after analysis);
   * answers false when it was not there. Content-addressed objects shared by several rows must not
   * be removed this way: only keys that belong to one row (capture files) are.
   */
  remove(key: string): Promise<boolean>;
}

const KEY_PATTERN = /^[a-z]+\/[a-f0-9]{64}\.[a-z0-9]+$/;

/**
 * Checks that `key` is a media key (`<folder>/<64 hex>.<ext>`, lower case) and returns it. Keys come
 * from Loupe's own activities, but a key reaching a route must never escape the store's root (or
 * name another object in a bucket). Throws an Error naming the key otherwise.
 */
export function checkedMediaKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid media key: ${key}`);
  return key;
}

/**
 * The media store's storage is full (ENOSPC or EDQUOT while writing). Retryable: the step waits for
 * an operator to free space, and its retries find the key written completely or not at all.
 */
export class MediaStoreFull extends Error {
  override name = 'MediaStoreFull';
}

/**
 * The media store's storage could not be reached or answered with a server error (S3 down, a
 * timeout, a 5xx, a refused connection). Retryable; the message names the store, the operation and
 * the key, and the underlying error is the `cause`.
 */
export class MediaStoreUnavailable extends Error {
  override name = 'MediaStoreUnavailable';
}

/** How the local store writes a staged copy; a test can inject a failing one (a full disk) here. */
export interface LocalMediaStoreFileSystem {
  copyFile(sourcePath: string, stagingPath: string): Promise<void>;
}

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

export class LocalMediaStore implements MediaStore {
  /**
   * `root`: the media folder (`<LOUPE_DATA_DIR>/media`). `fileSystem`: the one call that writes
   * bytes, `fs.copyFile` unless a test injects a fault at this boundary.
   */
  constructor(
    private readonly root: string,
    private readonly fileSystem: LocalMediaStoreFileSystem = { copyFile: (source, staging) => fs.copyFile(source, staging) },
  ) {}

  private pathOf(key: string): string {
    return path.join(this.root, checkedMediaKey(key));
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    const target = this.pathOf(key);
    if (await this.exists(key)) return;
    // Concurrent puts of one key (two uploads of the same image) each stage their own copy, and the
    // last rename wins with identical bytes. A write that fails (a full disk) removes its staged copy.
    try {
      await writeFileAtomically(target, (staging) => this.fileSystem.copyFile(sourcePath, staging));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code && NO_SPACE.has(code)) {
        throw new MediaStoreFull(`The media folder ${this.root} is full (${code} while writing ${key}); free space there and the step retries by itself.`, { cause: error });
      }
      throw error;
    }
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

  async read(key: string, range?: ByteRange): Promise<Readable> {
    // Opened before answering, so a missing file is an error here rather than in the middle of a response.
    const handle = await fs.open(this.pathOf(key), 'r');
    return handle.createReadStream(range ?? {});
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
