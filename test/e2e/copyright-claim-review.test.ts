/**
 * A copyright claim's review screen in headless Chromium (issue 13): legal opens the claim's item,
 * sees the claim with its reference image hidden until revealed (v), leaves one entity out with the
 * per-entity rule, picks the policy reason with a digit and approves with `a`; the workflow makes
 * only the kept entity live.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { copyrightClaimWorkflowId, type CopyrightClaimOutcome } from '../../contracts';
import { fileCopyrightClaim } from '../../app/services/copyright-claims.server';
import { createCreator, createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

/** Meta's PDQ test photo (../shared/testdata/pdq, BSD licence). */
const REFERENCE_IMAGE = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/images/misc-images/wee.jpg');

it('legal decides a claim on its screen with the keyboard, leaving one entity out', async () => {
  const tag = randomUUID().replace(/[^a-f]/g, '').slice(0, 6);
  const kept = `Brightwing Vexal${tag}`;
  const leftOut = `Dimwing Vexal${tag}`;
  const studio = await createCreator(ctx.db);
  const filed = await fileCopyrightClaim(ctx, {
    claimantName: 'Kim Keys', contactEmail: `kim-${tag}@keys.example`, statement: 'Keys Animation created both characters and holds their copyright.',
    entities: [{ name: kept, kind: 'character', requestedRule: 'block' }, { name: leftOut, kind: 'character', requestedRule: 'block' }],
    files: [{ role: 'reference_image', entityIndex: 0, filename: 'brightwing.jpg', contentBase64: (await fs.readFile(REFERENCE_IMAGE)).toString('base64') }],
  }, { kind: 'creator', creatorId: studio.id });
  let itemId: string | undefined;
  await expect.poll(async () => {
    itemId = (await ctx.db.selectFrom('review_items').select('id').where('copyright_claim_id', '=', filed.claimId).executeTakeFirst())?.id;
    return itemId;
  }, { timeout: 60_000 }).toBeDefined();

  const legal = await createStaff(ctx.db, 'legal');
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(legal.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/queues$/);
  await page.goto(`${server.url}/review/${itemId}`);
  await page.waitForLoadState('networkidle');
  await page.getByRole('heading', { name: /Copyright claim/ }).first().waitFor();

  // The reference image is hidden until revealed on purpose.
  const guarded = page.getByTestId('guarded-source-image');
  expect(await guarded.getAttribute('data-revealed')).toBe('false');
  await page.keyboard.press('v');
  await expect.poll(() => guarded.getAttribute('data-revealed')).toBe('true');

  await page.getByLabel(`Rule to approve ${leftOut} with`).selectOption('leave_out');
  await page.getByTestId('entity-overrides').waitFor();
  // Focus back on the page, then the digit picks the first approval reason and `a` approves.
  await page.locator('h1').click();
  await page.keyboard.press('1');
  await expect.poll(() => page.getByLabel(/Policy reason/).inputValue()).toBe('Rights holder shown by the proof');
  await page.keyboard.press('a');
  await page.waitForURL(/\/queues/);

  const outcome = await ctx.temporal.workflow.getHandle(copyrightClaimWorkflowId(filed.claimId)).result() as CopyrightClaimOutcome;
  expect(outcome.outcome).toBe('approved');
  expect(outcome.entities.map((entity) => entity.position)).toEqual([0]);
  const entities = await ctx.db.selectFrom('copyright_claim_entities').select(['name', 'approved_rule', 'left_out']).where('claim_id', '=', filed.claimId).orderBy('position').execute();
  expect(entities).toEqual([{ name: kept, approved_rule: 'block', left_out: false }, { name: leftOut, approved_rule: null, left_out: true }]);
  expect(await ctx.db.selectFrom('copyright_entities').select('name').where('claim_id', '=', filed.claimId).execute()).toEqual([{ name: kept }]);
  await page.context().close();
});
