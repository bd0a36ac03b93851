/**
 * The biometric store (db/biometrics): embeddings go in sealed with AES-256-GCM and come out equal;
 * a changed byte, a ciphertext moved to another subject or another key is refused with a sentence;
 * the stored bytes never contain the embedding's float32 bytes; the development key file is made
 * once (mode 0600) and reused.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BiometricDecryptionError,
  deleteFaceEmbeddingsOf,
  loadFaceEmbeddings,
  storeFaceEmbeddings,
} from '../../db/biometrics/face-embeddings';
import { biometricKeyFromConfig, biometricKeyOf, BiometricKeyError } from '../../db/biometrics/key';
import { connectTestContext, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const key = biometricKeyOf(randomBytes(32));

/** A unit vector of `length` values that are not all alike (a made-up embedding, not a face). */
function fakeEmbedding(length = 1024): Float32Array {
  const values = new Float32Array(length);
  let sum = 0;
  for (let i = 0; i < length; i += 1) {
    values[i] = Math.sin(i * 0.37 + Math.random());
    sum += values[i]! * values[i]!;
  }
  for (let i = 0; i < length; i += 1) values[i]! /= Math.sqrt(sum);
  return values;
}

it('stores embeddings sealed and loads them back equal, ordered by id, by kind, subject and after an id', async () => {
  const cameo = { kind: 'cameo' as const, id: randomUUID() };
  const person = { kind: 'protected_person' as const, id: randomUUID() };
  const vectors = [fakeEmbedding(), fakeEmbedding(), fakeEmbedding()];
  const ids = await storeFaceEmbeddings(ctx.db, key, [
    { subject: cameo, source: 'enrolment', sourceId: 'e1', embedding: vectors[0]!, modelLabel: 'test-model' },
    { subject: cameo, source: 'enrolment', sourceId: 'e1', embedding: vectors[1]!, modelLabel: 'test-model' },
    { subject: person, source: 'reference_image', sourceId: 'r1', embedding: vectors[2]!, modelLabel: 'test-model' },
  ]);
  expect(ids).toHaveLength(3);
  expect(BigInt(ids[1]!)).toBeGreaterThan(BigInt(ids[0]!));

  const loaded = await loadFaceEmbeddings(ctx.db, key, { kinds: ['cameo', 'protected_person'], subjectIds: [cameo.id, person.id] });
  expect(loaded.map((row) => row.id)).toEqual(ids);
  expect(loaded.map((row) => row.subject)).toEqual([cameo, cameo, person]);
  loaded.forEach((row, index) => expect(Array.from(row.embedding)).toEqual(Array.from(vectors[index]!)));

  const onlyCameos = await loadFaceEmbeddings(ctx.db, key, { kinds: ['cameo'], subjectIds: [cameo.id, person.id] });
  expect(onlyCameos.map((row) => row.id)).toEqual(ids.slice(0, 2));
  const after = await loadFaceEmbeddings(ctx.db, key, { kinds: ['cameo', 'protected_person'], afterId: ids[0]!, subjectIds: [cameo.id, person.id], limit: 1 });
  expect(after.map((row) => row.id)).toEqual([ids[1]]);

  expect(await deleteFaceEmbeddingsOf(ctx.db, cameo)).toBe(2);
  expect(await loadFaceEmbeddings(ctx.db, key, { kinds: ['cameo'], subjectIds: [cameo.id] })).toEqual([]);
  expect(await deleteFaceEmbeddingsOf(ctx.db, person)).toBe(1);
});

it('never stores the float32 bytes of the embedding, and seals the same vector differently each time (fresh IV)', async () => {
  const subject = { kind: 'cameo' as const, id: randomUUID() };
  const vector = fakeEmbedding();
  await storeFaceEmbeddings(ctx.db, key, [
    { subject, source: 'enrolment', sourceId: null, embedding: vector, modelLabel: 'test-model' },
    { subject, source: 'enrolment', sourceId: null, embedding: vector, modelLabel: 'test-model' },
  ]);
  const rows = await ctx.db.selectFrom('face_embeddings').select(['ciphertext', 'key_id']).where('subject_id', '=', subject.id).execute();
  const plain = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  for (const row of rows) {
    expect(row.key_id).toBe(key.id);
    expect(row.ciphertext.length).toBe(12 + 16 + 1024 * 4);
    // Not the whole vector, and not even any 16-byte run of it (four consecutive values).
    expect(row.ciphertext.includes(plain)).toBe(false);
    for (let offset = 0; offset + 16 <= plain.length; offset += 256) expect(row.ciphertext.includes(plain.subarray(offset, offset + 16))).toBe(false);
  }
  expect(rows[0]!.ciphertext.equals(rows[1]!.ciphertext)).toBe(false);
  await deleteFaceEmbeddingsOf(ctx.db, subject);
});

it('refuses a tampered ciphertext, a ciphertext moved to another subject, and another key, with a sentence that holds no values', async () => {
  const subject = { kind: 'cameo' as const, id: randomUUID() };
  const other = { kind: 'cameo' as const, id: randomUUID() };
  const [id] = await storeFaceEmbeddings(ctx.db, key, [{ subject, source: 'enrolment', sourceId: null, embedding: fakeEmbedding(), modelLabel: 'test-model' }]);

  const wrongKey = biometricKeyOf(randomBytes(32));
  const wrong = loadFaceEmbeddings(ctx.db, wrongKey, { kinds: ['cameo'], subjectIds: [subject.id] });
  await expect(wrong).rejects.toThrow(BiometricDecryptionError);
  await expect(loadFaceEmbeddings(ctx.db, wrongKey, { kinds: ['cameo'], subjectIds: [subject.id] })).rejects.toThrow(/set LOUPE_BIOMETRIC_KEY/);
  // The same key id with other key bytes (a key file replaced by hand) fails authentication.
  const impostor = { id: key.id, key: randomBytes(32) };
  await expect(loadFaceEmbeddings(ctx.db, impostor, { kinds: ['cameo'], subjectIds: [subject.id] })).rejects.toThrow(/failed authentication/);

  const row = await ctx.db.selectFrom('face_embeddings').select('ciphertext').where('id', '=', id! as never).executeTakeFirstOrThrow();
  const tampered = Buffer.from(row.ciphertext);
  tampered[100] = tampered[100]! ^ 0x01;
  await ctx.db.updateTable('face_embeddings').set({ ciphertext: tampered }).where('id', '=', id! as never).execute();
  const error = await loadFaceEmbeddings(ctx.db, key, { kinds: ['cameo'], subjectIds: [subject.id] }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(BiometricDecryptionError);
  expect((error as Error).message).toMatch(new RegExp(`Face embedding #${id} failed authentication`));
  expect((error as Error).message).not.toMatch(/\d\.\d{3,}/);

  // The original bytes, but on another subject's row: refused too (the subject is authenticated).
  await ctx.db.updateTable('face_embeddings').set({ ciphertext: row.ciphertext, subject_id: other.id }).where('id', '=', id! as never).execute();
  await expect(loadFaceEmbeddings(ctx.db, key, { kinds: ['cameo'], subjectIds: [other.id] })).rejects.toThrow(/failed authentication/);
  await deleteFaceEmbeddingsOf(ctx.db, other);
});

it('makes the development key once, mode 0600, reuses it, and takes LOUPE_BIOMETRIC_KEY when set', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loupe-key-'));
  const first = biometricKeyFromConfig({ dataDir, NODE_ENV: 'test', LOUPE_BIOMETRIC_KEY: undefined });
  const second = biometricKeyFromConfig({ dataDir, NODE_ENV: 'test', LOUPE_BIOMETRIC_KEY: undefined });
  expect(first.key.length).toBe(32);
  expect(second).toEqual(first);
  const keyPath = path.join(dataDir, 'secrets', 'biometric.key');
  expect(statSync(keyPath).mode & 0o777).toBe(0o600);
  expect(Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64').equals(first.key)).toBe(true);

  const configured = randomBytes(32);
  const fromEnv = biometricKeyFromConfig({ dataDir, NODE_ENV: 'production', LOUPE_BIOMETRIC_KEY: configured.toString('base64') });
  expect(fromEnv.key.equals(configured)).toBe(true);
  expect(fromEnv.id).not.toBe(first.id);
  expect(() => biometricKeyFromConfig({ dataDir, NODE_ENV: 'production', LOUPE_BIOMETRIC_KEY: undefined })).toThrow(BiometricKeyError);
});
