/**
 * The media store a process uses, from the validated configuration (issue 16): the local folder
 * `<LOUPE_DATA_DIR>/media` unless LOUPE_MEDIA_STORE=s3, then the LOUPE_S3_* bucket with its local
 * copies under `<LOUPE_DATA_DIR>/media-cache`. The one place both the workers (buildActivityDeps)
 * and the console processes choose it, so they always agree.
 */
import type { LoupeConfig } from '../config/env';
import { LocalMediaStore, type MediaStore } from './media-store';
import { S3MediaStore } from './s3-media-store';

/**
 * Builds the store `config` names. config/env.ts has already refused LOUPE_MEDIA_STORE=s3 without
 * LOUPE_S3_BUCKET, and one LOUPE_S3_* key without the other; the check here only narrows the type.
 */
export function mediaStoreFromConfig(config: LoupeConfig): MediaStore {
  if (config.LOUPE_MEDIA_STORE === 'local') return new LocalMediaStore(config.mediaDir);
  if (!config.LOUPE_S3_BUCKET) throw new Error('LOUPE_S3_BUCKET is not set, and LOUPE_MEDIA_STORE=s3 needs a bucket.');
  return new S3MediaStore({
    bucket: config.LOUPE_S3_BUCKET,
    region: config.LOUPE_S3_REGION,
    forcePathStyle: config.LOUPE_S3_FORCE_PATH_STYLE,
    cacheDir: config.mediaCacheDir,
    ...(config.LOUPE_S3_ENDPOINT ? { endpoint: config.LOUPE_S3_ENDPOINT } : {}),
    ...(config.LOUPE_S3_ACCESS_KEY_ID && config.LOUPE_S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: config.LOUPE_S3_ACCESS_KEY_ID, secretAccessKey: config.LOUPE_S3_SECRET_ACCESS_KEY } }
      : {}),
  });
}
