/**
 * The review console in headless Chromium: claiming and deciding with the keyboard, a decision
 * refused until it has a policy reason (single and bulk), two reviewers racing for one item, a reviewer refused an
 * admin page, wellness blur until revealed (clip, keyframes, an image-to-video source image), and
 * an appeal overturn that ends with a published video.
 */
import type { Browser, Page } from 'playwright-core';
import { renderTestPatternImage } from '../../activities/media/test-pattern-image';
import type { StaffRole } from '../../db/schema';
import { appealWorkflowId, pipelineStatusQuery } from '../../contracts';
import {
  createCameo, createCreator, createStaff, openItemFor, submit, TEST_PASSWORD, waitForStatus, type TestContext,
} from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

const FLAGGED = 'Breaking news footage: a rainy morning at a polling station on election day';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

/** The reason list of the decision form, and a wait for the reason a key press picked. */
const reasonList = (page: Page) => page.getByLabel(/Policy reason/);
async function reasonIs(page: Page, reason: string) {
  await expect.poll(() => reasonList(page).inputValue()).toBe(reason);
}

async function loggedIn(role: StaffRole): Promise<{ page: Page; email: string }> {
  const staff = await createStaff(ctx.db, role);
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(staff.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/queues$/);
  return { page, email: staff.email };
}

/** A flagged prompt made first in line for "Start reviewing" (test-only nudge of its order). */
async function firstInLine() {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const item = await openItemFor(ctx.db, requestId, 'prompt');
  await ctx.db.updateTable('review_items').set({ priority: 32000, due_at: new Date('2000-01-01') }).where('id', '=', item.id).execute();
  return { requestId, item };
}

it('a reviewer starts reviewing, claims the next item and rejects it with the keyboard', async () => {
  const { requestId, item } = await firstInLine();
  // What the external prompt classifier answered is shown with the rules' verdict.
  const external = { provider: 'openai', model: 'omni-moderation-latest', status: 'ok', flagged: true, categories: ['violence'], topScores: { violence: 0.912 } };
  await ctx.db.updateTable('prompt_screenings').set({ external: JSON.stringify(external) }).where('request_id', '=', requestId).execute();
  const { page, email } = await loggedIn('reviewer');
  await page.goto(`${server.url}/queues/prompt_review`);
  // Keys work once the page has hydrated; pressing earlier (under load) reaches no handler.
  await page.waitForLoadState('networkidle');
  await page.keyboard.press('s');
  await page.waitForURL(new RegExp(`/review/${item.id}\\?session=prompt_review$`));
  await expect.poll(() => page.getByTestId('lease').textContent()).toContain('You are reviewing this item');
  const lease = await ctx.db.selectFrom('review_leases').innerJoin('staff', 'staff.id', 'review_leases.staff_id').select('staff.email').where('item_id', '=', item.id).executeTakeFirstOrThrow();
  expect(lease.email).toBe(email);
  expect(await page.getByTestId('prompt-classifier').textContent()).toBe('openai omni-moderation-latest: flagged (violence) — top scores violence 0.912');

  // Every action button shows its key; `?` shows the map; keys are ignored while typing.
  expect(await page.getByRole('button', { name: /^Reject/ }).textContent()).toContain('r');
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('choose the policy reason with that number');
  await page.keyboard.press('Escape');
  await page.getByLabel(/Internal note/).fill('ar: typed, not a shortcut');
  expect((await openItemFor(ctx.db, requestId, 'prompt')).state).toBe('open');
  await page.getByLabel(/Internal note/).blur();

  // The reason starts empty: `r` alone sends nothing, and the reason list asks for one.
  expect(await reasonList(page).inputValue()).toBe('');
  await page.keyboard.press('r');
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Choose the policy reason for this decision \(press 1–9/);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
  expect((await openItemFor(ctx.db, requestId, 'prompt')).state).toBe('open');
  // Digits pick a reason, also while the list has focus; then `r` decides.
  await page.keyboard.press('8');
  await reasonIs(page, 'Misinformation');
  await page.keyboard.press('r');
  await page.waitForURL((url) => !url.pathname.endsWith(item.id));
  expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('rejected');
  const decided = await ctx.db.selectFrom('review_items').innerJoin('staff', 'staff.id', 'review_items.decided_by').select(['state', 'decision_reason', 'decision_note', 'staff.email']).where('review_items.id', '=', item.id).executeTakeFirstOrThrow();
  expect(decided).toEqual({ state: 'rejected', decision_reason: 'Misinformation', decision_note: 'ar: typed, not a shortcut', email });
  await page.context().close();
});

it('two reviewers race for one item: exactly one wins, the other sees the conflict', async () => {
  const { requestId, item } = await firstInLine();
  const [a, b] = await Promise.all([loggedIn('reviewer'), loggedIn('reviewer')]);
  await Promise.all([a.page.goto(`${server.url}/review/${item.id}`), b.page.goto(`${server.url}/review/${item.id}`)]);
  await Promise.all([a.page.getByRole('button', { name: /^Approve/ }).waitFor(), b.page.getByRole('button', { name: /^Approve/ }).waitFor()]);
  await Promise.all([a.page.waitForLoadState('networkidle'), b.page.waitForLoadState('networkidle')]);
  // Each picks a reason first (a: approve's 1, b: reject's 8 after switching the decision), then both decide at once.
  await a.page.keyboard.press('1');
  await b.page.getByLabel('Decision').selectOption('reject');
  await b.page.getByLabel('Decision').blur();
  await b.page.keyboard.press('8');
  await Promise.all([reasonIs(a.page, 'Complies with policy'), reasonIs(b.page, 'Misinformation')]);
  await Promise.all([a.page.keyboard.press('a'), b.page.keyboard.press('r')]);
  const outcome = async (page: Page) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (!page.url().includes(item.id)) return 'won';
      if (await page.getByRole('alert').count()) return (await page.getByRole('alert').first().textContent()) ?? 'conflict';
      await page.waitForTimeout(100);
    }
    return 'nothing happened';
  };
  const results = await Promise.all([outcome(a.page), outcome(b.page)]);
  expect(results.filter((r) => r === 'won')).toHaveLength(1);
  expect(results.find((r) => r !== 'won')).toMatch(/deciding this item right now|already (approved|rejected)|not waiting for a decision|changed since you opened it/);
  const state = (await openItemFor(ctx.db, requestId, 'prompt')).state;
  expect(['approved', 'rejected']).toContain(state);
  await a.page.context().close();
  await b.page.context().close();
});

it('refuses a reviewer the admin page', async () => {
  const { page } = await loggedIn('reviewer');
  const response = await page.goto(`${server.url}/admin`);
  expect(response?.status()).toBe(403);
  expect(await page.textContent('body')).toContain('Your role (reviewer) may not do this.');
  await page.context().close();
});

it('keeps clip media and keyframes blurred until the reviewer reveals them', async () => {
  const owner = await createCreator(ctx.db);
  const creator = await createCreator(ctx.db);
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'A cat astronaut planting a flag on a cheese moon', cameoIds: [cameo.id] });
  await waitForStatus(ctx.db, requestId, ['clip_review']);
  const item = await openItemFor(ctx.db, requestId, 'clip');
  const { page } = await loggedIn('reviewer');
  await page.goto(`${server.url}/review/${item.id}`);
  const guarded = page.getByTestId('guarded-video');
  const frame = page.getByTestId('keyframes').locator('img').first();
  await frame.waitFor();
  const filters = async () => [
    await guarded.locator('video').evaluate((v: HTMLVideoElement) => [getComputedStyle(v).filter, v.muted]),
    await frame.evaluate((img: HTMLImageElement) => getComputedStyle(img).filter),
  ];
  expect(await filters()).toEqual([[expect.stringMatching(/blur\(28px\) grayscale\(1\)/), true], expect.stringMatching(/blur/)]);
  await page.getByRole('button', { name: /click to reveal/ }).click();
  await expect.poll(() => guarded.getAttribute('data-revealed')).toBe('true');
  // Filters fade out over a short CSS transition.
  await expect.poll(filters).toEqual([['none', true], 'none']);
  await page.keyboard.press('v');
  await expect.poll(() => guarded.getAttribute('data-revealed')).toBe('false');
  expect(await page.textContent('body')).toContain('Text-to-video request: no source image.');
  await page.screenshot({ path: 'test-results/review-console.png', fullPage: true });
  await page.context().close();
});

it('shows an image-to-video request’s source image blurred and greyscale until revealed, with its size and hash', async () => {
  const png = await renderTestPatternImage('testsrc2=s=480x360', 'png');
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: FLAGGED, sourceImageBase64: png.toString('base64') });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const item = await openItemFor(ctx.db, requestId, 'prompt');
  const { source_image_sha256: sha256 } = await ctx.db.selectFrom('request_source_images').select('source_image_sha256').where('request_id', '=', requestId).executeTakeFirstOrThrow();

  const { page } = await loggedIn('reviewer');
  await page.goto(`${server.url}/review/${item.id}`);
  const guarded = page.getByTestId('guarded-source-image');
  const image = guarded.locator('img');
  await image.waitFor();
  // The browser loaded it through the staff-only route (with the reviewer's session).
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
  expect(await image.getAttribute('src')).toBe(`/review/source-images/${sha256}.png`);
  expect(await image.evaluate((img: HTMLImageElement) => getComputedStyle(img).filter)).toMatch(/blur\(28px\) grayscale\(1\)/);
  const facts = await page.getByTestId('source-image-facts').textContent();
  expect(facts).toContain('PNG, 480×360 px');
  expect(facts).toContain(sha256);

  await guarded.getByRole('button', { name: /click to reveal/ }).click();
  await expect.poll(() => guarded.getAttribute('data-revealed')).toBe('true');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => getComputedStyle(img).filter)).toBe('none');
  await page.screenshot({ path: 'test-results/review-source-image.png', fullPage: true });
  await page.keyboard.press('v');
  await expect.poll(() => guarded.getAttribute('data-revealed')).toBe('false');
  await page.context().close();
});

it('refuses to approve or reject without a policy reason and records nothing', async () => {
  const { requestId, item } = await firstInLine();
  const { page } = await loggedIn('reviewer');
  await page.goto(`${server.url}/review/${item.id}`);
  await page.getByRole('button', { name: /^Approve/ }).waitFor();
  await page.waitForLoadState('networkidle');
  expect(await reasonList(page).locator('option:checked').textContent()).toBe('Choose a policy reason…');

  for (const button of [/^Approve/, /^Reject/, /^Submit & next/]) {
    await page.getByRole('button', { name: button }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Choose the policy reason for this decision \(press 1–\d/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
  }
  // Give a stray request time to arrive, then check nothing reached the workflow or the audit log.
  await page.waitForTimeout(500);
  expect(page.url()).toContain(item.id);
  expect(await openItemFor(ctx.db, requestId, 'prompt')).toMatchObject({ state: 'open', version: item.version });
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', item.id).execute();
  expect(audit.filter((entry) => /^review\.(approve|reject)/.test(entry.action))).toEqual([]);
  expect(await ctx.temporal.workflow.getHandle(requestId).query(pipelineStatusQuery)).toMatchObject({ pendingReview: { itemId: item.id } });

  // The last refusal was a rejection, so the list offers reject reasons; choosing one clears the message.
  expect(await page.getByLabel('Decision').inputValue()).toBe('reject');
  await reasonList(page).selectOption('Misinformation');
  await expect.poll(() => page.getByRole('alert').count()).toBe(0);
  await page.context().close();
});

it('an appeal filed through the demo creator app and overturned by a senior publishes the video', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'Explicit porn scene, two naked people having sex' });
  expect((await ctx.temporal.workflow.getHandle(requestId).result()).status).toBe('blocked');

  const { page } = await loggedIn('admin');
  // The old /appeal address leads to the demo creator app's appeal screen, acting as this creator.
  await page.goto(`${server.url}/appeal?as=${creator.id}`);
  await page.waitForURL(/\/demo\/appeal\?as=/);
  await page.getByLabel('Blocked or rejected request').selectOption(requestId);
  await page.getByLabel('Why the decision was wrong').fill('This is a sex-education explainer with no nudity at all.');
  await page.getByRole('button', { name: 'Send appeal' }).click();
  await page.getByRole('status').waitFor();

  let itemId: string | undefined;
  await expect.poll(async () => {
    itemId = (await ctx.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).where('kind', '=', 'appeal').executeTakeFirst())?.id;
    return itemId;
  }, { timeout: 20_000 }).toBeTruthy();
  await page.goto(`${server.url}/queues/appeals`);
  await page.locator(`tr[data-item-id="${itemId}"]`).getByRole('link').click();
  await page.waitForURL(new RegExp(`/review/${itemId}$`));
  await page.getByRole('button', { name: /^Overturn/ }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.keyboard.press('3');
  await reasonIs(page, 'False positive of the prompt rules');
  await page.keyboard.press('a');
  await page.waitForURL(/\/queues$/);

  const outcome = await ctx.temporal.workflow.getHandle(appealWorkflowId(requestId)).result();
  expect(outcome).toMatchObject({ appeal: 'overturned', request: { status: 'published' } });
  await page.goto(`${server.url}/feed`);
  await page.locator(`article[data-video-id="${outcome.request.videoId}"]`).waitFor();
  await page.context().close();
});

it('an admin sees every console page render: queues, dashboard charts, audit verification and staff admin', async () => {
  const { page } = await loggedIn('admin');
  await page.goto(`${server.url}/queues/prompt_review?sort=due_at&dir=desc`);
  await page.getByRole('heading', { name: 'Prompt review' }).waitFor();
  await page.screenshot({ path: 'test-results/queues.png', fullPage: true });
  // Issue 13 made the copyright queue real (migration 020).
  await page.goto(`${server.url}/queues/copyright_review`);
  expect(await page.textContent('body')).toContain('Copyright');
  expect(await page.textContent('body')).not.toContain('Placeholder queue');
  await page.goto(`${server.url}/queues/likeness_review`);
  expect(await page.textContent('body')).toContain('Likeness complaints');
  expect(await page.textContent('body')).not.toContain('Placeholder queue');

  await page.goto(`${server.url}/dashboard`);
  await page.locator('.recharts-surface').first().waitFor();
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });

  await page.goto(`${server.url}/audit?action=review.`);
  await page.getByRole('button', { name: 'Verify the hash chain' }).click();
  await expect.poll(() => page.getByTestId('chain-result').textContent()).toMatch(/Chain intact: \d+ entries verified/);
  await page.screenshot({ path: 'test-results/audit.png', fullPage: true });

  await page.goto(`${server.url}/admin`);
  await page.getByRole('heading', { name: 'Staff administration' }).waitFor();
  await page.screenshot({ path: 'test-results/admin.png', fullPage: true });
  await page.context().close();
});

it('a bulk decision waits for a policy reason, and a reason only enables its own decision', async () => {
  const first = await firstInLine();
  const second = await firstInLine();
  const { page } = await loggedIn('reviewer');
  await page.goto(`${server.url}/queues/prompt_review`);
  await page.waitForLoadState('networkidle');
  for (const { item } of [first, second]) {
    await page.locator('tr', { has: page.locator(`a[href="/review/${item.id}"]`) }).getByLabel('Select row').check();
  }
  const approve = page.getByRole('button', { name: 'Approve selected' });
  const reject = page.getByRole('button', { name: 'Reject selected' });
  // No reason yet: neither decision can be sent.
  expect(await page.getByLabel('Reason for the bulk decision').inputValue()).toBe('');
  expect([await approve.isDisabled(), await reject.isDisabled()]).toEqual([true, true]);
  await page.getByLabel('Reason for the bulk decision').selectOption('Misinformation');
  expect([await approve.isDisabled(), await reject.isDisabled()]).toEqual([true, false]);
  await reject.click();
  await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^2 of 2 items rejected \(batch /);
  for (const { requestId } of [first, second]) {
    expect((await openItemFor(ctx.db, requestId, 'prompt')).state).toBe('rejected');
  }
  await page.context().close();
});
