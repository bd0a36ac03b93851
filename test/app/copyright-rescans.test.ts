/**
 * Copyright rescans in the console (issue 13): legal and admins see /copyright/rescans with each
 * rescan's progress, rate and ETA, and pause, resume or cancel one; other roles are refused; a
 * command from another site is refused before it reaches the service; every command is audited; a
 * command the rescan's state does not allow is refused with a sentence. And the rate/ETA rule.
 */
import { randomBytes } from 'node:crypto';
import { commandCopyrightRescan, listRecentCopyrightRescans, rescanRateAndEta, startCopyrightRescan } from '../../app/services/copyright-rescans.server';
import { openSession } from '../../app/services/sessions.server';
import { signalCopyrightRescan } from '../../app/services/workflow-client.server';
import { copyrightRescanWorkflowId, type CopyrightRescanProgress } from '../../contracts';
import { saveVideoFingerprint } from '../../db/queries/fingerprints';
import { addBankHashes, createHashBank } from '../../db/queries/hash-banks';
import { useConsoleHarness, type ConsoleHarness } from '../support/console-harness';
import { callerAs, createCreator, createStaff } from '../support/fixtures';
import { seedUse } from '../support/likeness-uses';

let harness: ConsoleHarness;
useConsoleHarness((started) => {
  harness = started;
});

async function pausedRescan() {
  const { ctx } = harness;
  const bankId = await createHashBank(ctx.db, {
    name: `console rescan ${randomBytes(4).toString('hex')}`, kind: 'positive', owner: 'Console Test Studio', entityId: null, rule: 'block', cutoff: 31, source: 'import',
  });
  await addBankHashes(ctx.db, bankId, [{ hash: new Uint8Array(randomBytes(32)) }]);
  for (let i = 0; i < 3; i++) {
    const creator = await createCreator(ctx.db);
    const use = await seedUse(ctx.db, { creatorId: creator.id, cameoId: null, status: 'published' });
    await saveVideoFingerprint(ctx.db, use.videoId, [{ frameIndex: 0, region: 'full', hash: new Uint8Array(randomBytes(32)), quality: 90 }]);
  }
  const { rescanId } = await startCopyrightRescan(ctx, { trigger: { kind: 'bank', bankId }, bankIds: [bankId], startedBy: null, batchSize: 1 });
  await signalCopyrightRescan(ctx, rescanId, 'pause', null);
  const until = Date.now() + 30_000;
  for (;;) {
    const row = await ctx.db.selectFrom('copyright_rescans').select('state').where('id', '=', rescanId).executeTakeFirst();
    if (row?.state === 'paused') break;
    if (Date.now() > until) throw new Error(`rescan ${rescanId} did not pause (state ${row?.state})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return rescanId;
}

const auditOf = (rescanId: string) =>
  harness.ctx.db.selectFrom('audit_log').select(['action', 'actor_label']).where('subject_type', '=', 'copyright_rescan').where('subject_id', '=', rescanId).orderBy('id').execute();

function postCommand(cookie: string, origin: string, body: { rescanId: string; command: string }) {
  return fetch(`${harness.server.url}/api/trpc/copyrightRescans.command`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, origin }, body: JSON.stringify(body),
  });
}

it('legal pauses, resumes and cancels through the console; a cross-site command is refused; every command is audited', async () => {
  const { ctx, server } = harness;
  const rescanId = await pausedRescan();
  const legal = await createStaff(ctx.db, 'legal');
  const cookie = `loupe_session=${await openSession(ctx.db, legal.id)}`;

  // From another site: refused at the edge, nothing audited, nothing signalled.
  const crossSite = await postCommand(cookie, 'https://evil.example', { rescanId, command: 'resume' });
  expect(crossSite.status).toBe(403);
  expect(await auditOf(rescanId)).toEqual([]);
  expect((await ctx.db.selectFrom('copyright_rescans').select('state').where('id', '=', rescanId).executeTakeFirstOrThrow()).state).toBe('paused');

  // Resuming a paused rescan is allowed; pausing it again is refused while it is paused.
  await expect(commandCopyrightRescan(ctx, legal, { rescanId, command: 'pause' })).rejects.toMatchObject({ code: 'CONFLICT' });
  const cancelled = await postCommand(cookie, new URL(server.url).origin, { rescanId, command: 'cancel' });
  expect(cancelled.status).toBe(200);
  const progress = (await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).result()) as CopyrightRescanProgress;
  expect(progress.state).toBe('cancelled');
  expect(await auditOf(rescanId)).toEqual([{ action: 'copyright.rescan.cancel', actor_label: legal.email }]);

  // A finished rescan takes no command, with a sentence saying why.
  await expect(callerAs(ctx, legal).copyrightRescans.command({ rescanId, command: 'resume' })).rejects.toThrow(/cancelled, so it cannot be resumed/);
  // Bad input: a sentence, not a 500.
  const bad = await postCommand(cookie, new URL(server.url).origin, { rescanId: 'not-a-uuid', command: 'explode' });
  expect(bad.status).toBe(400);
}, 120_000);

it('resume after pause is audited and the rescan finishes', async () => {
  const { ctx } = harness;
  const rescanId = await pausedRescan();
  const admin = await createStaff(ctx.db, 'admin');
  await callerAs(ctx, admin).copyrightRescans.command({ rescanId, command: 'resume' });
  const progress = (await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).result()) as CopyrightRescanProgress;
  expect(progress.state).toBe('completed');
  expect(progress.scanned).toBe(progress.total);
  expect(await auditOf(rescanId)).toEqual([{ action: 'copyright.rescan.resume', actor_label: admin.email }]);
}, 120_000);

it('renders /copyright/rescans with progress, rate and ETA for legal, and refuses other roles', async () => {
  const { ctx, server } = harness;
  const rescanId = await pausedRescan();
  const legal = await createStaff(ctx.db, 'legal');
  const page = await fetch(`${server.url}/copyright/rescans`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, legal.id)}` } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(`data-rescan-id="${rescanId}"`);
  const row = await ctx.db.selectFrom('copyright_rescans').selectAll().where('id', '=', rescanId).executeTakeFirstOrThrow();
  expect(html).toContain(`${row.scanned}<!-- --> / <!-- -->${row.total}`);
  expect(html).toMatch(/<progress[^>]*max="\d+"/);
  expect(html).toContain('>resume</button>');
  // The list is one page: any page link (edited or far too long) is refused with the same sentence, as the other copyright lists do.
  for (const cursor of ['zzz', 'x'.repeat(3000)]) {
    const broken = await fetch(`${server.url}/copyright/rescans?cursor=${cursor}`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, legal.id)}` } });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('This page link is broken; go back to the first page of rescans.');
  }

  // The list asks the running workflow for its live counts (its progress query).
  const listed = (await listRecentCopyrightRescans(ctx, 200)).find((r) => r.rescanId === rescanId);
  expect(listed).toMatchObject({ state: 'paused', live: true, total: row.total, scanned: row.scanned, etaSeconds: null });

  for (const role of ['reviewer', 'policy_manager', 'auditor'] as const) {
    const staff = await createStaff(ctx.db, role);
    const refused = await fetch(`${server.url}/copyright/rescans`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, staff.id)}` } });
    expect(refused.status).toBe(403);
    await expect(callerAs(ctx, staff).copyrightRescans.command({ rescanId, command: 'cancel' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  }
  await signalCopyrightRescan(ctx, rescanId, 'cancel', null);
  await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).result();
}, 120_000);

it('a queued match opens on the review screen as a copyright match with keep-up / take-down choices', async () => {
  const { ctx, server } = harness;
  const bankId = await createHashBank(ctx.db, {
    name: `console review ${randomBytes(4).toString('hex')}`, kind: 'positive', owner: 'Console Test Studio', entityId: null, rule: 'review', cutoff: 31, source: 'import',
  });
  const hash = new Uint8Array(randomBytes(32));
  await addBankHashes(ctx.db, bankId, [{ hash }]);
  const creator = await createCreator(ctx.db);
  const use = await seedUse(ctx.db, { creatorId: creator.id, cameoId: null, status: 'published' });
  await saveVideoFingerprint(ctx.db, use.videoId, [{ frameIndex: 0, region: 'full', hash, quality: 90 }]);
  const { rescanId } = await startCopyrightRescan(ctx, { trigger: { kind: 'bank', bankId }, bankIds: [bankId], startedBy: null });
  await ctx.temporal.workflow.getHandle(copyrightRescanWorkflowId(rescanId)).result();
  let item: { id: string } | undefined;
  for (let i = 0; i < 100 && !item; i++) {
    item = await ctx.db.selectFrom('review_items').select('id').where('request_id', '=', use.requestId).where('kind', '=', 'copyright_match').executeTakeFirst();
    if (!item) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(item).toBeDefined();
  const legal = await createStaff(ctx.db, 'legal');
  const page = await fetch(`${server.url}/review/${item!.id}`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, legal.id)}` } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Copyright match');
  expect(html).toContain('Take down');
  expect(html).toContain('Keep it up');
  expect(html).toContain('Console Test Studio');
}, 120_000);

it('the rate leaves pauses out and the ETA is the videos left at that rate, only while running', () => {
  expect(rescanRateAndEta({ state: 'running', total: 1000, scanned: 250, activeSeconds: 50 })).toEqual({ ratePerSecond: 5, etaSeconds: 150 });
  expect(rescanRateAndEta({ state: 'paused', total: 1000, scanned: 250, activeSeconds: 50 })).toEqual({ ratePerSecond: 5, etaSeconds: null });
  expect(rescanRateAndEta({ state: 'running', total: 1000, scanned: 0, activeSeconds: 3 })).toEqual({ ratePerSecond: null, etaSeconds: null });
  expect(rescanRateAndEta({ state: 'completed', total: 10, scanned: 10, activeSeconds: 2 })).toEqual({ ratePerSecond: 5, etaSeconds: null });
});
