/**
 * Copyright claims through Temporal and PostgreSQL (issue 13): a claim opens an item in the
 * copyright queue (no request behind it) with its conflicts first; only the queue's roles decide;
 * approval with a per-entity override makes each entity live with the approved rule (a prompt naming
 * the blocked one is then blocked, one naming the reviewed one goes to prompt review), hashes the
 * reference image into a bank for its entity and starts a rescan; the claimant's status page and the
 * creator's notifications say so; rejection needs words for the claimant and changes nothing in the
 * registry. Duplicates, other claimants, public-domain works and overlapping aliases are found when
 * a claim is recorded. Both runs replay.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../scripts/stack/workers';
import { copyrightClaimWorkflowId, copyrightRescanWorkflowId, type CopyrightClaimOutcome } from '../../contracts';
import { claimForStaff, claimRescanSentence, fileCopyrightClaim, getCopyrightClaimStatus } from '../../app/services/copyright-claims.server';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { listQueuePage } from '../../db/queries/review-list';
import { callerAs, connectTestContext, createCreator, createStaff, submit, waitForStatus, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** Meta's PDQ test photo (../shared/testdata/pdq, BSD licence): the reference image of a claimed character. */
const REFERENCE_IMAGE = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/images/misc-images/wee.jpg');
const PROOF_PDF = Buffer.from('%PDF-1.4\n% certificate of registration\n').toString('base64');

const replayed: Record<string, string> = {};

/** A made-up character name nobody else's test uses: letters only, so screening reads it as words. */
function uniqueName(stem: string): string {
  const letters = randomUUID().replace(/[^a-f]/g, '').slice(0, 6).padEnd(6, 'q');
  return `${stem} Zorvex${letters}`;
}

async function claimItem(claimId: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select(['id', 'version', 'queue_id', 'state', 'flag_reasons', 'request_id', 'kind'])
      .where('copyright_claim_id', '=', claimId).executeTakeFirst();
    if (item && item.state === 'open') return item;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('No open copyright claim item appeared.');
}

it('approved: entities live with the approved rules, prompts naming them blocked or reviewed, a bank of the reference image, a rescan started', async () => {
  const studio = await createCreator(ctx.db);
  const hero = uniqueName('Captain');
  const sidekick = uniqueName('Little');
  const filed = await fileCopyrightClaim(ctx, {
    claimantName: 'Ada Rights', claimantOrganisation: `Zorvex Studios ${randomUUID().slice(0, 6)}`, contactEmail: `rights-${randomUUID().slice(0, 8)}@zorvex.example`,
    statement: 'Zorvex Studios created and registered both characters in 2019 and holds the copyright worldwide.',
    entities: [
      { name: hero, kind: 'character', aliases: [{ name: `${hero} Kun`, lang: 'ja' }], territories: ['worldwide'], requestedRule: 'block' },
      { name: sidekick, kind: 'character', territories: ['GB', 'jp'], requestedRule: 'allow', conditions: 'No violence.' },
    ],
    files: [
      { role: 'proof', filename: 'registration.pdf', contentBase64: PROOF_PDF },
      { role: 'reference_image', entityIndex: 0, filename: 'hero.jpg', contentBase64: (await fs.readFile(REFERENCE_IMAGE)).toString('base64') },
    ],
  }, { kind: 'creator', creatorId: studio.id });
  expect(filed).toMatchObject({ state: 'received', conflicts: 0 });

  const item = await claimItem(filed.claimId);
  expect(item).toMatchObject({ queue_id: 'copyright_review', kind: 'copyright_claim', request_id: null });
  const reasons = item.flag_reasons.join('\n');
  expect(reasons).toContain(`Entity 1: ${hero} (character) in worldwide: asks to block; also ${hero} Kun [ja].`);
  expect(reasons).toContain(`Entity 2: ${sidekick} (character) in GB, JP: asks to allow; conditions: No violence.`);
  expect(reasons).toContain('Proof of rights: 1 document(s); reference media: 1 file(s).');
  expect((await getCopyrightClaimStatus(ctx.db, filed.statusToken)).state).toBe('in_review');

  // The item is in the copyright queue's list with its claimant in place of a prompt.
  const legal = await createStaff(ctx.db, 'legal');
  const page = await listQueuePage(ctx.db, { queueId: 'copyright_review', state: 'open', sort: 'due_at', direction: 'asc', limit: 500 }, legal.id);
  // Filed by a creator through the app API, it shows that creator, not a placeholder.
  expect(page.rows.find((row) => row.id === item.id)).toMatchObject({ kind: 'copyright_claim', prompt: expect.stringMatching(/^Copyright claim by Zorvex Studios/), handle: studio.handle });

  // Only the copyright queue's roles decide; a per-entity override is checked before it is sent.
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const decision = { itemId: item.id, decision: 'approve' as const, reason: 'Rights holder shown by the proof', expectedVersion: item.version };
  await expect(callerAs(ctx, reviewer).review.decide(decision)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/worked by legal/) });
  await expect(callerAs(ctx, legal).review.decide({ ...decision, entityDecisions: [{ position: 5, rule: 'block' }] }))
    .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no entity number 6/) });
  await expect(callerAs(ctx, legal).review.decide({ ...decision, entityDecisions: [{ position: 0, rule: null }, { position: 1, rule: null }] }))
    .rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/reject the claim instead/) });
  // The sidekick asked "allow with conditions"; legal approves it as "review".
  await callerAs(ctx, legal).review.decide({ ...decision, entityDecisions: [{ position: 1, rule: 'review' }] });

  const outcome = await ctx.temporal.workflow.getHandle(copyrightClaimWorkflowId(filed.claimId)).result() as CopyrightClaimOutcome;
  replayed['copyright-claim-approved'] = copyrightClaimWorkflowId(filed.claimId);
  expect(outcome.outcome).toBe('approved');
  expect(outcome.entities.map((entity) => entity.rule)).toEqual(['block', 'review']);
  expect(outcome.bankIds).toHaveLength(1);
  expect(outcome.rescanId).not.toBeNull();

  // The registry holds both, live, with the approved rules and the claim.
  const entities = await ctx.db.selectFrom('copyright_entities').select(['id', 'name', 'rule', 'enforcement', 'claim_id', 'owner', 'aliases', 'territories'])
    .where('claim_id', '=', filed.claimId).orderBy('name').execute();
  expect(entities.map((entity) => [entity.name, entity.rule, entity.enforcement])).toEqual(expect.arrayContaining([[hero, 'block', 'live'], [sidekick, 'review', 'live']]));
  expect(entities.find((entity) => entity.name === hero)!.aliases).toEqual([{ name: `${hero} Kun`, lang: 'ja' }]);
  expect(entities.find((entity) => entity.name === sidekick)!.territories).toEqual(['GB', 'JP']);

  // The reference image is a bank of the hero's, with its hashes.
  const bank = await ctx.db.selectFrom('hash_banks').select(['id', 'entity_id', 'owner', 'kind', 'enabled']).where('id', '=', outcome.bankIds[0]!).executeTakeFirstOrThrow();
  expect(bank).toMatchObject({ entity_id: entities.find((entity) => entity.name === hero)!.id, kind: 'positive', enabled: true });
  const hashes = await ctx.db.selectFrom('bank_hashes').select('id').where('bank_id', '=', bank.id).execute();
  expect(hashes.length).toBeGreaterThan(0);
  // The rescan runs as its own workflow, over the new bank.
  const rescan = await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(outcome.rescanId!)).describe();
  expect(rescan.type).toBe('copyrightRescan');

  // The next screening compiles the new entries: naming the hero is blocked, naming the sidekick goes to review.
  const other = await createCreator(ctx.db);
  const { requestId: naming } = await submit(ctx, { creatorId: other.id, prompt: `${hero} flying over a city at night` });
  expect((await waitForStatus(ctx.db, naming, ['blocked', 'prompt_review', 'published', 'failed'])).status).toBe('blocked');
  const { requestId: namingSidekick } = await submit(ctx, { creatorId: other.id, prompt: `${sidekick} laughing in a garden` });
  expect((await waitForStatus(ctx.db, namingSidekick, ['blocked', 'prompt_review', 'published', 'failed'])).status).toBe('prompt_review');

  // The claimant's page, the creator's notifications, the console and the audit say what happened;
  // once the rescan has finished, the page says what it found, not that it is running.
  await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(outcome.rescanId!)).result();
  const status = await getCopyrightClaimStatus(ctx.db, filed.statusToken);
  expect(status).toMatchObject({ state: 'approved', decisionReason: 'Rights holder shown by the proof', outcome: { bankIds: outcome.bankIds, rescanId: outcome.rescanId } });
  expect(status.rescan?.state).toBe('completed');
  expect(claimRescanSentence(status.rescan!)).toMatch(/^\d+ published videos? checked, (none matched|\d+ matched and were handled by the approved rule)\.$/);
  expect(claimRescanSentence({ state: 'completed', total: 14, scanned: 14, matched: 0 })).toBe('14 published videos checked, none matched.');
  expect(claimRescanSentence({ state: 'running', total: 14, scanned: 3, matched: 0 })).toContain('being checked against them: 3 of 14');
  expect(status.entities.map((entity) => entity.approvedRule)).toEqual(['block', 'review']);
  const notices = await ctx.db.selectFrom('notifications').select(['kind', 'body']).where('recipient_id', '=', studio.id).orderBy('id').execute();
  expect(notices.map((notice) => notice.kind)).toEqual(['copyright_claim_received', 'copyright_claim_approved']);
  expect(notices[1]!.body).toContain(`${hero} (block), ${sidekick} (review)`);
  const detail = await claimForStaff(ctx.db, legal, filed.claimId);
  expect(detail.files.map((file) => file.role)).toEqual(['proof', 'reference_image']);
  await expect(claimForStaff(ctx.db, reviewer, filed.claimId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id']).where('subject_id', 'in', [filed.claimId, item.id]).orderBy('id').execute();
  expect(audit.map((entry) => entry.action)).toEqual(['copyright_claim.file', 'review.approve', 'copyright_claim.approve']);
  expect(audit.slice(1).every((entry) => entry.actor_staff_id === legal.id)).toBe(true);
});

it('conflicts are found when recorded and shown first; rejected needs words for the claimant and changes nothing', async () => {
  const name = uniqueName('Queen');
  const publicDomain = uniqueName('Old');
  const registered = uniqueName('Baron');
  await upsertCopyrightEntity(ctx.db, {
    name: publicDomain, kind: 'character', aliases: [], owner: null, territories: ['worldwide'], rule: null, conditions: null, publicDomain: true,
    source: 'test', licence: 'test', sourceDate: null, demo: true, enforcement: 'live',
  });
  await upsertCopyrightEntity(ctx.db, {
    name: registered, kind: 'character', aliases: [{ name: `${name} Regina`, lang: 'es' }], owner: 'Another Studio', territories: ['worldwide'],
    rule: 'block', conditions: null, publicDomain: false, source: 'test', licence: 'test', sourceDate: null, demo: true, enforcement: 'live',
  });
  const email = `legal-${randomUUID().slice(0, 8)}@first.example`;
  const statement = 'We hold the rights to this character through a licence agreement signed in 2021.';
  const first = await fileCopyrightClaim(ctx, {
    claimantName: 'First Holder', contactEmail: email, statement, entities: [{ name, kind: 'character', requestedRule: 'block' }],
  }, { kind: 'public' });
  expect(first.conflicts).toBe(0);
  // The same claimant again (another spelling of the name): a duplicate.
  const again = await fileCopyrightClaim(ctx, {
    claimantName: 'First Holder', contactEmail: email.toUpperCase(), statement, entities: [{ name: `${name.toUpperCase()}!`, kind: 'character', requestedRule: 'block' }],
  }, { kind: 'public' });
  expect(again.conflicts).toBe(1);
  // Another claimant, the public-domain work, and an alias that is another entity's name.
  const rival = await fileCopyrightClaim(ctx, {
    claimantName: 'Rival Claimant', contactEmail: `rival-${randomUUID().slice(0, 8)}@rival.example`, statement,
    entities: [
      { name, kind: 'character', aliases: [{ name: registered, lang: 'en' }], requestedRule: 'block' },
      { name: publicDomain, kind: 'work', requestedRule: 'block' },
    ],
  }, { kind: 'public' });
  const legal = await createStaff(ctx.db, 'legal');
  const detail = await claimForStaff(ctx.db, legal, rival.claimId);
  expect(detail.conflicts.map((conflict) => [conflict.kind, conflict.position])).toEqual(expect.arrayContaining([
    ['other_claimant', 0], ['alias_overlap', 0], ['public_domain', 1],
  ]));
  expect(detail.conflicts.find((conflict) => conflict.kind === 'other_claimant')!.otherClaimId).toBe(first.claimId);
  expect((await claimForStaff(ctx.db, legal, again.claimId)).conflicts).toEqual([
    expect.objectContaining({ kind: 'duplicate', position: 0, otherClaimId: first.claimId }),
  ]);

  const item = await claimItem(rival.claimId);
  // Conflicts come first in the reasons.
  expect(item.flag_reasons[0]).toMatch(/^Conflict: /);
  expect(item.flag_reasons.some((reason) => reason.includes('public domain'))).toBe(true);
  const senior = await createStaff(ctx.db, 'senior_reviewer');
  const bulk = await callerAs(ctx, senior).review.bulkDecide({ items: [{ itemId: item.id, expectedVersion: item.version }], decision: 'reject', reason: 'Proof of rights insufficient' });
  expect(bulk.results).toEqual([expect.objectContaining({ outcome: 'refused', message: expect.stringMatching(/decided one at a time/) })]);
  const decision = { itemId: item.id, decision: 'reject' as const, reason: 'Another holder has the rights', expectedVersion: item.version };
  await expect(callerAs(ctx, legal).review.decide(decision)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/reason for the claimant/) });
  await callerAs(ctx, legal).review.decide({ ...decision, creatorNote: 'First Holder showed an earlier licence for this character.' });
  const outcome = await ctx.temporal.workflow.getHandle(copyrightClaimWorkflowId(rival.claimId)).result();
  replayed['copyright-claim-rejected'] = copyrightClaimWorkflowId(rival.claimId);
  expect(outcome).toEqual({
    outcome: 'rejected', reason: 'Another holder has the rights: First Holder showed an earlier licence for this character.', entities: [], bankIds: [], rescanId: null,
  });
  expect(await getCopyrightClaimStatus(ctx.db, rival.statusToken)).toMatchObject({ state: 'rejected', decisionReason: outcome.reason });
  // Nothing of the rejected claim reached the registry: the public-domain entry is as it was, no entity names the claim.
  expect(await ctx.db.selectFrom('copyright_entities').select('id').where('claim_id', '=', rival.claimId).execute()).toEqual([]);
  expect(await ctx.db.selectFrom('copyright_entities').select(['public_domain', 'rule']).where('name', '=', publicDomain).executeTakeFirstOrThrow())
    .toEqual({ public_domain: true, rule: null });
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', rival.claimId).orderBy('id').execute();
  expect(audit.map((entry) => entry.action)).toEqual(['copyright_claim.file', 'copyright_claim.reject']);

  // The two others leave the queue too (rejected as duplicates), so they wait on nobody.
  for (const claim of [first, again]) {
    const open = await claimItem(claim.claimId);
    await callerAs(ctx, legal).review.decide({ itemId: open.id, decision: 'reject', reason: 'Duplicate of an earlier claim', expectedVersion: open.version, creatorNote: 'Test cleanup.' });
    expect((await ctx.temporal.workflow.getHandle(copyrightClaimWorkflowId(claim.claimId)).result()).outcome).toBe('rejected');
  }
});

it('replays the approved and rejected runs', async () => {
  expect(Object.keys(replayed).sort()).toEqual(['copyright-claim-approved', 'copyright-claim-rejected']);
  for (const [name, workflowId] of Object.entries(replayed)) {
    const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, name), name).resolves.toBeUndefined();
  }
});
