/**
 * policy.semanticPreview (issue 14): the playground's semantic verdict comes from a worker through
 * the semanticPreview workflow (real Temporal, the global worker with the real model). Roles other
 * than policy managers and admins are refused, bad input gets a sentence, a draft that is gone is a
 * 404 or 409 sentence; and the activity itself answers `unavailable` (rules decide alone) when the
 * layer is switched off or its model cannot load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { createSemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import { loadSemanticEmbedder } from '../../activities/classifiers/semantic/embedder';
import { semanticPreviewActivities } from '../../activities/semantic-preview';
import { SEMANTIC_PREVIEW_DRAFT_GONE, type SemanticPreviewInput } from '../../contracts';
import { callerAs, connectTestContext, createStaff, type TestContext } from '../support/fixtures';

/** A prompt the rules allow (no listed word) but whose meaning is close to graphic violence. */
const HELD_BY_MEANING = 'two men kick a homeless man until he stops moving';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

it('answers a policy manager with the semantic outcome and the verdict the pipeline would give', async () => {
  const manager = callerAs(ctx, await createStaff(ctx.db, 'policy_manager'));
  const preview = await manager.policy.semanticPreview({ text: HELD_BY_MEANING });
  expect(preview.rulesVerdict).toBe('allow');
  expect(preview.semantic.status).toBe('ok');
  if (preview.semantic.status !== 'ok') return;
  expect(preview.semantic.verdict).toBe('review');
  expect(preview.semantic.category).toBe('violence_graphic');
  expect(preview.semantic.score).toBeGreaterThan(0);
  expect(preview.semantic.nearest.length).toBeGreaterThan(0);
  expect(preview.semantic.nearest.some((n) => n.label === 'violence_graphic')).toBe(true);
  // Combined tighten-only: the rules allowed, the semantic layer holds it for review, and says why.
  expect(preview.verdict).toBe('review');
  expect(preview.categories).toContain('violence_graphic');
  expect(preview.reasons.some((r) => r.includes('semantic classifier') && r.includes('violence_graphic'))).toBe(true);
  // The live version, as the playground computes it in the browser.
  const live = await manager.policy.playground();
  expect(preview.policyVersion).toBe(live.live.version);

  // A plainly benign prompt stays allowed.
  const benign = await manager.policy.semanticPreview({ text: 'ketchup on fries, close-up' });
  expect(benign.semantic.status).toBe('ok');
  expect(benign.verdict).toBe('allow');
}, 60_000);

it.each(['reviewer', 'senior_reviewer', 'legal', 'auditor'] as const)('refuses the %s role (FORBIDDEN)', async (role) => {
  const caller = callerAs(ctx, await createStaff(ctx.db, role));
  const error = await refusal(caller.policy.semanticPreview({ text: HELD_BY_MEANING }));
  expect(error.code).toBe('FORBIDDEN');
  expect(error.message).toBe(`Your role (${role}) may not do this.`);
});

it('refuses an anonymous caller (UNAUTHORIZED)', async () => {
  const error = await refusal(callerAs(ctx, null).policy.semanticPreview({ text: HELD_BY_MEANING }));
  expect(error.code).toBe('UNAUTHORIZED');
});

it('refuses bad input with a sentence (BAD_REQUEST)', async () => {
  const manager = callerAs(ctx, await createStaff(ctx.db, 'policy_manager'));
  const empty = await refusal(manager.policy.semanticPreview({ text: '' }));
  expect(empty.code).toBe('BAD_REQUEST');
  expect(empty.message).toContain('type a prompt first');
  const long = await refusal(manager.policy.semanticPreview({ text: 'a'.repeat(2001) }));
  expect(long.code).toBe('BAD_REQUEST');
  expect(long.message).toContain('at most 2000 characters');
  const draft = await refusal(manager.policy.semanticPreview({ text: HELD_BY_MEANING, draftId: 'not-a-draft' }));
  expect(draft.code).toBe('BAD_REQUEST');
  expect(draft.message).toContain('choose a draft');
});

it('screens with a draft, and refuses a draft that does not exist (404) or was discarded (409)', async () => {
  const manager = callerAs(ctx, await createStaff(ctx.db, 'policy_manager'));
  const missing = await refusal(manager.policy.semanticPreview({ text: HELD_BY_MEANING, draftId: '00000000-0000-4000-8000-000000000000' }));
  expect(missing.code).toBe('NOT_FOUND');
  expect(missing.message).toContain('There is no draft with this id');

  const { id } = await manager.policy.saveDraft({ title: 'Semantic preview test draft' });
  const withDraft = await manager.policy.semanticPreview({ text: HELD_BY_MEANING, draftId: id });
  expect(withDraft.semantic.status).toBe('ok');
  expect(withDraft.verdict).toBe('review');

  await manager.policy.discardDraft({ id });
  const discarded = await refusal(manager.policy.semanticPreview({ text: HELD_BY_MEANING, draftId: id }));
  expect(discarded.code).toBe('CONFLICT');
  expect(discarded.message).toContain('This draft was discarded');
}, 60_000);

describe('the activity when the semantic layer cannot run', () => {
  const input: SemanticPreviewInput = { text: HELD_BY_MEANING, draftId: null, ageBand: 'adult', withCameo: false, isRemix: false };

  it('answers unavailable when the layer is switched off, and the rules decide alone', async () => {
    const preview = await semanticPreviewActivities({ db: ctx.db, semantic: null }).classifySemanticPreview(input);
    expect(preview.semantic.status).toBe('unavailable');
    expect(preview.semantic.status === 'unavailable' && preview.semantic.error).toContain('LOUPE_SEMANTIC_SCREENING=off');
    expect(preview.verdict).toBe('allow');
    expect(preview.reasons.some((r) => r.includes('the rules decided alone'))).toBe(true);
  });

  it('fails without retrying, with a sentence, when the draft went away after the console checked it', async () => {
    const gone = semanticPreviewActivities({ db: ctx.db, semantic: null }).classifySemanticPreview({ ...input, draftId: '00000000-0000-4000-8000-000000000000' });
    await expect(gone).rejects.toMatchObject({ type: SEMANTIC_PREVIEW_DRAFT_GONE, nonRetryable: true, message: expect.stringContaining('This draft no longer exists') });
  });

  it('answers unavailable when the model is not built', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'loupe-no-model-'));
    try {
      const semantic = createSemanticClassifier({ load: () => loadSemanticEmbedder({ modelDir: empty }), diskCache: false });
      const preview = await semanticPreviewActivities({ db: ctx.db, semantic }).classifySemanticPreview(input);
      expect(preview.semantic.status).toBe('unavailable');
      expect(preview.verdict).toBe(preview.rulesVerdict);
      expect(preview.reasons.some((r) => r.includes('could not run') && r.includes('the rules decided alone'))).toBe(true);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
