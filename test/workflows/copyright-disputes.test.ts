/**
 * Copyright disputes through Temporal and PostgreSQL (issue 13, "Disputes"), with deadlines of
 * seconds: a creator disputes a copyright takedown or block (a copyright_matches row of theirs).
 * - the claimant does not answer: the claim is released and the video published again (feed
 *   visible, the copyright strike withdrawn, audited, the creator told);
 * - the claimant upholds, the creator appeals, the claimant does not answer the appeal: released;
 * - the appeal is answered: legal decides in the copyright queue (approve reinstates, reject keeps it down);
 * - a work no rights holder manages goes to legal at once; a released block tells the creator they may submit again;
 * - one open dispute per match; only the match's creator may dispute it; the claimant's page opens with its token only.
 * The runs of each path replay, and are recorded (LOUPE_RECORD_HISTORIES=1) under test/workflows/histories/,
 * which replay.test.ts replays on every run.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { loadToolEnv } from '../../config/env';
import { locateTemporalCli } from '../../scripts/stack/temporal-dev-server';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { copyrightDisputeWorkflowId } from '../../contracts';
import { listPublishedVideos } from '../../db/queries/feed';
import {
  answerDisputeAsClaimant, appealCreatorDispute, claimantDisputeView, fileCopyrightDispute, getCreatorDispute,
} from '../../app/services/copyright-disputes.server';
import type { CopyrightDisputeTimers } from '../../policies/copyright/disputes';
import { copyrightMatchFor, disputeAnswerToken } from '../support/copyright-disputes';
import { callerAs, connectTestContext, createCreator, createStaff, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

const LONG = 600;
/** The app's context with the deployment's dispute deadlines set to `timers` (seconds). */
const withTimers = (timers: Partial<CopyrightDisputeTimers>) => ({
  ...ctx, copyrightDisputeTimers: { claimantAnswerSeconds: LONG, appealWindowSeconds: LONG, appealAnswerSeconds: LONG, ...timers },
});

const STATEMENT = 'I drew this character myself in 2019; the resemblance is a coincidence of style.';

const copyrightMatch = (options: { action: 'taken_down' | 'blocked'; claimant: boolean }) => copyrightMatchFor(ctx, options);
const claimantToken = (disputeId: string) => disputeAnswerToken(ctx, disputeId);

/** Workflow ids of the runs the last test replays, by the history file name they are recorded under. */
const replayed: Record<string, string> = {};

const outcomeOf = (disputeId: string) => ctx.temporal.workflow.getHandle(copyrightDisputeWorkflowId(disputeId)).result();

async function waitForState(disputeId: string, state: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const row = await ctx.db.selectFrom('copyright_disputes').select('state').where('id', '=', disputeId).executeTakeFirstOrThrow();
    if (row.state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Dispute ${disputeId} never reached ${state}.`);
}

async function openDisputeItem(requestId: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select(['id', 'version', 'queue_id', 'state', 'flag_reasons'])
      .where('request_id', '=', requestId).where('kind', '=', 'copyright_dispute').executeTakeFirst();
    if (item?.state === 'open') return item;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('No open copyright dispute item appeared.');
}

async function inFeed(videoId: string): Promise<boolean> {
  let cursor = null;
  for (let page = 0; page < 50; page++) {
    const { rows, nextCursor } = await listPublishedVideos(ctx.db, { limit: 200, cursor });
    if (rows.some((row) => row.id === videoId)) return true;
    if (!nextCursor) return false;
    cursor = JSON.parse(Buffer.from(nextCursor, 'base64url').toString('utf8')) as { publishedAt: string; id: string };
  }
  return false;
}

it('no answer from the claimant by the deadline: the claim is released and the video published again', async () => {
  const { creator, videoId, matchId, claimantEmail } = await copyrightMatch({ action: 'taken_down', claimant: true });
  expect(await inFeed(videoId!)).toBe(false);
  const filed = await fileCopyrightDispute(withTimers({ claimantAnswerSeconds: 3 }), creator.id, { matchId, statement: STATEMENT });
  expect(filed).toMatchObject({ state: 'awaiting_claimant', matchAction: 'taken_down', videoId, mayAppeal: false });
  // The deadline is the configured one: about three seconds from now.
  expect(new Date(filed.deadline!).getTime() - Date.now()).toBeLessThan(4_000);
  const message = await ctx.db.selectFrom('copyright_dispute_messages').select(['recipient_email', 'subject']).where('dispute_id', '=', filed.disputeId).execute();
  expect(message).toEqual([expect.objectContaining({ recipient_email: claimantEmail, subject: expect.stringContaining('disputes your copyright claim') })]);
  const token = await claimantToken(filed.disputeId);
  expect(await claimantDisputeView(ctx.db, token)).toMatchObject({ state: 'awaiting_claimant', mayAnswer: true, statement: STATEMENT });

  expect(await outcomeOf(filed.disputeId)).toEqual({ outcome: 'claimant_no_answer', reinstated: true });
  replayed['copyright-dispute-no-answer'] = copyrightDisputeWorkflowId(filed.disputeId);
  const video = await ctx.db.selectFrom('videos').select(['status', 'removed_reason', 'removed_at']).where('id', '=', videoId!).executeTakeFirstOrThrow();
  expect(video).toEqual({ status: 'published', removed_reason: null, removed_at: null });
  expect(await inFeed(videoId!)).toBe(true);
  expect(await ctx.db.selectFrom('creator_strikes').select('id').where('dedupe_key', '=', `${videoId}:takedown`).execute()).toEqual([]);
  expect(await getCreatorDispute(ctx.db, creator.id, filed.disputeId)).toMatchObject({ state: 'released', outcome: 'claimant_no_answer', reinstated: true, deadline: null });
  const notices = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', creator.id).orderBy('id').execute();
  expect(notices.map((n) => n.kind)).toEqual(['copyright_dispute_received', 'video_reinstated', 'copyright_dispute_released']);
  expect(notices[2]!.body).toMatch(/did not answer your dispute in time.*Your video is published again/);
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', 'in', [filed.disputeId, videoId!]).orderBy('id').execute();
  expect(audit.map((a) => a.action)).toEqual(['copyright_dispute.file', 'video.reinstate', 'copyright_dispute.release']);
  // The claimant's page shows the outcome and no longer takes an answer.
  expect(await claimantDisputeView(ctx.db, token)).toMatchObject({ state: 'released', outcome: 'claimant_no_answer', mayAnswer: false });
  await expect(answerDisputeAsClaimant(ctx, token, { answer: 'release', statement: '' })).rejects.toMatchObject({ code: 'CONFLICT' });
});

it('the claimant upholds, the creator appeals, the claimant does not answer the appeal: released', async () => {
  const { creator, videoId, matchId } = await copyrightMatch({ action: 'taken_down', claimant: true });
  const filed = await fileCopyrightDispute(withTimers({ appealAnswerSeconds: 3 }), creator.id, { matchId, statement: STATEMENT });
  const token = await claimantToken(filed.disputeId);
  // Upholding needs a reason; the creator cannot appeal before the claimant upheld.
  await expect(answerDisputeAsClaimant(ctx, token, { answer: 'uphold', statement: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  await expect(appealCreatorDispute(ctx, creator.id, filed.disputeId, { statement: STATEMENT })).rejects.toMatchObject({ code: 'CONFLICT' });
  const answered = await answerDisputeAsClaimant(ctx, token, { answer: 'uphold', statement: 'Frame 3 is our key art, traced line for line.' });
  expect(answered.mayAnswer).toBe(false);
  await waitForState(filed.disputeId, 'appeal_window');
  expect(await getCreatorDispute(ctx.db, creator.id, filed.disputeId)).toMatchObject({ state: 'appeal_window', mayAppeal: true });
  // Only the dispute's creator may appeal.
  const stranger = await createCreator(ctx.db);
  await expect(appealCreatorDispute(ctx, stranger.id, filed.disputeId, { statement: STATEMENT })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  const appealed = await appealCreatorDispute(ctx, creator.id, filed.disputeId, { statement: 'My sketches are dated and public; the key art came later.' });
  expect(appealed.state).toBe('awaiting_appeal_answer');
  await expect(appealCreatorDispute(ctx, creator.id, filed.disputeId, { statement: STATEMENT })).rejects.toMatchObject({ code: 'CONFLICT' });
  expect(await claimantDisputeView(ctx.db, token)).toMatchObject({ state: 'awaiting_appeal_answer', mayAnswer: true });
  const appealMessage = await ctx.db.selectFrom('copyright_dispute_messages').select('body').where('dedupe_key', '=', `${filed.disputeId}:claimant-appeal`).executeTakeFirstOrThrow();
  expect(appealMessage.body).toContain('My sketches are dated');

  expect(await outcomeOf(filed.disputeId)).toEqual({ outcome: 'appeal_no_answer', reinstated: true });
  replayed['copyright-dispute-appeal-no-answer'] = copyrightDisputeWorkflowId(filed.disputeId);
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', videoId!).executeTakeFirstOrThrow()).status).toBe('published');
  const kinds = (await ctx.db.selectFrom('notifications').select('kind').where('recipient_id', '=', creator.id).orderBy('id').execute()).map((n) => n.kind);
  expect(kinds).toEqual(['copyright_dispute_received', 'copyright_dispute_claim_upheld', 'video_reinstated', 'copyright_dispute_released']);
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', filed.disputeId).orderBy('id').execute();
  expect(audit.map((a) => a.action)).toEqual(['copyright_dispute.file', 'copyright_dispute.claimant_uphold', 'copyright_dispute.appeal', 'copyright_dispute.release']);
});

it.each([
  ['approve', 'published', 'legal_reinstated'],
  ['reject', 'removed', 'legal_upheld'],
] as const)('the appeal answered: legal decides in the copyright queue (%s)', async (decision, videoStatus, outcome) => {
  const { creator, videoId, matchId, requestId } = await copyrightMatch({ action: 'taken_down', claimant: true });
  const filed = await fileCopyrightDispute(withTimers({}), creator.id, { matchId, statement: STATEMENT });
  const token = await claimantToken(filed.disputeId);
  await answerDisputeAsClaimant(ctx, token, { answer: 'uphold', statement: 'Frame 3 is our key art, traced line for line.' });
  await waitForState(filed.disputeId, 'appeal_window');
  await appealCreatorDispute(ctx, creator.id, filed.disputeId, { statement: 'My sketches are dated and public; the key art came later.' });
  await answerDisputeAsClaimant(ctx, token, { answer: 'uphold', statement: 'The dates on those sketches were edited; we stand by the claim.' });
  await waitForState(filed.disputeId, 'with_legal');
  const item = await openDisputeItem(requestId);
  expect(item.queue_id).toBe('copyright_review');
  const reasons = item.flag_reasons.join('\n');
  expect(reasons).toContain(STATEMENT);
  expect(reasons).toContain('The dates on those sketches were edited');
  // The copyright queue is worked by legal: a reviewer is refused.
  const [reviewer, legal] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'legal')]);
  const decide = { itemId: item.id, decision, reason: decision === 'approve' ? 'Independent creation' : 'Copied key art', expectedVersion: item.version };
  await expect(callerAs(ctx, reviewer).review.decide(decide)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await callerAs(ctx, legal).review.decide(decide);
  expect(await outcomeOf(filed.disputeId)).toEqual({ outcome, reinstated: decision === 'approve' });
  replayed[`copyright-dispute-legal-${decision}`] = copyrightDisputeWorkflowId(filed.disputeId);
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', videoId!).executeTakeFirstOrThrow()).status).toBe(videoStatus);
  const row = await ctx.db.selectFrom('copyright_disputes').select(['state', 'decided_by', 'outcome_reason']).where('id', '=', filed.disputeId).executeTakeFirstOrThrow();
  expect(row).toEqual({ state: decision === 'approve' ? 'released' : 'upheld', decided_by: legal.id, outcome_reason: decide.reason });
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id']).where('subject_id', '=', filed.disputeId).orderBy('id').execute();
  expect(audit.at(-1)).toEqual({ action: decision === 'approve' ? 'copyright_dispute.release' : 'copyright_dispute.uphold', actor_staff_id: legal.id });
  const last = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', creator.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  expect(last.kind).toBe(decision === 'approve' ? 'copyright_dispute_released' : 'copyright_dispute_upheld');
});

it('a listed work with no claimant goes to legal at once; a released block tells the creator they may submit again', async () => {
  const { creator, requestId, matchId } = await copyrightMatch({ action: 'blocked', claimant: false });
  const filed = await fileCopyrightDispute(withTimers({}), creator.id, { matchId, statement: STATEMENT });
  expect(filed).toMatchObject({ state: 'with_legal', matchAction: 'blocked', videoId: null, deadline: null });
  expect(await ctx.db.selectFrom('copyright_dispute_messages').select('id').where('dispute_id', '=', filed.disputeId).execute()).toEqual([]);
  const item = await openDisputeItem(requestId);
  const legal = await createStaff(ctx.db, 'legal');
  await callerAs(ctx, legal).review.decide({ itemId: item.id, decision: 'approve', reason: 'Not the listed character', expectedVersion: item.version });
  expect(await outcomeOf(filed.disputeId)).toEqual({ outcome: 'legal_reinstated', reinstated: false });
  const last = await ctx.db.selectFrom('notifications').select('body').where('recipient_id', '=', creator.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  expect(last.body).toMatch(/block of your request is released: you may submit the request again/);
});

it('the claimant releases the claim on their page', async () => {
  const { creator, videoId, matchId } = await copyrightMatch({ action: 'taken_down', claimant: true });
  const filed = await fileCopyrightDispute(withTimers({}), creator.id, { matchId, statement: STATEMENT });
  const token = await claimantToken(filed.disputeId);
  await answerDisputeAsClaimant(ctx, token, { answer: 'release', statement: 'Fine by us.' });
  expect(await outcomeOf(filed.disputeId)).toEqual({ outcome: 'claimant_released', reinstated: true });
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', videoId!).executeTakeFirstOrThrow()).status).toBe('published');
});

it('one open dispute per match; only the match\'s creator may dispute it; a wrong token opens nothing', async () => {
  const { creator, matchId } = await copyrightMatch({ action: 'taken_down', claimant: true });
  const stranger = await createCreator(ctx.db);
  await expect(fileCopyrightDispute(withTimers({}), stranger.id, { matchId, statement: STATEMENT }))
    .rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('You have no copyright block or takedown') });
  await expect(fileCopyrightDispute(withTimers({}), creator.id, { matchId, statement: 'too short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  const first = await fileCopyrightDispute(withTimers({}), creator.id, { matchId, statement: STATEMENT });
  await expect(fileCopyrightDispute(withTimers({}), creator.id, { matchId, statement: STATEMENT }))
    .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(first.disputeId) });
  expect(await ctx.db.selectFrom('copyright_disputes').select('id').where('match_id', '=', matchId).execute()).toHaveLength(1);
  await expect(claimantDisputeView(ctx.db, randomBytes(32).toString('base64url'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(claimantDisputeView(ctx.db, 'short')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(getCreatorDispute(ctx.db, stranger.id, first.disputeId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  // Clean up: the claimant releases, so no workflow waits for ten minutes after the run.
  await answerDisputeAsClaimant(ctx, await claimantToken(first.disputeId), { answer: 'release', statement: '' });
  expect((await outcomeOf(first.disputeId)).outcome).toBe('claimant_released');
});

it('replays every path\'s run (and records them for later versions on request)', async () => {
  expect(Object.keys(replayed).sort()).toEqual(['copyright-dispute-appeal-no-answer', 'copyright-dispute-legal-approve', 'copyright-dispute-legal-reject', 'copyright-dispute-no-answer']);
  for (const [name, workflowId] of Object.entries(replayed)) {
    const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
  const toolEnv = loadToolEnv(['LOUPE_RECORD_HISTORIES', 'TEMPORAL_CLI_PATH']);
  if (toolEnv.LOUPE_RECORD_HISTORIES) {
    const { binary } = await locateTemporalCli(toolEnv.TEMPORAL_CLI_PATH, () => {});
    for (const [name, workflowId] of Object.entries(replayed)) {
      const json = execFileSync(binary!, ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('stack').temporalAddress]);
      await fs.writeFile(path.join(import.meta.dirname, 'histories', `${name}.json`), json);
    }
  }
});
