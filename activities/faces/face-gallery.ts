/**
 * The face gallery: every enrolled cameo's and protected person's stored face, decrypted into one
 * process-wide face index (./face-index.ts), so a face found in a source image or a keyframe is
 * compared with all of them in milliseconds. `lookupFaces` is what the face checks and the
 * reference-face work call.
 *
 * How it stays true to the biometric store (db/biometrics/face-embeddings.ts):
 * - Loading: on first use, the store's cameo and protected_person rows are read in pages of
 *   LOAD_PAGE_SIZE by id and added to the index. Embeddings live only in the index's native memory
 *   of this worker, never in a log, error or result.
 * - New rows: every lookup first asks the store for rows with an id above the highest it has seen
 *   (one indexed range query; usually empty), so an enrolment is matchable on the next lookup.
 * - Deleted rows and deleted subjects: every candidate the index returns is checked against the
 *   database before it becomes a match (one primary-key query over the candidates' ids: row still
 *   stored, cameo not deleted, protected person still in the registry,
 *   db/queries/face-gallery.ts). A candidate that fails is removed from the index and the search is
 *   repeated. So a deleted cameo never matches, from the moment its `deleted_at` is committed,
 *   though its embeddings stay in the store for the retention period.
 * - Reconciliation, at most every FACE_GALLERY_RECONCILE_MS: the ids the store holds are compared
 *   with the index's: rows gone are removed (so memory does not keep deleted faces), and rows the
 *   refresh by id skipped are loaded. A bigserial id is taken at insert but seen at commit, so a
 *   transaction that commits after a later one (an enrolment storing its embeddings while another
 *   commits first) can hide below the highest id seen; reconciliation bounds that staleness to
 *   FACE_GALLERY_RECONCILE_MS. Matches are never stale the other way: nothing deleted is returned.
 *
 * Changes to the gallery (load, refresh, removal) are serialised in this process; searches run
 * between them. A new database handle or biometric key (tests, a key rotation) starts a new gallery.
 *
 * Cost: the first lookup of a worker loads and indexes every stored face; the benchmark
 * (`npm run bench -- faces`, docs/benchmarks.md "Face match") measures that build for 100,000.
 */
import type { Kysely } from 'kysely';
import { loadFaceEmbeddings } from '../../db/biometrics/face-embeddings';
import type { BiometricKey } from '../../db/biometrics/key';
import { allLiveGalleryEmbeddingIds, GALLERY_SUBJECT_KINDS, liveGalleryEmbeddingIds } from '../../db/queries/face-gallery';
import type { Database } from '../../db/schema';
import type { FaceMatch, FaceSubject } from '../../policies/faces';
import { FACE_EMBEDDING_LENGTH } from './engine';
import { FaceIndex } from './face-index';

/** What a lookup needs from the worker: the database and the key that opens the stored embeddings. */
export interface FaceGalleryDeps {
  db: Kysely<Database>;
  biometricKey: BiometricKey;
}

/** Rows decrypted per query while loading: bounds the memory a page of plaintext embeddings holds (4 KB each). */
const LOAD_PAGE_SIZE = 1_000;
/**
 * Milliseconds between reconciliations of the gallery with the store: the staleness bound for a
 * row committed out of id order, and how long a deleted row's embedding may stay in memory
 * (unmatched). A minute keeps the cost (one id-only scan) negligible beside the lookups.
 */
export const FACE_GALLERY_RECONCILE_MS = 60_000;
/** Subjects returned when the caller does not say how many. */
const DEFAULT_MATCHES = 5;
/** Times a search is repeated after candidates turned out deleted, before returning what is left. */
const MAX_SEARCH_ROUNDS = 3;

const subjectKey = (subject: FaceSubject) => `${subject.kind}:${subject.id}`;

/** The gallery of one process for one database and key. */
class Gallery {
  readonly index = new FaceIndex();
  /** face_embeddings.id -> whose face. */
  readonly subjectOf = new Map<bigint, FaceSubject>();
  /** subject -> its embeddings' ids (a cameo has several enrolled frames). */
  readonly keysOf = new Map<string, Set<bigint>>();
  /**
   * At least the most embeddings any one subject has (how many candidates one subject can take
   * from a search): raised as rows are added, recounted at reconciliation, so a lookup need not
   * walk every subject.
   */
  mostPerSubject = 1;
  /** Highest id added so far: the refresh asks for rows above it. */
  lastId = 0n;
  reconciledAt = 0;

  constructor(readonly db: Kysely<Database>, readonly keyId: string) {}

  add(rows: { id: string; subject: FaceSubject; embedding: Float32Array }[]): void {
    const fresh = rows.filter((row) => row.embedding.length === FACE_EMBEDDING_LENGTH);
    // Rows of another embedding length come from another face model: they cannot be compared, so they are not indexed.
    this.index.add(fresh.map((row) => ({ key: BigInt(row.id), embedding: row.embedding })));
    for (const row of fresh) {
      const key = BigInt(row.id);
      this.subjectOf.set(key, row.subject);
      const keys = this.keysOf.get(subjectKey(row.subject)) ?? new Set<bigint>();
      keys.add(key);
      this.keysOf.set(subjectKey(row.subject), keys);
      this.mostPerSubject = Math.max(this.mostPerSubject, keys.size);
    }
    for (const row of rows) if (BigInt(row.id) > this.lastId) this.lastId = BigInt(row.id);
  }

  remove(keys: Iterable<bigint>): void {
    const list = [...keys];
    this.index.remove(list);
    for (const key of list) {
      const subject = this.subjectOf.get(key);
      if (!subject) continue;
      this.subjectOf.delete(key);
      const keys = this.keysOf.get(subjectKey(subject));
      keys?.delete(key);
      if (keys?.size === 0) this.keysOf.delete(subjectKey(subject));
    }
  }

  /** Recounts mostPerSubject exactly (one walk over the subjects). */
  recountMostPerSubject(): void {
    this.mostPerSubject = 1;
    for (const keys of this.keysOf.values()) this.mostPerSubject = Math.max(this.mostPerSubject, keys.size);
  }
}

let current: Gallery | undefined;
let changes: Promise<unknown> = Promise.resolve();

/** Runs `change` after every change already queued in this process (one writer to the index at a time). */
function serialised<T>(change: () => Promise<T>): Promise<T> {
  const run = changes.then(change);
  changes = run.catch(() => undefined);
  return run;
}

/** Reads the store's gallery rows after `gallery.lastId`, page by page, into the index. */
async function loadNewRows(gallery: Gallery, deps: FaceGalleryDeps, afterId = gallery.lastId): Promise<void> {
  let after = afterId;
  for (;;) {
    const rows = await loadFaceEmbeddings(deps.db, deps.biometricKey, { kinds: [...GALLERY_SUBJECT_KINDS], afterId: String(after), limit: LOAD_PAGE_SIZE });
    gallery.add(rows as { id: string; subject: FaceSubject; embedding: Float32Array }[]);
    for (const row of rows) row.embedding.fill(0);
    if (rows.length < LOAD_PAGE_SIZE) return;
    after = BigInt(rows[rows.length - 1]!.id);
  }
}

/** Removes rows the store no longer holds (or may no longer match) and loads rows committed out of id order. */
async function reconcile(gallery: Gallery, deps: FaceGalleryDeps): Promise<void> {
  const live = new Set((await allLiveGalleryEmbeddingIds(deps.db, String(gallery.lastId))).map((id) => BigInt(id)));
  gallery.remove([...gallery.subjectOf.keys()].filter((key) => !live.has(key)));
  let firstMissing: bigint | undefined;
  for (const id of live) if (!gallery.subjectOf.has(id) && (firstMissing === undefined || id < firstMissing)) firstMissing = id;
  // The index ignores rows it already holds, so reading again from just below the first missing id only adds the missing ones.
  if (firstMissing !== undefined) await loadNewRows(gallery, deps, firstMissing - 1n);
  gallery.recountMostPerSubject();
  gallery.reconciledAt = Date.now();
}

/** The process's gallery for `deps`, brought up to date with the store. */
function refreshedGallery(deps: FaceGalleryDeps): Promise<Gallery> {
  return serialised(async () => {
    if (!current || current.db !== deps.db || current.keyId !== deps.biometricKey.id) {
      current = new Gallery(deps.db, deps.biometricKey.id);
      current.reconciledAt = Date.now();
    }
    const gallery = current;
    await loadNewRows(gallery, deps);
    if (Date.now() - gallery.reconciledAt >= FACE_GALLERY_RECONCILE_MS) await reconcile(gallery, deps);
    return gallery;
  });
}

/**
 * The stored cameo and protected-person faces nearest to `embedding` (a FaceRes embedding,
 * FACE_EMBEDDING_LENGTH values): at most `k` subjects, each once with the distance of its nearest
 * stored embedding (cosine distance, ascending). Only faces the gallery may match: no deleted
 * cameo, no deleted row, never a video's keyframe faces. Approximate like the index (recall
 * measured by the benchmark). Throws when `embedding` has another length, or when a stored row does
 * not decrypt under `deps.biometricKey` (BiometricDecryptionError).
 */
export async function lookupFaces(deps: FaceGalleryDeps, embedding: Float32Array, k = DEFAULT_MATCHES): Promise<FaceMatch[]> {
  if (embedding.length !== FACE_EMBEDDING_LENGTH) {
    throw new Error(`A face embedding of ${embedding.length} values cannot be looked up among ${FACE_EMBEDDING_LENGTH}-value embeddings (another model made it).`);
  }
  if (k <= 0) return [];
  const gallery = await refreshedGallery(deps);
  for (let round = 1; ; round += 1) {
    // Enough candidates that k subjects survive even when each has all its embeddings among them.
    const candidates = gallery.index.search(embedding, k * gallery.mostPerSubject);
    const live = await liveGalleryEmbeddingIds(deps.db, candidates.map((candidate) => String(candidate.key)));
    const gone = candidates.filter((candidate) => !live.has(String(candidate.key)));
    if (gone.length > 0) await serialised(async () => gallery.remove(gone.map((candidate) => candidate.key)));

    const best = new Map<string, FaceMatch>();
    for (const candidate of candidates) {
      const subject = gallery.subjectOf.get(candidate.key);
      if (!subject || !live.has(String(candidate.key))) continue;
      const known = best.get(subjectKey(subject));
      if (!known || candidate.distance < known.distance) best.set(subjectKey(subject), { subject, distance: candidate.distance });
    }
    const matches = [...best.values()].sort((a, b) => a.distance - b.distance).slice(0, k);
    // Deleted candidates made room: search again so the places they held go to the next live faces.
    if (gone.length === 0 || matches.length >= k || round >= MAX_SEARCH_ROUNDS) return matches;
  }
}

/** Drops this process's gallery, so the next lookup loads it afresh (tests). */
export function forgetFaceGallery(): void {
  current = undefined;
}
