/**
 * The media store in S3-compatible object storage (AWS S3, or any server speaking its API: MinIO,
 * Ceph RGW, Cloudflare R2, moto in the tests), behind the same `MediaStore` interface as the local
 * folder. Chosen with LOUPE_MEDIA_STORE=s3 (db/media-store-from-config.ts).
 *
 * - Objects are named by the same content-addressed keys as the local store's files, in one bucket.
 * - `putFile` uploads with lib-storage's `Upload`: one PutObject for a file smaller than a part,
 *   a multipart upload (parts of `partSizeBytes`, at least S3's 5 MiB minimum) for a larger one.
 *   S3 makes the object visible only when PutObject or CompleteMultipartUpload succeeds, so a reader
 *   never sees a half-written object; a failed multipart upload is aborted (lib-storage's
 *   `leavePartsOnError: false`), and parts an abort could not reach (the server was down) stay
 *   invisible until the bucket's AbortIncompleteMultipartUpload lifecycle rule removes them
 *   (docs/scaling.md, "Media storage").
 * - `localPath` downloads the object once into `cacheDir` (complete or not at all: the bytes are
 *   staged beside the target, counted against Content-Length and renamed) for the activities that
 *   hand a file path to ffmpeg, c2pa or sharp. Keys are content-addressed, so a cached copy never
 *   goes stale; `putFile` seeds the cache with the file it uploaded (except a face capture's), and
 *   `remove` deletes the copy.
 * - `read` answers from the cached copy when there is one and otherwise with a ranged GetObject
 *   (`Range: bytes=start-end`, RFC 9110 section 14.1.2), so `/media` streams from the bucket.
 *
 * Errors: an unreachable server, a timeout, a 5xx or throttling becomes `MediaStoreUnavailable`
 * (retryable, naming bucket, operation and key); anything else keeps the SDK's error with that
 * sentence added. The SDK's own retries (its standard mode, `maxAttempts`) come first.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { writeFileAtomically } from './atomic-file';
import { checkedMediaKey, MediaStoreUnavailable, type ByteRange, type MediaStore } from './media-store';

/** S3's smallest part of a multipart upload, but the last (AWS S3 User Guide, "Multipart upload limits"). */
export const S3_MIN_PART_BYTES = 5 * 1024 * 1024;

/** Where and how the store reaches its bucket. */
export interface S3MediaStoreOptions {
  bucket: string;
  region: string;
  /** Another S3-compatible server's URL (MinIO, R2, moto...); unset for AWS S3 itself. */
  endpoint?: string;
  /** Path-style URLs (`<endpoint>/<bucket>/<key>`), which most S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Static credentials; unset means the SDK's default chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Local folder for downloaded copies (`localPath`); usually `<LOUPE_DATA_DIR>/media-cache`. */
  cacheDir: string;
  /** Size of one multipart part and the threshold for a multipart upload; default 8 MiB, at least 5 MiB. */
  partSizeBytes?: number;
  /** Parts uploaded at once (each buffered in memory); default 2. */
  queueSize?: number;
  /** Attempts per S3 call, the SDK's retry (standard mode); default 3. */
  maxAttempts?: number;
  /** Milliseconds to open a connection and to wait for an answer; default 5 000 and 60 000. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** Media types of the extensions Loupe stores, so a bucket served through a CDN labels them right. */
const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  json: 'application/json',
};

/** Keys whose upload leaves no local copy behind (db/media-store.ts captureKey: face captures). */
const NOT_CACHED_ON_UPLOAD = /^captures\//;

/** Node's network error codes that mean the server could not be reached or dropped the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
/** S3 error codes that mean "try again later" (AWS S3 API Reference, "Error responses"). */
const TRANSIENT_S3_CODES = new Set(['SlowDown', 'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'RequestTimeTooSkewed', 'TimeoutError']);

export class S3MediaStore implements MediaStore {
  private readonly client: S3Client;
  private readonly where: string;

  constructor(private readonly options: S3MediaStoreOptions) {
    if (options.partSizeBytes !== undefined && options.partSizeBytes < S3_MIN_PART_BYTES) {
      throw new Error(`An S3 multipart part must be at least ${S3_MIN_PART_BYTES} bytes (5 MiB), not ${options.partSizeBytes}.`);
    }
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: options.connectionTimeoutMs ?? 5000, requestTimeout: options.requestTimeoutMs ?? 60_000 },
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    this.where = `S3 bucket "${options.bucket}"${options.endpoint ? ` at ${options.endpoint}` : ''}`;
  }

  async putFile(key: string, sourcePath: string): Promise<void> {
    checkedMediaKey(key);
    if (await this.exists(key)) return;
    const extension = key.slice(key.lastIndexOf('.') + 1);
    const body = createReadStream(sourcePath);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.options.bucket,
        Key: key,
        Body: body,
        ContentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      },
      partSize: this.options.partSizeBytes ?? 8 * 1024 * 1024,
      queueSize: this.options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    try {
      await this.call('upload', key, () => upload.done());
    } finally {
      body.destroy();
    }
    // The activity that stored the file usually reads it next (signing, fingerprints): keep a copy.
    // Not of a face capture: it is biometric data, deleted after analysis (issue 12) by a worker,
    // which cannot reach a copy left in another process's cache (the console that took the upload).
    if (!NOT_CACHED_ON_UPLOAD.test(key)) {
      await writeFileAtomically(this.cachePath(key), (staging) => fs.copyFile(sourcePath, staging)).catch(() => undefined);
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async size(key: string): Promise<number> {
    const head = await this.head(key);
    if (!head) throw new Error(`Media object ${key} is not in the ${this.where}.`);
    return head.size;
  }

  async localPath(key: string): Promise<string> {
    const target = this.cachePath(key);
    if (await fs.access(target).then(() => true, () => false)) return target;
    // The SDK retries a request until its answer starts, not a body cut off midway (a reset
    // connection, a stalled server): such a download is tried again whole, as often as a request.
    const attempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.download(key, target);
        return target;
      } catch (error) {
        if (!(error instanceof MediaStoreUnavailable) || attempt >= attempts) throw error;
      }
    }
  }

  /** One GET of `key` into `target`, through a staging file; throws MediaStoreUnavailable for a short or broken body. */
  private async download(key: string, target: string): Promise<void> {
    const object = await this.call('download', key, () => this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key })));
    const expected = object.ContentLength;
    await this.call('download', key, () =>
      writeFileAtomically(target, async (staging) => {
        await pipeline(object.Body as Readable, createWriteStream(staging));
        const { size } = await fs.stat(staging);
        // A connection dropped mid-body can end the stream early without an error: never keep a short copy.
        if (expected !== undefined && size !== expected) throw new MediaStoreUnavailable(`The ${this.where} sent ${size} of ${expected} bytes of ${key}; the download is retried.`);
      }),
    );
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const cached = this.cachePath(key);
    const handle = await fs.open(cached, 'r').catch(() => null);
    if (handle) return handle.createReadStream(range ?? {});
    const object = await this.call('read', key, () =>
      this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) })),
    );
    return object.Body as Readable;
  }

  async remove(key: string): Promise<boolean> {
    if (!(await this.exists(key))) {
      await fs.rm(this.cachePath(key), { force: true });
      return false;
    }
    await this.call('delete', key, () => this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key })));
    await fs.rm(this.cachePath(key), { force: true });
    return true;
  }

  /** Closes the client's connections (tests and a process that stops). */
  destroy(): void {
    this.client.destroy();
  }

  private cachePath(key: string): string {
    return path.join(this.options.cacheDir, checkedMediaKey(key));
  }

  /** HeadObject: the object's size, or null when the bucket has no such key (404). */
  private async head(key: string): Promise<{ size: number } | null> {
    checkedMediaKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw this.explain('look up', key, error);
    }
  }

  private async call<T>(operation: string, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.explain(operation, key, error);
    }
  }

  /** One sentence for what failed; `MediaStoreUnavailable` when trying again later can help. */
  private explain(operation: string, key: string, error: unknown): Error {
    if (error instanceof MediaStoreUnavailable) return error;
    const reason = describe(error);
    if (isTransient(error)) {
      return new MediaStoreUnavailable(`Could not ${operation} ${key}: the ${this.where} is unavailable (${reason}); the step retries by itself.`, { cause: error });
    }
    return new Error(`Could not ${operation} ${key} in the ${this.where}: ${reason}. Check LOUPE_S3_BUCKET, LOUPE_S3_ENDPOINT and the credentials.`, { cause: error });
  }
}

/** Whether an SDK or network error is worth retrying: no answer, a timeout, a 5xx, throttling. */
function isTransient(error: unknown): boolean {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return status >= 500 || status === 429 || status === 408 || TRANSIENT_S3_CODES.has(error.name);
  }
  const errno = error as NodeJS.ErrnoException & { name?: string };
  if (errno?.code && NETWORK_CODES.has(errno.code)) return true;
  if (errno?.name === 'TimeoutError' || errno?.name === 'AbortError') return true;
  // lib-storage and the SDK wrap the network error; look one level down.
  const cause = (error as { cause?: unknown })?.cause;
  return cause !== undefined && cause !== error && isTransient(cause);
}

function describe(error: unknown): string {
  if (error instanceof S3ServiceException) return `${error.name}, HTTP ${error.$metadata.httpStatusCode ?? '?'}`;
  const errno = error as NodeJS.ErrnoException;
  return errno?.code ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
