/**
 * Warming the semantic classifier at worker start (scripts/stack/workers.ts, issue 14): the live rule
 * set's exemplars are loaded before the workers poll, and a model that cannot load is one warning
 * line, never a worker that does not start.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSemanticClassifier, type SemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import { loadSemanticEmbedder } from '../../activities/classifiers/semantic/embedder';
import { loadLiveOverlay } from '../../db/queries/policy';
import { applyRuleSetChanges, LIVE_RULE_SET, type SemanticPolicy } from '../../policies';
import { warmSemanticClassifier } from '../../scripts/stack/workers';
import { connectTestContext, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let emptyModelDir: string;
beforeAll(async () => {
  ctx = await connectTestContext();
  emptyModelDir = await mkdtemp(path.join(os.tmpdir(), 'loupe-no-model-'));
});
afterAll(async () => {
  await rm(emptyModelDir, { recursive: true, force: true });
  await ctx.close();
});

it("warms with the live rule set's semantic policy", async () => {
  const warmed: SemanticPolicy[] = [];
  const classifier: SemanticClassifier = {
    model: 'fake',
    classify: () => Promise.reject(new Error('not asked here')),
    async warm(policy) {
      warmed.push(policy);
    },
  };
  const warnings: string[] = [];
  const ms = await warmSemanticClassifier({ db: ctx.db, semantic: classifier }, (line) => warnings.push(line));
  expect(ms).toEqual(expect.any(Number));
  expect(warnings).toEqual([]);
  const live = applyRuleSetChanges(LIVE_RULE_SET, (await loadLiveOverlay(ctx.db)).changes).ruleSet.semantic;
  expect(warmed).toEqual([live]);
});

it('says in one line that the model could not be warmed, and does not throw', async () => {
  const missing = createSemanticClassifier({ load: () => loadSemanticEmbedder({ modelDir: emptyModelDir }), diskCache: false });
  const warnings: string[] = [];
  await expect(warmSemanticClassifier({ db: ctx.db, semantic: missing }, (line) => warnings.push(line))).resolves.toBeNull();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/^the semantic classifier could not be warmed \(.*model\.onnx and tokenizer\.json not found.*\); the worker starts anyway, and until the model loads the rules screen prompts alone\.$/);
  expect(warnings[0]).not.toContain('\n');
});

it('does nothing when the layer is switched off', async () => {
  const warnings: string[] = [];
  expect(await warmSemanticClassifier({ db: ctx.db, semantic: null }, (line) => warnings.push(line))).toBeNull();
  expect(warnings).toEqual([]);
});
