/**
 * Copyright disputes at the app's edges (issue 13): the app API (validation with sentences, a
 * creator may dispute and read only their own, one open dispute per match, the appeal only in its
 * window), the claimant's token page over HTTP (a wrong token answers 404, a cross-site post is
 * refused, an answer is recorded), the console's dispute pages (legal and admin only), and the demo
 * creator app's dispute screen.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { StaffRole } from '../../db/schema';
import { callApi } from '../support/app-api';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import { copyrightMatchFor, disputeAnswerToken } from '../support/copyright-disputes';
import { createCreator, createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { createTestAppClient } from '../support/app-api';
import { copyrightDisputeWorkflowId } from '../../contracts';
import { claimantAnswerUrl } from '../../activities/copyright/disputes';
import { openSession } from '../../app/services/sessions.server';

let ctx: TestContext;
let server: TestServer;
let key: string;
useConsoleHarness((harness) => ({ ctx, server } = harness));
beforeAll(async () => {
  key = (await createTestAppClient(ctx)).key;
});

const STATEMENT = 'This is my own character; I published the first drawings of it in 2018.';

async function sessionFor(role: StaffRole): Promise<string> {
  const staff = await createStaff(ctx.db, role);
  const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }), redirect: 'manual' });
  expect(login.status).toBe(302);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

it('the app API: disputes only the acting creator\'s own match, with sentences for bad input, one open dispute per match', async () => {
  const { creator, matchId, videoId } = await copyrightMatchFor(ctx, { action: 'taken_down', claimant: true });
  const stranger = await createCreator(ctx.db);
  // A second frame hash of the same takedown (its own copyright_matches row, a moment older): still one disputable entry for the video.
  await sql`WITH h AS (INSERT INTO bank_hashes (bank_id, hash) SELECT bank_id, ${randomBytes(32)} FROM copyright_matches WHERE id = ${matchId} RETURNING id)
    INSERT INTO copyright_matches (bank_id, bank_hash_id, entity_id, video_id, distance, action, source, rescan_id, created_at)
    SELECT m.bank_id, h.id, m.entity_id, m.video_id, 6, m.action, m.source, m.rescan_id, m.created_at - interval '1 second'
      FROM copyright_matches m, h WHERE m.id = ${matchId}`.execute(ctx.db);

  const listed = await callApi(ctx, 'GET', '/copyright-disputes', { key, creatorId: creator.id });
  expect(listed.status).toBe(200);
  expect(listed.json.disputable).toEqual([expect.objectContaining({ matchId, action: 'taken_down', videoId, openDisputeId: null })]);
  expect((await callApi(ctx, 'GET', '/copyright-disputes', { key, creatorId: stranger.id })).json.disputable).toEqual([]);

  const noKey = await callApi(ctx, 'POST', '/copyright-disputes', { creatorId: creator.id, body: { matchId, statement: STATEMENT } });
  expect(noKey.status).toBe(401);
  const badId = await callApi(ctx, 'POST', '/copyright-disputes', { key, creatorId: creator.id, body: { matchId: 'match-1', statement: STATEMENT } });
  expect(badId.status).toBe(400);
  expect(badId.json.error!.message).toContain('matchId');
  const short = await callApi(ctx, 'POST', '/copyright-disputes', { key, creatorId: creator.id, body: { matchId, statement: 'mine' } });
  expect(short.status).toBe(400);
  expect(short.json.error!.message).toMatch(/at least 20 characters/);
  const others = await callApi(ctx, 'POST', '/copyright-disputes', { key, creatorId: stranger.id, body: { matchId, statement: STATEMENT } });
  expect(others.status).toBe(404);
  expect(others.json.error!.message).toContain('You have no copyright block or takedown');

  const filed = await callApi(ctx, 'POST', '/copyright-disputes', { key, creatorId: creator.id, body: { matchId, statement: STATEMENT } });
  expect(filed.status).toBe(202);
  expect(filed.json).toMatchObject({ matchId, state: 'awaiting_claimant', matchAction: 'taken_down', videoId, mayAppeal: false });
  expect((await callApi(ctx, 'GET', '/copyright-disputes', { key, creatorId: creator.id })).json.disputable)
    .toEqual([expect.objectContaining({ matchId, videoId, openDisputeId: filed.json.disputeId })]);
  const disputeId = filed.json.disputeId as string;
  const again = await callApi(ctx, 'POST', '/copyright-disputes', { key, creatorId: creator.id, body: { matchId, statement: STATEMENT } });
  expect(again.status).toBe(409);
  expect(again.json.error!.message).toContain(disputeId);

  expect((await callApi(ctx, 'GET', `/copyright-disputes/${disputeId}`, { key, creatorId: creator.id })).json).toMatchObject({ disputeId, state: 'awaiting_claimant' });
  expect((await callApi(ctx, 'GET', `/copyright-disputes/${disputeId}`, { key, creatorId: stranger.id })).status).toBe(404);
  const early = await callApi(ctx, 'POST', `/copyright-disputes/${disputeId}/appeal`, { key, creatorId: creator.id, body: { statement: STATEMENT } });
  expect(early.status).toBe(409);
  expect(early.json.error!.message).toMatch(/only a claim the claimant upheld can be appealed/);

  // Clean up: the claimant releases, so the workflow does not wait out its 30 days after the run.
  const token = await disputeAnswerToken(ctx, disputeId);
  const answered = await fetch(`${server.url}/copyright-dispute/${token}`, {
    method: 'POST', headers: { origin: server.url }, body: new URLSearchParams({ answer: 'release', statement: '' }), redirect: 'manual',
  });
  expect(answered.status).toBe(200);
  expect((await ctx.temporal.workflow.getHandle(copyrightDisputeWorkflowId(disputeId)).result()).outcome).toBe('claimant_released');
});

it('the claimant\'s page opens with its token only, refuses cross-site posts, and records an answer', async () => {
  const { creator, matchId } = await copyrightMatchFor(ctx, { action: 'taken_down', claimant: true });
  const filed = await callApi(ctx, 'POST', '/copyright-disputes', { key, creatorId: creator.id, body: { matchId, statement: STATEMENT } });
  const disputeId = filed.json.disputeId as string;
  const token = await disputeAnswerToken(ctx, disputeId);
  // The claimant's message carries the page's full address, not only its path.
  const message = await ctx.db.selectFrom('copyright_dispute_messages').select('body').where('dedupe_key', '=', `${disputeId}:claimant-dispute`).executeTakeFirstOrThrow();
  expect(message.body).toMatch(new RegExp(`https?://[^\\s/]+/copyright-dispute/${token}`));

  const page = await fetch(`${server.url}/copyright-dispute/${token}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('cache-control')).toBe('private, no-store');
  const html = await page.text();
  expect(html).toContain(STATEMENT);
  expect(html).toContain('Uphold the claim');
  expect((await fetch(`${server.url}/copyright-dispute/${randomBytes(32).toString('base64url')}`)).status).toBe(404);
  expect((await fetch(`${server.url}/copyright-dispute/${token.slice(0, -2)}`)).status).toBe(404);

  const answer = (statement: string, origin: string) => fetch(`${server.url}/copyright-dispute/${token}`, {
    method: 'POST', headers: { origin }, body: new URLSearchParams({ answer: 'uphold', statement }), redirect: 'manual',
  });
  const crossSite = await answer('Our key art, traced line for line.', 'https://evil.example');
  expect(crossSite.status).toBe(403);
  const short = await answer('Too short!', server.url);
  expect(short.status).toBe(400);
  const shortHtml = await short.text();
  expect(shortHtml).toMatch(/at least 20 characters/);
  // The refusal keeps what was typed and chosen.
  expect(shortHtml).toContain('>Too short!</textarea>');
  expect(shortHtml).toMatch(/<input type="radio" name="answer"[^>]*checked=""[^>]*value="uphold"/);
  expect((await ctx.db.selectFrom('copyright_disputes').select('claimant_answer').where('id', '=', disputeId).executeTakeFirstOrThrow()).claimant_answer).toBeNull();
  const upheld = await answer('Our key art, traced line for line.', server.url);
  expect(upheld.status).toBe(200);
  expect(await upheld.text()).toContain('your answer was recorded');
  expect((await ctx.db.selectFrom('copyright_disputes').select('claimant_answer').where('id', '=', disputeId).executeTakeFirstOrThrow()).claimant_answer)
    .toBe('uphold: Our key art, traced line for line.');
  const twice = await answer('Our key art, traced line for line again.', server.url);
  expect(twice.status).toBe(409);
  // Clean up: the workflow is cancelled (a test's own run; the appeal window would otherwise wait 14 days).
  await ctx.temporal.workflow.getHandle(copyrightDisputeWorkflowId(disputeId)).terminate('test finished');
});

it('the console\'s dispute pages are for legal and admins only', async () => {
  const { creator, matchId, requestId } = await copyrightMatchFor(ctx, { action: 'blocked', claimant: false });
  const filed = await callApi(ctx, 'POST', '/copyright-disputes', { key, creatorId: creator.id, body: { matchId, statement: STATEMENT } });
  const disputeId = filed.json.disputeId as string;
  for (const role of ['legal', 'admin'] as const) {
    const cookie = await sessionFor(role);
    const list = await fetch(`${server.url}/copyright/disputes?state=with_legal`, { headers: { cookie } });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`data-dispute-id="${disputeId}"`);
    const detail = await fetch(`${server.url}/copyright/disputes/${disputeId}`, { headers: { cookie } });
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain(STATEMENT);
  }
  // A listed work has no claimant: the dispute waits for legal, whose review screen names it and its choices.
  let item = await ctx.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).where('kind', '=', 'copyright_dispute').executeTakeFirst();
  for (let tries = 0; !item && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    item = await ctx.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).where('kind', '=', 'copyright_dispute').executeTakeFirst();
  }
  expect(item).toBeDefined();
  const screen = await fetch(`${server.url}/review/${item!.id}`, { headers: { cookie: await sessionFor('legal') } });
  expect(screen.status).toBe(200);
  const screenHtml = await screen.text();
  expect(screenHtml).toContain('Copyright dispute');
  expect(screenHtml).toContain('Release claim');
  expect(screenHtml).toContain(STATEMENT);
  for (const role of ['reviewer', 'senior_reviewer', 'policy_manager', 'auditor'] as const) {
    const cookie = await sessionFor(role);
    expect((await fetch(`${server.url}/copyright/disputes`, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${server.url}/copyright/disputes/${disputeId}`, { headers: { cookie } })).status).toBe(403);
  }
  const anonymous = await fetch(`${server.url}/copyright/disputes`, { redirect: 'manual' });
  expect(anonymous.status).toBe(302);
  const legal = await sessionFor('legal');
  // Every broken page link (edited, or far too long) gets the same sentence; an unknown state and a bad id get sentences too.
  for (const cursor of ['not-a-cursor', 'x'.repeat(3000)]) {
    const broken = await fetch(`${server.url}/copyright/disputes?cursor=${cursor}`, { headers: { cookie: legal } });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('This page link is broken; go back to the first page of disputes.');
  }
  const badState = await fetch(`${server.url}/copyright/disputes?state=nope`, { headers: { cookie: legal } });
  expect(badState.status).toBe(400);
  expect(await badState.text()).toContain('There is no dispute state &quot;nope&quot;; filter by one of the states: awaiting_claimant');
  const badId = await fetch(`${server.url}/copyright/disputes/not-a-uuid`, { headers: { cookie: legal } });
  expect(badId.status).toBe(404);
  expect(await badId.text()).toContain('There is no copyright dispute not-a-uuid; go back to the list');
  await ctx.temporal.workflow.getHandle(copyrightDisputeWorkflowId(disputeId)).terminate('test finished');
});

it('the demo creator app disputes a takedown through the app API and lists the dispute with its deadline', async () => {
  const { creator, matchId } = await copyrightMatchFor(ctx, { action: 'taken_down', claimant: true });
  const staff = await createStaff(ctx.db, 'reviewer');
  const cookie = `loupe_session=${await openSession(ctx.db, staff.id)}`;
  const page = await (await fetch(`${server.url}/demo/disputes?as=${creator.id}`, { headers: { cookie } })).text();
  expect(page).toContain('Dispute this takedown or block');
  expect(page).toContain(`value="${matchId}"`);
  const posted = await fetch(`${server.url}/demo/disputes?as=${creator.id}`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ intent: 'dispute', matchId, statement: STATEMENT }),
  });
  expect(posted.status).toBe(200);
  const after = await posted.text();
  expect(after).toContain('Dispute sent');
  const dispute = await ctx.db.selectFrom('copyright_disputes').select(['id', 'creator_id']).where('match_id', '=', matchId).executeTakeFirstOrThrow();
  expect(dispute.creator_id).toBe(creator.id);
  expect(after).toContain(`data-dispute-id="${dispute.id}"`);
  expect(after).toContain('waiting for the claimant');
  // The app API's refusal of a short appeal reads as a sentence, with no field path before it.
  const appeal = await fetch(`${server.url}/demo/disputes?as=${creator.id}`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ intent: 'appeal', disputeId: dispute.id, statement: 'short' }),
  });
  const appealHtml = await appeal.text();
  expect(appealHtml).toContain('Write at least 20 characters in your appeal');
  expect(appealHtml).not.toContain('body.statement');
  await ctx.temporal.workflow.getHandle(copyrightDisputeWorkflowId(dispute.id)).terminate('test finished');
});

it('the claimant\'s answer link is a full address built from PUBLIC_URL (a path in it kept), or the console\'s own address', () => {
  expect(claimantAnswerUrl('tok', { PUBLIC_URL: 'https://loupe.example/' })).toBe('https://loupe.example/copyright-dispute/tok');
  expect(claimantAnswerUrl('tok', { PUBLIC_URL: 'https://example.org/loupe' })).toBe('https://example.org/loupe/copyright-dispute/tok');
  expect(claimantAnswerUrl('tok', { HOST: '0.0.0.0', PORT: '8080' })).toBe('http://0.0.0.0:8080/copyright-dispute/tok');
  expect(claimantAnswerUrl('tok', {})).toBe('http://127.0.0.1:3000/copyright-dispute/tok');
});
