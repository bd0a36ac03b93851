/**
 * The semantic prompt classifier (issue 14): embeds a prompt with the local model (embedder.ts),
 * measures its cosine similarity to every exemplar of a semantic policy, and lets the policy decide
 * (policies/prompt/semantic/decide.ts). Offline, no per-request cost, one core.
 *
 * Exemplar embeddings are the expensive part (about 13 ms each, 1,320 shipped exemplars): they are
 * kept in memory per text, and each exemplar set is also kept on disk beside the model
 * (`<model dir>/exemplar-sets/<set hash>.f32`: float32 little-endian, one row of
 * SEMANTIC_DIMENSIONS per exemplar, in the set's order), which setup fills for the shipped set. A
 * draft that adds a few exemplars costs only those few. Files are written to a temporary name and
 * renamed, so a process never reads half a file.
 *
 * An obfuscated prompt ("k1ll", "k.i.l.l", "kIlL") is far from every exemplar as written, so when
 * its canonical form (policies/prompt/semantic/canonical-form.ts) differs from it, that is embedded
 * too and the stricter outcome kept (with `readAs`, the text read); an ordinary prompt's canonical
 * form is itself, so it costs one embedding as before. Both embeddings share one `timeoutMs`.
 *
 * `classify` never throws: a model that is not built, fails to load or does not answer within
 * `timeoutMs` gives an `unavailable` outcome, and the rules decide alone (combineWithSemantic says so).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentHash, sha256Hex } from '../../../policies/content-hash';
import { canonicalForm, decideSemantic, type SemanticOutcome, type SemanticPolicy } from '../../../policies/prompt/semantic';
import type { Verdict } from '../../../policies/prompt/types';
import { SEMANTIC_DIMENSIONS, SEMANTIC_HEAD_TOKENS, SEMANTIC_MODEL_LABEL, SEMANTIC_TOKEN_CAP, semanticEmbedder, type SemanticEmbedder } from './embedder';

/** Strictness of a verdict, to keep the stricter of a prompt's two readings. */
const RANK: Record<Verdict, number> = { allow: 0, review: 1, block: 2 };

/** What the screening activity, `npm run screen` and the console's playground ask. */
export interface SemanticClassifier {
  /** The model's label, stored with every outcome. */
  readonly model: string;
  /** The outcome for one prompt under `policy`'s exemplars and settings. Never throws. */
  classify(text: string, policy: SemanticPolicy): Promise<SemanticOutcome>;
  /** Loads the model and `policy`'s exemplar embeddings now (worker start, setup), so the first prompt does not wait. Throws what loading throws. */
  warm(policy: SemanticPolicy): Promise<void>;
}

export interface SemanticClassifierOptions {
  /** The embedder; default the process's shared one (`semanticEmbedder()`). */
  load?: () => Promise<SemanticEmbedder>;
  /** How long one prompt may take before the rules decide alone, in ms. Default 5000. */
  timeoutMs?: number;
  /** Keep exemplar sets on disk in the model's folder (default true). */
  diskCache?: boolean;
}

/** Cosine similarity of `vector` (norm 1) with each row of `matrix` (rows of norm 1). */
export function similarities(vector: Float32Array, matrix: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(rows);
  const d = SEMANTIC_DIMENSIONS;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const base = r * d;
    for (let i = 0; i < d; i++) sum += vector[i]! * matrix[base + i]!;
    out[r] = sum;
  }
  return out;
}

/**
 * Set keys by exemplar list. Hashing 1,320 exemplar texts took about 4 ms of CPU, on every prompt,
 * more than half of what a short prompt's embedding costs; a compiled policy's exemplar list is
 * never changed in place (drafts and overlays build new lists), so its key is computed once.
 */
const setKeys = new WeakMap<readonly SemanticPolicy['exemplars'][number][], string>();

/**
 * Where an exemplar set's embeddings are kept on disk: `<modelDir>/exemplar-sets/<key>.f32`, the key
 * being the first 32 hex digits of the content hash of how the embedder reads a text (its token cap
 * and head, which decide a long exemplar's embedding) and the exemplars' texts in order (settings
 * and labels do not change the embeddings). Setup uses it to tell whether the shipped set is cached.
 */
export function exemplarSetKey(policy: SemanticPolicy): string {
  let key = setKeys.get(policy.exemplars);
  if (key === undefined) {
    key = contentHash({ reading: [SEMANTIC_TOKEN_CAP, SEMANTIC_HEAD_TOKENS], texts: policy.exemplars.map((e) => e.text) }).slice(0, 32);
    setKeys.set(policy.exemplars, key);
  }
  return key;
}


/** The file `exemplarSetKey` names in `modelDir`; see there. */
export function exemplarSetFile(modelDir: string, policy: SemanticPolicy): string {
  return path.join(modelDir, 'exemplar-sets', `${exemplarSetKey(policy)}.f32`);
}

/** A classifier over the local model; see the module header. */
export function createSemanticClassifier(options: SemanticClassifierOptions = {}): SemanticClassifier {
  const load = options.load ?? semanticEmbedder;
  const timeoutMs = options.timeoutMs ?? 5000;
  const diskCache = options.diskCache ?? true;
  const byText = new Map<string, Float32Array>();
  const sets = new Map<string, Promise<Float32Array>>();

  async function exemplarMatrix(embedder: SemanticEmbedder, policy: SemanticPolicy): Promise<Float32Array> {
    const key = exemplarSetKey(policy);
    let known = sets.get(key);
    if (!known) {
      known = buildMatrix(embedder, policy);
      sets.set(key, known);
      known.catch(() => sets.delete(key));
    }
    return known;
  }

  async function buildMatrix(embedder: SemanticEmbedder, policy: SemanticPolicy): Promise<Float32Array> {
    const rows = policy.exemplars.length;
    const file = exemplarSetFile(embedder.modelDir, policy);
    if (diskCache) {
      const stored = await readFile(file).catch(() => null);
      if (stored && stored.byteLength === rows * SEMANTIC_DIMENSIONS * 4) {
        const matrix = new Float32Array(stored.buffer.slice(stored.byteOffset, stored.byteOffset + stored.byteLength));
        policy.exemplars.forEach((e, r) => byText.set(sha256Hex(e.text), matrix.subarray(r * SEMANTIC_DIMENSIONS, (r + 1) * SEMANTIC_DIMENSIONS)));
        return matrix;
      }
    }
    const matrix = new Float32Array(rows * SEMANTIC_DIMENSIONS);
    for (let r = 0; r < rows; r++) {
      const textKey = sha256Hex(policy.exemplars[r]!.text);
      let vector = byText.get(textKey);
      if (!vector) {
        [vector] = await embedder.embed([policy.exemplars[r]!.text]);
        byText.set(textKey, vector!);
      }
      matrix.set(vector!, r * SEMANTIC_DIMENSIONS);
    }
    if (diskCache) {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, new Uint8Array(matrix.buffer, matrix.byteOffset, matrix.byteLength));
      await rename(temporary, file);
    }
    return matrix;
  }

  async function decide(text: string, policy: SemanticPolicy): Promise<SemanticOutcome> {
    const embedder = await load();
    const matrix = await exemplarMatrix(embedder, policy);
    const read = async (input: string) => {
      const [vector] = await embedder.embed([input]);
      return decideSemantic(policy, similarities(vector!, matrix, policy.exemplars.length), SEMANTIC_MODEL_LABEL);
    };
    const own = await read(text);
    const canonical = canonicalForm(text);
    if (canonical === text) return own;
    // An obfuscated prompt ("k1ll", "k.i.l.l"): its canonical reading too, the stricter kept.
    const plain = await read(canonical);
    return RANK[plain.verdict] > RANK[own.verdict] ? { ...plain, readAs: canonical } : own;
  }

  return {
    model: SEMANTIC_MODEL_LABEL,
    async classify(text, policy) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return await Promise.race([decide(text, policy), timeout]);
      } catch (error) {
        return { status: 'unavailable', model: SEMANTIC_MODEL_LABEL, error: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
    },
    async warm(policy) {
      await exemplarMatrix(await load(), policy);
    },
  };
}
