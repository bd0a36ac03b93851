/**
 * The key that encrypts face embeddings at rest (issue 12: "embeddings are biometric data, encrypted
 * at rest, key from configuration"). One AES-256 key, named by an id derived from it, so a row
 * records which key sealed it and a later key rotation can tell old rows from new ones without
 * ever storing the key itself.
 *
 * Where the key comes from: LOUPE_BIOMETRIC_KEY (base64 of 32 bytes; config/env.ts requires it in
 * production). In development and tests, when unset, a key is made once in
 * `<dataDir>/secrets/biometric.key` (mode 0600) and reused by every process on that data folder, so
 * the console, the workers and the test stack read each other's rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoupeConfig } from '../../config/env';

/** An AES-256 key (32 bytes) and its id (16 hex characters of a SHA-256 over a label and the key). */
export interface BiometricKey {
  id: string;
  key: Buffer;
}

/** A key that cannot be used: its sentence says what to set. */
export class BiometricKeyError extends Error {
  override name = 'BiometricKeyError';
}

/**
 * The key `raw` (32 bytes) with its id. The id is a hash of a fixed label and the key, so it names
 * the key without revealing it. Throws `BiometricKeyError` when `raw` is not 32 bytes.
 */
export function biometricKeyOf(raw: Buffer): BiometricKey {
  if (raw.length !== 32) throw new BiometricKeyError(`A biometric key must be 32 bytes (AES-256); this one is ${raw.length}.`);
  const id = createHash('sha256').update('loupe biometric key id\0').update(raw).digest('hex').slice(0, 16);
  return { id, key: Buffer.from(raw) };
}

/**
 * The key `config` names: LOUPE_BIOMETRIC_KEY when set; otherwise (development and tests only, as
 * config/env.ts refuses production without it) the key in `<dataDir>/secrets/biometric.key`, made
 * on first use. Creation is exclusive (a hard link that fails when the file exists), so two
 * processes starting together end up with the same key. Throws `BiometricKeyError` when the key
 * file holds something else than the base64 of 32 bytes.
 */
export function biometricKeyFromConfig(config: Pick<LoupeConfig, 'LOUPE_BIOMETRIC_KEY' | 'dataDir' | 'NODE_ENV'>): BiometricKey {
  if (config.LOUPE_BIOMETRIC_KEY) return biometricKeyOf(Buffer.from(config.LOUPE_BIOMETRIC_KEY, 'base64'));
  if (config.NODE_ENV === 'production') throw new BiometricKeyError('LOUPE_BIOMETRIC_KEY must be set in production: the base64 of 32 random bytes.');
  const keyPath = path.join(config.dataDir, 'secrets', 'biometric.key');
  ensureKeyFile(keyPath);
  const text = readFileSync(keyPath, 'utf8').trim();
  const raw = Buffer.from(text, 'base64');
  if (raw.length !== 32) throw new BiometricKeyError(`${keyPath} does not hold the base64 of 32 bytes: remove it to have a new key made, or set LOUPE_BIOMETRIC_KEY.`);
  return biometricKeyOf(raw);
}

function ensureKeyFile(keyPath: string): void {
  mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  const temporary = `${keyPath}.${randomBytes(6).toString('hex')}.partial`;
  writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // link() is atomic and refuses an existing target: the first process's complete file wins.
    linkSync(temporary, keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}
