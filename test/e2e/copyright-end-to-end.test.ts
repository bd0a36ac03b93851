/**
 * Issue 13's evidence, end to end through Temporal and PostgreSQL, through the app API and the
 * workflows (no step faked):
 * 1. a creator's video is published through the pipeline;
 * 2. a rights holder's request (claim) naming a character, with that video's clip as reference
 *    media, is filed through the app API and approved by legal in the copyright queue;
 * 3. a prompt naming the character is blocked by screening;
 * 4. the rescan the approval started takes the already-published video down (its keyframes match
 *    the reference bank);
 * 5. the creator disputes the takedown through the app API;
 * 6. the claimant does not answer by the (seconds-long) deadline;
 * 7. the claim is released and the video returns: published, in the public feed;
 * 8. a later rescan over the same bank leaves it up (the dispute released that claim on it).
 */
import fs from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { copyrightClaimWorkflowId, copyrightDisputeWorkflowId, copyrightRescanWorkflowId } from '../../contracts';
import { startCopyrightRescan } from '../../app/services/copyright-rescans.server';
import { callApi, createTestAppClient } from '../support/app-api';
import { callerAs, connectTestContext, createCreator, createStaff, submit, waitForStatus, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let key: string;
const banks: string[] = [];
beforeAll(async () => {
  ctx = await connectTestContext();
  key = (await createTestAppClient(ctx)).key;
});
afterAll(async () => {
  // The reference bank is made of a procedural clip: switched off after the run, so later files' clips are not checked against it.
  if (banks.length > 0) await sql`UPDATE hash_banks SET enabled = false WHERE id = ANY(${banks}::uuid[])`.execute(ctx.db);
  await ctx.close();
});

const PROOF_PDF = Buffer.from('%PDF-1.4\n% certificate of copyright registration\n').toString('base64');

/** A made-up character name nobody else's test uses: letters only, so screening reads it as words. */
function uniqueCharacter(): string {
  const letters = randomUUID().replace(/[^a-f]/g, '').slice(0, 6).padEnd(6, 'q');
  return `Captain Quillfeather${letters}`;
}

async function claimItem(claimId: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select(['id', 'version', 'state']).where('copyright_claim_id', '=', claimId).executeTakeFirst();
    if (item?.state === 'open') return item;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('No open copyright claim item appeared.');
}

async function inPublicFeed(videoId: string): Promise<boolean> {
  const feed = callerAs(ctx, null).feed;
  let cursor: string | null = null;
  for (let page = 0; page < 40; page++) {
    const { items, nextCursor } = await feed.list({ cursor, limit: 50 });
    if (items.some((item) => item.id === videoId)) return true;
    if (!nextCursor) return false;
    cursor = nextCursor;
  }
  return false;
}

it('a claim is approved, a prompt naming the character is blocked, the rescan takes a matching video down, an unanswered dispute brings it back', async () => {
  // 1. A creator's video, published through the pipeline before any claim exists.
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'A paper boat drifting down a rainy gutter at dusk', seed: 13013 });
  const published = await ctx.temporal.workflow.getHandle(requestId).result();
  const videoId = published.videoId!;
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', videoId).executeTakeFirstOrThrow()).status).toBe('published');
  expect(await inPublicFeed(videoId)).toBe(true);
  const video = await ctx.db.selectFrom('videos').select('storage_key').where('id', '=', videoId).executeTakeFirstOrThrow();
  const clip = await fs.readFile(await ctx.media.localPath(video.storage_key));

  // 2. A rights holder's request through the app API, approved by legal in the copyright queue.
  const holder = await createCreator(ctx.db);
  const character = uniqueCharacter();
  const claimantEmail = `rights-${randomUUID().slice(0, 8)}@quillfeather.example`;
  const filed = await callApi(ctx, 'POST', '/copyright-claims', {
    key, creatorId: holder.id,
    body: {
      claimantName: 'Quillfeather Rights', claimantOrganisation: 'Quillfeather Studios', contactEmail: claimantEmail,
      statement: 'Quillfeather Studios created the character in 2020 and holds the copyright worldwide; the clip is our animation test.',
      entities: [{ name: character, kind: 'character', territories: ['worldwide'], requestedRule: 'block' }],
      files: [
        { role: 'proof', filename: 'registration.pdf', contentBase64: PROOF_PDF },
        { role: 'reference_clip', entityIndex: 0, filename: 'reference.mp4', contentBase64: clip.toString('base64') },
      ],
    },
  });
  expect(filed.status).toBe(202);
  const claimId = filed.json.claimId as string;
  const item = await claimItem(claimId);
  const legal = await createStaff(ctx.db, 'legal');
  await callerAs(ctx, legal).review.decide({ itemId: item.id, decision: 'approve', reason: 'Rights holder shown by the proof', expectedVersion: item.version });
  const approved = await ctx.temporal.workflow.getHandle(copyrightClaimWorkflowId(claimId)).result();
  expect(approved.outcome).toBe('approved');
  expect(approved.bankIds).toHaveLength(1);
  banks.push(...approved.bankIds);
  expect(approved.rescanId).not.toBeNull();

  // 3. A prompt naming the character is blocked.
  const other = await createCreator(ctx.db);
  const { requestId: naming } = await submit(ctx, { creatorId: other.id, prompt: `${character} sailing a paper boat` });
  const blocked = await waitForStatus(ctx.db, naming, ['blocked', 'prompt_review', 'published', 'failed']);
  expect(blocked.status).toBe('blocked');
  expect(blocked.status_reason).toContain(character);

  // 4. The rescan the approval started takes the already-published video down.
  await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(approved.rescanId!)).result();
  const down = await ctx.db.selectFrom('videos').select(['status', 'removed_reason']).where('id', '=', videoId).executeTakeFirstOrThrow();
  expect(down.status).toBe('removed');
  expect(await inPublicFeed(videoId)).toBe(false);
  const creatorView = await callApi(ctx, 'GET', '/copyright-disputes', { key, creatorId: creator.id });
  const takedown = (creatorView.json.disputable as { matchId: string; action: string; videoId: string | null }[]).find((match) => match.videoId === videoId);
  expect(takedown).toMatchObject({ action: 'taken_down' });

  // 5. The creator disputes the takedown through the app API (the deployment's claimant deadline: 3 seconds).
  const shortDeadlines = { ...ctx, copyrightDisputeTimers: { claimantAnswerSeconds: 3, appealWindowSeconds: 600, appealAnswerSeconds: 600 } };
  const disputed = await callApi(shortDeadlines, 'POST', '/copyright-disputes', {
    key, creatorId: creator.id, body: { matchId: takedown!.matchId, statement: 'The paper boat clip was generated from my own prompt; it is not their animation.' },
  });
  expect(disputed.status).toBe(202);
  expect(disputed.json).toMatchObject({ state: 'awaiting_claimant', matchAction: 'taken_down', videoId });
  const disputeId = disputed.json.disputeId as string;
  const message = await ctx.db.selectFrom('copyright_dispute_messages').select('recipient_email').where('dispute_id', '=', disputeId).executeTakeFirstOrThrow();
  expect(message.recipient_email).toBe(claimantEmail);

  // 6 and 7. The claimant does not answer: the claim is released and the video returns, published and in the feed.
  expect(await ctx.temporal.workflow.getHandle(copyrightDisputeWorkflowId(disputeId)).result()).toEqual({ outcome: 'claimant_no_answer', reinstated: true });
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', videoId).executeTakeFirstOrThrow()).status).toBe('published');
  expect(await inPublicFeed(videoId)).toBe(true);
  const status = await callApi(ctx, 'GET', `/copyright-disputes/${disputeId}`, { key, creatorId: creator.id });
  expect(status.json).toMatchObject({ state: 'released', outcome: 'claimant_no_answer', reinstated: true });
  const notices = await ctx.db.selectFrom('notifications').select('kind').where('recipient_id', '=', creator.id).orderBy('id').execute();
  expect(notices.map((notice) => notice.kind)).toEqual(expect.arrayContaining(['video_taken_down_copyright', 'copyright_dispute_received', 'video_reinstated', 'copyright_dispute_released']));

  // 8. A later rescan over the same bank leaves the video up: the dispute released this claim on it.
  const again = await startCopyrightRescan(ctx, { trigger: { kind: 'bank', bankId: approved.bankIds[0]! }, bankIds: approved.bankIds, startedBy: null });
  await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(again.rescanId)).result();
  expect((await ctx.db.selectFrom('videos').select('status').where('id', '=', videoId).executeTakeFirstOrThrow()).status).toBe('published');
  const rescanned = await ctx.db.selectFrom('copyright_rescans').select(['scanned', 'taken_down']).where('id', '=', again.rescanId).executeTakeFirstOrThrow();
  expect(rescanned.scanned).toBeGreaterThan(0);
  expect(rescanned.taken_down).toBe(0);
});
