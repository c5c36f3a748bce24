import { join } from 'node:path';
import { LocalStorage } from './local-storage';
import type { MediaStorage } from './media-storage';
import type { S3Storage as S3StorageType } from './s3-storage';

/** The storage chosen by the environment: MEDIA_STORAGE=s3 with S3_* variables, else local files. */
export function createStorageFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): MediaStorage {
  if (env.MEDIA_STORAGE === 's3') {
    if (!env.S3_BUCKET) throw new Error('MEDIA_STORAGE=s3 needs S3_BUCKET');
    // The AWS SDK is loaded only when S3 is chosen.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for S3
    const { S3Storage } = require('./s3-storage') as { S3Storage: typeof S3StorageType };
    return new S3Storage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION ?? 'us-east-1',
      endpoint: env.S3_ENDPOINT || undefined,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === 'true' : undefined,
    });
  }
  return new LocalStorage(env.MEDIA_DIR ?? join(dataDir, 'media'));
}
