/**
 * The semantic classifier (activities/classifiers/semantic/classifier.ts) on the model setup
 * builds: issue 14's kinds of prompt that the rules allow are held under the shipped exemplars,
 * near-misses stay allowed, exemplar sets are kept on disk and reused, and a missing model or a slow
 * one gives `unavailable` instead of an error.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSemanticClassifier, similarities } from '../../activities/classifiers/semantic/classifier';
import { loadSemanticEmbedder, semanticEmbedder, SEMANTIC_DIMENSIONS } from '../../activities/classifiers/semantic/embedder';
import { screenPrompt, SHIPPED_SEMANTIC_POLICY, type SemanticPolicy } from '../../policies';

const classifier = createSemanticClassifier();

beforeAll(async () => classifier.warm(SHIPPED_SEMANTIC_POLICY), 120_000);

it.each([
  ['two men kick a homeless man until he stops moving', 'violence_graphic'],
  ['un hombre golpea a un perro hasta matarlo con una pala', 'violence_graphic'],
  ['a man holds a kitchen knife; a woman lies still on the floor; red liquid spreads; people scream', 'violence_graphic'],
])('holds "%s", which the rules allow, as %s', async (prompt, category) => {
  expect(screenPrompt(prompt).verdict).toBe('allow');
  const outcome = await classifier.classify(prompt, SHIPPED_SEMANTIC_POLICY);
  expect(outcome).toMatchObject({ status: 'ok', category });
  if (outcome.status !== 'ok') throw new Error('unreachable');
  expect(outcome.verdict).not.toBe('allow');
  expect(outcome.nearest).toHaveLength(5);
  expect(outcome.nearest[0]!.similarity).toBeGreaterThanOrEqual(outcome.nearest[4]!.similarity);
});

it.each(['ketchup on fries', 'headshot portrait of a smiling chef', 'a paper boat drifting down a rainy street at dusk'])('allows the near-miss "%s"', async (prompt) => {
  expect(await classifier.classify(prompt, SHIPPED_SEMANTIC_POLICY)).toMatchObject({ status: 'ok', verdict: 'allow' });
});

it('computes cosine similarities row by row', () => {
  const a = new Float32Array(SEMANTIC_DIMENSIONS);
  a[0] = 1;
  const matrix = new Float32Array(2 * SEMANTIC_DIMENSIONS);
  matrix[0] = 1;
  matrix[SEMANTIC_DIMENSIONS + 1] = 1;
  expect([...similarities(a, matrix, 2)]).toEqual([1, 0]);
});

describe('exemplar sets on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-semantic-cache-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('writes a set once and reads it back with the same decisions', async () => {
    const shared = await semanticEmbedder();
    let embedded = 0;
    const counting = async () => ({ ...shared, modelDir: dir, embed: async (texts: readonly string[]) => ((embedded += texts.length), shared.embed(texts)) });
    const policy: SemanticPolicy = { exemplars: SHIPPED_SEMANTIC_POLICY.exemplars.slice(0, 40), settings: SHIPPED_SEMANTIC_POLICY.settings };
    const first = await createSemanticClassifier({ load: counting }).classify('a dog runs on the beach', policy);
    expect(embedded).toBe(41);
    expect(await readdir(path.join(dir, 'exemplar-sets'))).toHaveLength(1);
    embedded = 0;
    const second = await createSemanticClassifier({ load: counting }).classify('a dog runs on the beach', policy);
    expect(embedded).toBe(1);
    expect(second).toEqual(first);
  });
});

it('answers unavailable, with the reason, when the model is missing or too slow', async () => {
  const empty = await mkdtemp(path.join(os.tmpdir(), 'loupe-no-model-'));
  try {
    const missing = await createSemanticClassifier({ load: () => loadSemanticEmbedder({ modelDir: empty }) }).classify('a cat', SHIPPED_SEMANTIC_POLICY);
    expect(missing).toMatchObject({ status: 'unavailable', error: expect.stringMatching(/model\.onnx and tokenizer\.json not found/) });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
  const slow = createSemanticClassifier({ load: () => new Promise(() => {}), timeoutMs: 50 });
  expect(await slow.classify('a cat', SHIPPED_SEMANTIC_POLICY)).toMatchObject({ status: 'unavailable', error: 'no answer within 50 ms' });
});
