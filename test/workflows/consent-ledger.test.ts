/**
 * The consent ledger through the real Temporal dev server, Loupe's workers and PostgreSQL:
 * approval requests answered, denied and expired (a few seconds of expiry, a durable timer),
 * restrictions, mutuals, blocks, a remix re-checking its parent's cameos, the re-check before
 * publication, and each request keeping the ledger version it relied on.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { pipelineStatusQuery, type ClipPipelineInput, type PipelineOutcome } from '../../contracts';
import { addGrant, blockPerson, createCameo, getCameoLedger, setAccessLevel, withdrawGrant } from '../../app/services/cameos.server';
import { answerApprovalRequest, listApprovalRequests } from '../../app/services/cameo-approvals.server';
import { follow } from '../../app/services/follows.server';
import { listLikenessUses } from '../../app/services/likeness-uses.server';
import { ServiceRefusal } from '../../app/services/refusal';
import { submitRequest } from '../../app/services/submit-request.server';
import { startClipPipeline } from '../../app/services/workflow-client.server';
import { getReviewItemDetail } from '../../db/queries/review';
import { loadToolEnv } from '../../config/env';
import { foldCameoLedger, type CameoLedgerEvent } from '../../policies/consent';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { callerAs, connectTestContext, createCreator, createStaff, openItemFor, waitForStatus, type TestContext } from '../support/fixtures';

const CLEAN = 'A paper boat drifting down a rainy street at dusk';
const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
let reviewer: Awaited<ReturnType<typeof createStaff>>;
beforeAll(async () => {
  ctx = await connectTestContext();
  reviewer = await createStaff(ctx.db, 'reviewer');
});
afterAll(async () => ctx.close());

/** Runs whose histories the last test replays (and records, with LOUPE_RECORD_HISTORIES=1). */
const replayed: Record<string, string> = {};

/** Starts a clip pipeline as the app does, with a short approval expiry unless told otherwise. */
async function start(creatorId: string, prompt: string, cameoIds: string[], extra: Partial<ClipPipelineInput> = {}): Promise<string> {
  const requestId = randomUUID();
  await startClipPipeline(ctx, {
    requestId, creatorId, prompt, durationSeconds: 2, width: 360, height: 640, seed: 7, cameoIds, remixOfVideoId: null, approvalExpirySeconds: 120, ...extra,
  });
  return requestId;
}

/** Waits for the end, approving the clip review a cameo of someone else opens on the way. */
async function finish(requestId: string): Promise<PipelineOutcome> {
  const row = await waitForStatus(ctx.db, requestId, ['clip_review', 'published', 'blocked', 'rejected', 'failed']);
  if (row.status === 'clip_review') {
    const item = await openItemFor(ctx.db, requestId, 'clip');
    await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'approve', reason: 'Complies with policy', expectedVersion: item.version });
  }
  return ctx.temporal.workflow.getHandle(requestId).result();
}

async function pendingApprovalOf(requestId: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const row = await ctx.db.selectFrom('cameo_approval_requests').selectAll().where('request_id', '=', requestId).executeTakeFirst();
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No approval request for ${requestId}.`);
}

async function noticesOf(recipientId: string, requestId: string) {
  const rows = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', recipientId).where('request_id', '=', requestId).orderBy('id').execute();
  return rows;
}

async function consentCheck(requestId: string, cameoId: string) {
  return ctx.db.selectFrom('consent_checks').selectAll().where('request_id', '=', requestId).where('cameo_id', '=', cameoId).executeTakeFirstOrThrow();
}

describe('approval requests ("people I approve" without a grant)', () => {
  it('waits for the owner, who approves and grants; the request publishes', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Ada', accessLevel: 'approved' });
    const requestId = await start(requester.id, CLEAN, [cameo.cameoId]);

    const approval = await pendingApprovalOf(requestId);
    expect(approval).toMatchObject({ owner_id: owner.id, requester_id: requester.id, state: 'pending' });
    const status = await ctx.temporal.workflow.getHandle(requestId).query(pipelineStatusQuery);
    expect(status).toMatchObject({ stage: 'cameo_approval', pendingApprovals: [{ approvalId: approval.id, cameoId: cameo.cameoId, ownerId: owner.id }] });
    expect((await consentCheck(requestId, cameo.cameoId)).outcome).toBe('pending_approval');
    expect((await noticesOf(owner.id, requestId)).map((n) => n.kind)).toEqual(['approval_requested']);
    const listed = await listApprovalRequests(ctx, owner.id, { state: 'pending' });
    expect(listed.approvals.map((a) => a.approvalId)).toEqual([approval.id]);

    // Only the owner may answer: the service refuses others, and so does the workflow's validator.
    await expect(answerApprovalRequest(ctx, requester.id, { approvalId: approval.id, decision: 'approve' })).rejects.toThrow(ServiceRefusal);
    await expect(
      ctx.temporal.workflow.getHandle(requestId).executeUpdate('answerCameoApproval', { args: [{ approvalId: approval.id, ownerId: requester.id, decision: 'approve' }] }),
    ).rejects.toThrow();

    await answerApprovalRequest(ctx, owner.id, { approvalId: approval.id, decision: 'approve', alsoGrant: true });
    const result = await finish(requestId);
    replayed['cameo-approval-granted'] = requestId;
    expect(result.status).toBe('published');

    const check = await consentCheck(requestId, cameo.cameoId);
    expect(check).toMatchObject({ allowed: true, outcome: 'allowed', consent_version: 2 });
    const ledger = await getCameoLedger(ctx, owner.id, { cameoId: cameo.cameoId });
    expect(ledger.events.map((e) => e.kind)).toEqual(['created', 'grant_added']);
    expect(ledger.cameo.grants.map((g) => g.creatorId)).toEqual([requester.id]);
    expect((await noticesOf(requester.id, requestId)).map((n) => n.kind)).toContain('approval_answered');
    await expect(answerApprovalRequest(ctx, owner.id, { approvalId: approval.id, decision: 'deny' })).rejects.toThrow(/already approved/);
  });

  it('blocks the request when the owner denies', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Bo', accessLevel: 'approved' });
    const requestId = await start(requester.id, CLEAN, [cameo.cameoId]);
    const approval = await pendingApprovalOf(requestId);
    await answerApprovalRequest(ctx, owner.id, { approvalId: approval.id, decision: 'deny', note: 'Not this one, sorry' });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result).toMatchObject({ status: 'blocked', reason: 'The owner of the cameo "Bo" declined to let this requester use it.' });
    expect(await ctx.db.selectFrom('videos').select('id').where('request_id', '=', requestId).execute()).toHaveLength(0);
    const notices = await noticesOf(requester.id, requestId);
    expect(notices.find((n) => n.kind === 'approval_answered')?.body).toContain('Not this one, sorry');
    expect((await consentCheck(requestId, cameo.cameoId)).outcome).toBe('refused');
  });

  it('counts an unanswered request as denied once its expiry passes, and tells both sides', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Cy', accessLevel: 'approved' });
    const requestId = await start(requester.id, CLEAN, [cameo.cameoId], { approvalExpirySeconds: 3 });
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    replayed['cameo-approval-expired'] = requestId;
    expect(result).toMatchObject({ status: 'blocked', reason: 'The owner of the cameo "Cy" did not answer within 3 seconds, so the approval request counts as declined.' });
    const approval = await pendingApprovalOf(requestId);
    expect(approval.state).toBe('expired');
    expect((await noticesOf(owner.id, requestId)).map((n) => n.kind)).toEqual(['approval_requested', 'approval_expired']);
    expect((await noticesOf(requester.id, requestId)).map((n) => n.kind)).toContain('approval_expired');
    // A late answer is refused.
    await expect(answerApprovalRequest(ctx, owner.id, { approvalId: approval.id, decision: 'approve' })).rejects.toThrow(/closed unanswered/);
  });
});

it('takes the deployment’s expiry (LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS) from the app when it submits', async () => {
  const owner = await createCreator(ctx.db);
  const requester = await createCreator(ctx.db);
  const cameo = await createCameo(ctx, owner.id, { displayName: 'Jo', accessLevel: 'approved' });
  const { requestId } = await submitRequest(
    { ...ctx, cameoApprovalExpirySeconds: 2 }, { creatorId: requester.id, prompt: CLEAN, durationSeconds: 2, cameoIds: [cameo.cameoId], remixOfVideoId: null },
  );
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  expect(result.reason).toBe('The owner of the cameo "Jo" did not answer within 2 seconds, so the approval request counts as declined.');
});

describe('ledger rules in the pipeline', () => {
  it('applies the owner\u2019s restrictions: a violating prompt is blocked naming the rule, another publishes', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, {
      displayName: 'Dee', accessLevel: 'everyone', restrictions: [{ kind: 'no_topic', topic: 'alcohol' }], restrictionsNote: 'I do not drink; keep me away from bars.',
    });
    const blocked = await start(requester.id, 'Dee raising a glass of b33r in a pub', [cameo.cameoId]);
    const blockedResult = await ctx.temporal.workflow.getHandle(blocked).result();
    expect(blockedResult).toMatchObject({ status: 'blocked', reason: 'The owner of the cameo "Dee" does not allow it in alcohol ("b33r" in the prompt).' });
    expect(blockedResult.reason).not.toContain('bars');

    const allowed = await start(requester.id, 'Dee flying a kite on a windy hill', [cameo.cameoId]);
    // The reviewer of the clip sees the owner's own words and the ledger version the decision relied on.
    await waitForStatus(ctx.db, allowed, ['clip_review']);
    const detail = await getReviewItemDetail(ctx.db, (await openItemFor(ctx.db, allowed, 'clip')).id);
    expect(detail?.consent).toEqual([expect.objectContaining({
      display_name: 'Dee', restrictions_note: 'I do not drink; keep me away from bars.', restrictions: [{ kind: 'no_topic', topic: 'alcohol' }],
      consent_version: 1, outcome: 'allowed',
    })]);
    expect((await finish(allowed)).status).toBe('published');
  });

  it('lets mutuals in and nobody else', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Eve', accessLevel: 'mutuals' });
    await follow(ctx, requester.id, { followeeId: owner.id });
    const oneWay = await start(requester.id, CLEAN, [cameo.cameoId]);
    expect((await ctx.temporal.workflow.getHandle(oneWay).result()).reason).toMatch(/only mutuals/);

    await follow(ctx, owner.id, { followeeId: requester.id });
    expect((await finish(await start(requester.id, CLEAN, [cameo.cameoId]))).status).toBe('published');
  });

  it('refuses a blocked person whatever the access level', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Fay', accessLevel: 'everyone' });
    await blockPerson(ctx, owner.id, { cameoId: cameo.cameoId, personId: requester.id });
    const requestId = await start(requester.id, CLEAN, [cameo.cameoId]);
    const result = await ctx.temporal.workflow.getHandle(requestId).result();
    expect(result).toMatchObject({ status: 'blocked', reason: 'The owner of the cameo "Fay" has blocked this requester from using it.' });
    expect(await ctx.db.selectFrom('cameo_approval_requests').select('id').where('request_id', '=', requestId).execute()).toHaveLength(0);
  });

  it('re-checks the parent\u2019s cameos in a remix', async () => {
    const owner = await createCreator(ctx.db);
    const remixer = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Gus', accessLevel: 'only_me' });
    // The owner's own video with their cameo: allowed, and published.
    const parent = await finish(await start(owner.id, 'Gus skateboarding down a sunny boardwalk', [cameo.cameoId]));
    expect(parent.status).toBe('published');

    const remixId = await start(remixer.id, 'The skateboarder doing a kickflip at sunset', [], { remixOfVideoId: parent.videoId });
    const remix = await ctx.temporal.workflow.getHandle(remixId).result();
    expect(remix).toMatchObject({ status: 'blocked', reason: 'The cameo "Gus" may only be used by its owner.' });
    const rows = await ctx.db.selectFrom('request_cameos').selectAll().where('request_id', '=', remixId).execute();
    expect(rows).toEqual([{ request_id: remixId, cameo_id: cameo.cameoId, inherited: true }]);

    const uses = await listLikenessUses(ctx, owner.id, { limit: 1 });
    expect(uses.uses[0]).toMatchObject({ requestId: remixId, creatorId: remixer.id, requestStatus: 'blocked', cameos: [{ cameoId: cameo.cameoId, inherited: true }] });
    const next = await listLikenessUses(ctx, owner.id, { limit: 1, cursor: uses.nextCursor! });
    expect(next.uses[0]).toMatchObject({ video: { videoId: parent.videoId, status: 'published' } });
    expect(next.nextCursor).toBeNull();
  });

  it('stops a request whose grant was withdrawn while it waited in review', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Hal', accessLevel: 'approved' });
    await addGrant(ctx, owner.id, { cameoId: cameo.cameoId, granteeId: requester.id });
    const requestId = await start(requester.id, FLAGGED, [cameo.cameoId]);
    await waitForStatus(ctx.db, requestId, ['prompt_review']);
    await withdrawGrant(ctx, owner.id, { cameoId: cameo.cameoId, granteeId: requester.id });

    const promptItem = await openItemFor(ctx.db, requestId, 'prompt');
    await callerAs(ctx, reviewer).review.decide({ itemId: promptItem.id, decision: 'approve', reason: 'News context', expectedVersion: promptItem.version });
    const result = await finish(requestId);
    replayed['consent-withdrawn-before-publish'] = requestId;
    expect(result.status).toBe('blocked');
    expect(result.reason).toBe('Consent changed before publication: The owner of the cameo "Hal" no longer allows this requester to use it.');
    const video = await ctx.db.selectFrom('videos').select('status').where('request_id', '=', requestId).executeTakeFirst();
    expect(video?.status ?? 'none').not.toBe('published');
  });

  it('keeps the consent version a request relied on when the ledger changes later', async () => {
    const owner = await createCreator(ctx.db);
    const requester = await createCreator(ctx.db);
    const cameo = await createCameo(ctx, owner.id, { displayName: 'Ivy', accessLevel: 'everyone' });
    const requestId = await start(requester.id, CLEAN, [cameo.cameoId]);
    expect((await finish(requestId)).status).toBe('published');
    const before = await consentCheck(requestId, cameo.cameoId);
    expect(before).toMatchObject({ consent_version: 1, outcome: 'allowed' });

    await setAccessLevel(ctx, owner.id, { cameoId: cameo.cameoId, accessLevel: 'only_me', expectedVersion: 1 });
    await expect(setAccessLevel(ctx, owner.id, { cameoId: cameo.cameoId, accessLevel: 'everyone', expectedVersion: 1 })).rejects.toThrow(/changed since you looked/);
    expect(await consentCheck(requestId, cameo.cameoId)).toEqual(before);

    // The ledger still answers what the request relied on, and the projection is its fold.
    const events = await ctx.db.selectFrom('cameo_ledger_events').select(['version', 'kind', 'payload']).where('cameo_id', '=', cameo.cameoId).execute();
    const ledger = events as unknown as CameoLedgerEvent[];
    expect(foldCameoLedger(ledger, before.consent_version!).accessLevel).toBe('everyone');
    expect(foldCameoLedger(ledger).accessLevel).toBe('only_me');
    const projection = await ctx.db.selectFrom('cameos').select(['access_level', 'ledger_version']).where('id', '=', cameo.cameoId).executeTakeFirstOrThrow();
    expect(projection).toEqual({ access_level: 'only_me', ledger_version: 2 });
  });
});

it('replays the approval, expiry and re-check runs (and records them for later versions on request)', async () => {
  expect(Object.keys(replayed).sort()).toEqual(['cameo-approval-expired', 'cameo-approval-granted', 'consent-withdrawn-before-publish']);
  for (const [name, requestId] of Object.entries(replayed)) {
    const history = await ctx.temporal.workflow.getHandle(requestId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
  // Committed next to replay.test.ts's histories, which replays every file there on every run.
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    for (const [name, requestId] of Object.entries(replayed)) {
      const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', requestId, '--output', 'json', '--address', inject('stack').temporalAddress]);
      await fs.writeFile(path.join(import.meta.dirname, 'histories', `${name}.json`), json);
    }
  }
});
