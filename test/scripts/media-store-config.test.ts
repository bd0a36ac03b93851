/**
 * Issue 16: the media store a process builds from its configuration (db/media-store-from-config.ts,
 * called by buildActivityDeps): the local folder by default, the S3 bucket with LOUPE_MEDIA_STORE=s3,
 * and each wrong LOUPE_S3_* setting refused at start with one sentence naming the variable.
 * No network: building an S3 store connects to nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config/env';
import { LocalMediaStore } from '../../db/media-store';
import { mediaStoreFromConfig } from '../../db/media-store-from-config';
import { S3MediaStore } from '../../db/s3-media-store';

const KEY = `videos/${'cd'.repeat(32)}.mp4`;

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-media-config-'));
});
afterEach(async () => rm(tmp, { recursive: true, force: true }));

it('uses the local media folder by default', async () => {
  const store = mediaStoreFromConfig(loadConfig({ LOUPE_DATA_DIR: tmp }));
  expect(store).toBeInstanceOf(LocalMediaStore);
  expect(await store.localPath(KEY)).toBe(path.join(tmp, 'media', KEY));
});

it('uses the S3 bucket with LOUPE_MEDIA_STORE=s3, with its local copies under <data dir>/media-cache', () => {
  const config = loadConfig({
    LOUPE_DATA_DIR: tmp, LOUPE_MEDIA_STORE: 's3', LOUPE_S3_BUCKET: 'loupe-media', LOUPE_S3_ENDPOINT: 'http://127.0.0.1:9000', LOUPE_S3_FORCE_PATH_STYLE: 'true',
  });
  expect(config).toMatchObject({ LOUPE_S3_REGION: 'us-east-1', LOUPE_S3_FORCE_PATH_STYLE: true, mediaCacheDir: path.join(tmp, 'media-cache') });
  const store = mediaStoreFromConfig(config);
  expect(store).toBeInstanceOf(S3MediaStore);
  (store as S3MediaStore).destroy();
});

it.each([
  [{ LOUPE_MEDIA_STORE: 's3' }, 'LOUPE_S3_BUCKET is not valid: expected a bucket name, because LOUPE_MEDIA_STORE=s3 stores every media file in that bucket.'],
  [{ LOUPE_MEDIA_STORE: 'minio' }, 'LOUPE_MEDIA_STORE is not valid: expected local or s3 (where media files are stored).'],
  [{ LOUPE_MEDIA_STORE: 's3', LOUPE_S3_BUCKET: 'Loupe_Media' }, 'LOUPE_S3_BUCKET is not valid: expected a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens, for example loupe-media.'],
  [{ LOUPE_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' }, 'LOUPE_S3_SECRET_ACCESS_KEY is not valid: expected to be set together with the other LOUPE_S3_* key'],
  [{ LOUPE_S3_ENDPOINT: 'minio:9000' }, 'LOUPE_S3_ENDPOINT is not valid: expected the http(s) URL of an S3-compatible server'],
])('refuses %o with one sentence', (env, sentence) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(sentence);
});
