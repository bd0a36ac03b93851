/**
 * The media store's contract (db/media-store.ts `MediaStore`), one suite run against both
 * implementations: the local folder and S3-compatible object storage (db/s3-media-store.ts) on a
 * real S3 server, moto, started by this file (test/support/s3-server.ts). Then each one's storage
 * faults: a full disk (ENOSPC injected at the local store's one write call, after half the bytes)
 * and the S3 server down (its endpoint refusing connections); the put fails with a retryable error
 * that says what is wrong, leaves nothing under the key, and succeeds once the storage is back.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LocalMediaStore, MediaStoreFull, MediaStoreUnavailable, type MediaStore } from '../../db/media-store';
import { S3MediaStore, S3_MIN_PART_BYTES } from '../../db/s3-media-store';
import { startS3TestServer, type S3TestServer } from '../support/s3-server';

let dir: string;
let s3: S3TestServer;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-media-store-'));
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Compares contents by digest: vitest's deep equality walks a Buffer byte by byte, minutes for megabytes. */
const digest = (bytes: Buffer) => `${bytes.length} bytes, sha256 ${sha256(bytes)}`;

/** A file of `size` bytes whose content differs every call, and its content-addressed key. */
async function sourceFile(size: number, folder = 'videos', extension = 'mp4'): Promise<{ file: string; bytes: Buffer; key: string }> {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 4096) bytes.writeUInt32LE(Math.floor(Math.random() * 2 ** 32), index);
  const file = path.join(dir, `source-${Math.random().toString(16).slice(2)}`);
  await fs.writeFile(file, bytes);
  return { file, bytes, key: `${folder}/${sha256(bytes)}.${extension}` };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Every file under `folder`, relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
}

interface Implementation {
  name: string;
  /** A new, empty store; a second call with the same `place` opens the same storage with an empty cache. */
  open(place: string): MediaStore;
  place(): Promise<string>;
  /** Every key stored, straight from the storage. */
  keys(place: string): Promise<string[]>;
}

const local: Implementation = {
  name: 'local folder',
  open: (place) => new LocalMediaStore(place),
  place: async () => fs.mkdtemp(path.join(dir, 'local-')),
  keys: (place) => filesUnder(place),
};

const objectStorage: Implementation = {
  name: 'S3 (moto)',
  open: (place) => new S3MediaStore(s3.storeOptions(place, path.join(dir, `cache-${Math.random().toString(16).slice(2)}`))),
  place: () => s3.createBucket(),
  async keys(bucket) {
    const listed = await s3.direct.send(new ListObjectsV2Command({ Bucket: bucket }));
    return (listed.Contents ?? []).map((object) => object.Key!);
  },
};

describe.each([local, objectStorage])('the media store contract: $name', (implementation) => {
  it('stores a file under its key, whole, and answers exists, size, a local path and its bytes', async () => {
    const place = await implementation.place();
    const store = implementation.open(place);
    const { file, bytes, key } = await sourceFile(300_000);
    expect(await store.exists(key)).toBe(false);

    await store.putFile(key, file);

    // A second store on the same storage (for S3: an empty cache) sees the same object.
    const other = implementation.open(place);
    expect(await other.exists(key)).toBe(true);
    expect(await other.size(key)).toBe(bytes.length);
    expect(digest(await readAll(await other.read(key)))).toBe(digest(bytes));
    expect(digest(await fs.readFile(await other.localPath(key)))).toBe(digest(bytes));
    expect(await implementation.keys(place)).toEqual([key]);
  });

  it('reads an inclusive byte range from storage (what /media answers a Range request with)', async () => {
    const place = await implementation.place();
    const { file, bytes, key } = await sourceFile(100_000);
    await implementation.open(place).putFile(key, file);

    const fresh = implementation.open(place);
    expect(digest(await readAll(await fresh.read(key, { start: 1000, end: 1999 })))).toBe(digest(bytes.subarray(1000, 2000)));
    expect(digest(await readAll(await fresh.read(key, { start: 99_990, end: 99_999 })))).toBe(digest(bytes.subarray(99_990)));
  });

  it('lets concurrent puts of one key all succeed, with one complete object and no staging files left', async () => {
    const place = await implementation.place();
    const store = implementation.open(place);
    const { file, bytes, key } = await sourceFile(256 * 1024, 'sources', 'png');

    await Promise.all(Array.from({ length: 8 }, () => store.putFile(key, file)));

    expect(await implementation.keys(place)).toEqual([key]);
    expect(digest(await fs.readFile(await implementation.open(place).localPath(key)))).toBe(digest(bytes));
  });

  it('removes an object once (true), then answers false; a missing object cannot be read or sized', async () => {
    const place = await implementation.place();
    const store = implementation.open(place);
    const { file, key } = await sourceFile(10_000, 'captures', 'webm');
    await store.putFile(key, file);

    expect(await store.remove(key)).toBe(true);
    expect(await store.remove(key)).toBe(false);
    expect(await store.exists(key)).toBe(false);
    await expect(store.size(key)).rejects.toThrow();
    await expect(store.read(key)).rejects.toThrow();
    expect(await implementation.keys(place)).toEqual([]);
  });

  it('refuses a key that is not a media key (no escaping the folder or naming another object)', async () => {
    const store = implementation.open(await implementation.place());
    const { file } = await sourceFile(10);
    for (const key of ['../etc/passwd', 'videos/../../x.mp4', 'Videos/ABC.mp4', 'videos/abc.mp4']) {
      await expect(store.putFile(key, file)).rejects.toThrow(/Invalid media key/);
      await expect(store.exists(key)).rejects.toThrow(/Invalid media key/);
    }
  });
});

describe('S3 specifics', () => {
  it('uploads a file larger than a part as a multipart upload, and reads it back whole', async () => {
    const bucket = await s3.createBucket();
    const store = new S3MediaStore({ ...s3.storeOptions(bucket, path.join(dir, 'cache-multipart')), partSizeBytes: S3_MIN_PART_BYTES });
    const { file, bytes, key } = await sourceFile(2 * S3_MIN_PART_BYTES + 1024 * 1024);

    await store.putFile(key, file);

    // A multipart object's ETag is the parts' digest with their count after a dash (three parts here).
    const head = await s3.direct.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ETag).toMatch(/-3"$/);
    expect(head.ContentType).toBe('video/mp4');
    const fresh = new S3MediaStore(s3.storeOptions(bucket, path.join(dir, 'cache-multipart-read')));
    expect(digest(await fs.readFile(await fresh.localPath(key)))).toBe(digest(bytes));
    expect((await s3.direct.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  });

  it('downloads again whole when a body is cut off midway, which the SDK does not retry', async () => {
    // A server that speaks GetObject's answer (200, Content-Length, the bytes) and, on the first
    // request only, closes the connection halfway through the body, as a reset or stalled server does.
    const bytes = Buffer.alloc(256 * 1024, 7);
    const requests: string[] = [];
    const server = http.createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.length) });
      if (requests.length === 1) response.write(bytes.subarray(0, bytes.length / 2), () => response.destroy());
      else response.end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const store = new S3MediaStore({
        bucket: 'cut-bodies', region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, cacheDir: path.join(dir, 'cache-cut'), maxAttempts: 2,
      });
      const key = `videos/${sha256(bytes)}.mp4`;
      expect(digest(await fs.readFile(await store.localPath(key)))).toBe(digest(bytes));
      expect(requests).toEqual([`GET /cut-bodies/${key}?x-id=GetObject`, `GET /cut-bodies/${key}?x-id=GetObject`]);
      // Nothing half-written is left in the cache beside the whole copy.
      expect(await fs.readdir(path.join(dir, 'cache-cut', 'videos'))).toEqual([path.basename(key)]);
    } finally {
      server.close();
    }
  });

  it('keeps a local copy of what it uploaded, but never of a face capture (biometric data another process deletes)', async () => {
    const bucket = await s3.createBucket();
    const cacheDir = path.join(dir, 'cache-uploads');
    const store = new S3MediaStore(s3.storeOptions(bucket, cacheDir));
    const video = await sourceFile(1000);
    const capture = await sourceFile(1000, 'captures', 'webm');

    await store.putFile(video.key, video.file);
    await store.putFile(capture.key, capture.file);

    expect(await objectStorage.keys(bucket)).toEqual([capture.key, video.key].sort());
    expect(await filesUnder(cacheDir)).toEqual([video.key]);
  });

  it('refuses a part size under S3\'s 5 MiB minimum', () => {
    expect(() => new S3MediaStore({ ...s3.storeOptions('loupe-x', dir), partSizeBytes: 1024 })).toThrow(/at least 5242880 bytes/);
  });
});

describe('storage faults', () => {
  it('a full disk (ENOSPC injected after half the bytes) fails the put with MediaStoreFull, leaves nothing under the key or staged, and a later put succeeds', async () => {
    const root = await fs.mkdtemp(path.join(dir, 'full-'));
    let full = true;
    const store = new LocalMediaStore(root, {
      async copyFile(source, staging) {
        if (!full) return fs.copyFile(source, staging);
        // What a full disk does to a copy: part of the bytes land, then the write fails.
        const bytes = await fs.readFile(source);
        await fs.writeFile(staging, bytes.subarray(0, bytes.length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
      },
    });
    const { file, bytes, key } = await sourceFile(64_000);

    const failure = await store.putFile(key, file).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MediaStoreFull);
    expect((failure as Error).name).toBe('MediaStoreFull');
    expect((failure as Error).message).toBe(`The media folder ${root} is full (ENOSPC while writing ${key}); free space there and the step retries by itself.`);
    expect(await store.exists(key)).toBe(false);
    expect(await filesUnder(root)).toEqual([]);

    full = false;
    await store.putFile(key, file);
    expect(digest(await fs.readFile(await store.localPath(key)))).toBe(digest(bytes));
    expect(await filesUnder(root)).toEqual([key]);
  });

  it('S3 down: the put fails with MediaStoreUnavailable naming the bucket, nothing is stored, and it succeeds once the server is back', async () => {
    const bucket = await s3.createBucket();
    const cacheDir = path.join(dir, 'cache-down');
    const store = new S3MediaStore(s3.storeOptions(bucket, cacheDir));
    const { file, bytes, key } = await sourceFile(50_000);

    await s3.down();
    let failure: unknown;
    try {
      failure = await store.putFile(key, file).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MediaStoreUnavailable);
      expect((failure as Error).message).toMatch(new RegExp(`^Could not look up ${key}: the S3 bucket "${bucket}" at ${s3.endpoint} is unavailable \\(ECONNREFUSED\\); the step retries by itself\\.$`));
      await expect(store.read(key)).rejects.toBeInstanceOf(MediaStoreUnavailable);
    } finally {
      await s3.up();
    }
    expect(await objectStorage.keys(bucket)).toEqual([]);
    expect(await filesUnder(cacheDir)).toEqual([]);

    await store.putFile(key, file);
    expect(await objectStorage.keys(bucket)).toEqual([key]);
    expect(digest(await readAll(await new S3MediaStore(s3.storeOptions(bucket, path.join(dir, 'cache-after'))).read(key)))).toBe(digest(bytes));
  });
});
