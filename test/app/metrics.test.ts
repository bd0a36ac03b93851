/**
 * Dashboard figures and the transparency export: a human decision and an automated block show up
 * in the per-queue days, the automated-vs-human split, block rates by category and the CSV.
 */
import { callerAs, createCreator, createStaff, openItemFor, submit, TEST_PASSWORD, waitForStatus, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

it('counts human and automated decisions, block rates, and exports them for regulators', async () => {
  const creator = await createCreator(ctx.db);
  const [reviewer, auditor] = await Promise.all([createStaff(ctx.db, 'reviewer'), createStaff(ctx.db, 'auditor')]);
  const blocked = await submit(ctx, { creatorId: creator.id, prompt: 'Explicit porn scene, two naked people having sex' });
  await ctx.temporal.workflow.getHandle(blocked.requestId).result();
  const flagged = await submit(ctx, { creatorId: creator.id, prompt: 'Breaking news footage: a rainy morning at a polling station on election day' });
  await waitForStatus(ctx.db, flagged.requestId, ['prompt_review']);
  const item = await openItemFor(ctx.db, flagged.requestId, 'prompt');
  await callerAs(ctx, reviewer).review.decide({ itemId: item.id, decision: 'reject', reason: 'Misinformation', expectedVersion: item.version });
  await ctx.temporal.workflow.getHandle(flagged.requestId).result();

  const dashboard = await callerAs(ctx, reviewer).metrics.dashboard({ days: 7 });
  const today = dashboard.days.filter((d) => d.queue_id === 'prompt_review').at(-1)!;
  expect(today.decided).toBeGreaterThanOrEqual(1);
  expect(today.p50_minutes).not.toBeNull();
  expect(dashboard.automation.at(-1)!.automated).toBeGreaterThanOrEqual(1);
  expect(dashboard.automation.at(-1)!.human).toBeGreaterThanOrEqual(1);
  expect(dashboard.blockRates.find((b) => b.category === 'sexual')?.blocked).toBeGreaterThanOrEqual(1);
  expect(dashboard.blockRates.find((b) => b.category === 'misinformation')?.rejected).toBeGreaterThanOrEqual(1);
  expect(dashboard.throughput.find((t) => t.reviewer === reviewer.email)).toMatchObject({ decisions: 1 });
  expect(dashboard.pending.map((p) => p.queue_id)).toEqual(expect.arrayContaining(['prompt_review', 'clip_review', 'senior_review', 'appeals', 'user_reports', 'qa_sample']));

  const login = await fetch(`${server.url}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: auditor.email, password: TEST_PASSWORD, next: '/dashboard' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const page = await fetch(`${server.url}/dashboard`, { headers: { cookie } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Pending per queue');
  const csv = await (await fetch(`${server.url}/dashboard/transparency.csv`, { headers: { cookie } })).text();
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe('decided_at,request_id,stage,outcome,automated,policy_category,reason');
  expect(lines.find((l) => l.includes(blocked.requestId))).toMatch(/prompt screening,blocked,true,sexual/);
  expect(lines.find((l) => l.includes(flagged.requestId))).toMatch(/prompt review,rejected,false,misinformation,Misinformation/);
  const asReviewer = await fetch(`${server.url}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: reviewer.email, password: TEST_PASSWORD, next: '/dashboard' }),
  });
  const reviewerCookie = asReviewer.headers.get('set-cookie')!.split(';')[0]!;
  expect((await fetch(`${server.url}/dashboard/transparency.csv`, { headers: { cookie: reviewerCookie } })).status).toBe(403);
});
