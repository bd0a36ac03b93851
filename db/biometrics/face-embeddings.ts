/**
 * The biometric store: face embeddings, encrypted, in `face_embeddings` (migration 016). The only
 * module that reads or writes that table.
 *
 * Each row is sealed with AES-256-GCM under the configured key (db/biometrics/key.ts): a fresh
 * random 12-byte IV per row, the 16-byte tag, then the encrypted float32 little-endian values;
 * `ciphertext` = iv || tag || encrypted. The row's subject, source and key id are bound in as
 * additional authenticated data, so a ciphertext copied onto another subject's row fails to open.
 * A row that does not open (tampered, wrong key) throws `BiometricDecryptionError`; its message
 * names the row, never its content.
 *
 * Embeddings leave this module only as Float32Arrays in the calling process's memory: never in
 * logs, errors, workflow histories or responses.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { BiometricKey } from './key';

/** Whose face: a cameo (enrolment), a protected person (reference image), a generated video (keyframes). */
export type BiometricSubjectKind = 'cameo' | 'protected_person' | 'video';

/** A subject of stored face embeddings. */
export interface BiometricSubject {
  kind: BiometricSubjectKind;
  id: string;
}

/** One embedding to store: whose, where it came from, the vector and the model that made it. */
export interface NewFaceEmbedding {
  subject: BiometricSubject;
  /** 'enrolment', 'reference_image', 'keyframe', ... */
  source: string;
  /** The enrolment id, reference image id, or request id and frame the embedding came from. */
  sourceId: string | null;
  embedding: Float32Array;
  modelLabel: string;
}

/** One stored embedding, decrypted. `id` is the row's bigserial as a string. */
export interface StoredFaceEmbedding {
  id: string;
  subject: BiometricSubject;
  embedding: Float32Array;
  createdAt: Date;
}

/** A stored embedding that could not be decrypted: tampered with, or sealed by another key. */
export class BiometricDecryptionError extends Error {
  override name = 'BiometricDecryptionError';
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function additionalData(subject: BiometricSubject, keyId: string): Buffer {
  return Buffer.from(`face_embeddings\0${subject.kind}\0${subject.id}\0${keyId}`, 'utf8');
}

/** Seals `embedding` for `subject` under `key`: iv(12) || tag(16) || AES-256-GCM(float32 LE). */
export function sealEmbedding(key: BiometricKey, subject: BiometricSubject, embedding: Float32Array): Buffer {
  const plain = Buffer.alloc(embedding.length * 4);
  for (let i = 0; i < embedding.length; i += 1) plain.writeFloatLE(embedding[i]!, i * 4);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(additionalData(subject, key.id));
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  return Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
}

/**
 * Opens a sealed embedding. Throws `BiometricDecryptionError` (naming `rowLabel`) when the row was
 * sealed with another key id than `key`'s, or when GCM authentication fails (a changed byte, a
 * ciphertext moved to another subject, a wrong key).
 */
export function openEmbedding(key: BiometricKey, subject: BiometricSubject, keyId: string, ciphertext: Uint8Array, rowLabel: string): Float32Array {
  if (keyId !== key.id) {
    throw new BiometricDecryptionError(`Face embedding ${rowLabel} was encrypted with key ${keyId}, not the configured key ${key.id}: set LOUPE_BIOMETRIC_KEY to that key (or re-encrypt the rows).`);
  }
  const sealed = Buffer.from(ciphertext);
  if (sealed.length < IV_BYTES + TAG_BYTES || (sealed.length - IV_BYTES - TAG_BYTES) % 4 !== 0) {
    throw new BiometricDecryptionError(`Face embedding ${rowLabel} is not a sealed embedding (wrong length): it was damaged or tampered with.`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(additionalData(subject, keyId));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new BiometricDecryptionError(`Face embedding ${rowLabel} failed authentication: it was tampered with, moved to another subject, or sealed with another key.`);
  }
  const embedding = new Float32Array(plain.length / 4);
  for (let i = 0; i < embedding.length; i += 1) embedding[i] = plain.readFloatLE(i * 4);
  plain.fill(0);
  return embedding;
}

/**
 * Stores `rows`, each sealed with `key`, in one statement; returns their ids (bigserial as strings)
 * in the order given. An empty list stores nothing.
 */
export async function storeFaceEmbeddings(db: Kysely<Database>, key: BiometricKey, rows: NewFaceEmbedding[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('face_embeddings')
    .values(rows.map((row) => ({
      subject_kind: row.subject.kind,
      subject_id: row.subject.id,
      source: row.source,
      source_id: row.sourceId,
      ciphertext: sealEmbedding(key, row.subject, row.embedding),
      key_id: key.id,
      model_label: row.modelLabel,
    })))
    .returning('id')
    .execute();
  return inserted.map((row) => String(row.id));
}

/** What to load: which kinds of subject, rows after an id (exclusive), only some subjects, how many. */
export interface LoadFaceEmbeddingsOptions {
  kinds: BiometricSubjectKind[];
  /** Only rows with a greater id (the gallery's refresh by id). */
  afterId?: string;
  subjectIds?: string[];
  limit?: number;
}

/**
 * Loads and decrypts stored embeddings, ordered by id. Deleted cameos are NOT filtered here (the
 * caller decides what a deleted subject means); rows already deleted are gone. Throws
 * `BiometricDecryptionError` for a row that does not open.
 */
export async function loadFaceEmbeddings(db: Kysely<Database>, key: BiometricKey, options: LoadFaceEmbeddingsOptions): Promise<StoredFaceEmbedding[]> {
  if (options.kinds.length === 0 || (options.subjectIds && options.subjectIds.length === 0)) return [];
  let query = db
    .selectFrom('face_embeddings')
    .select(['id', 'subject_kind', 'subject_id', 'ciphertext', 'key_id', 'created_at'])
    .where('subject_kind', 'in', options.kinds)
    .orderBy('id');
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId as never);
  if (options.subjectIds) query = query.where('subject_id', 'in', options.subjectIds);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.map((row) => {
    const subject: BiometricSubject = { kind: row.subject_kind, id: row.subject_id };
    return {
      id: String(row.id),
      subject,
      embedding: openEmbedding(key, subject, row.key_id, row.ciphertext, `#${row.id}`),
      createdAt: row.created_at,
    };
  });
}

/** Deletes every stored embedding of `subject`; returns how many rows were deleted. */
export async function deleteFaceEmbeddingsOf(db: Kysely<Database>, subject: BiometricSubject): Promise<number> {
  const result = await db
    .deleteFrom('face_embeddings')
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
