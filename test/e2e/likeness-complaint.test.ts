/**
 * A likeness complaint in headless Chromium: a member of the public files it through the form (no
 * login, an evidence photo attached) and lands on its status page; a legal reviewer opens the item,
 * sees the complaint with its evidence behind the blur, and rejects it with the keyboard: the
 * complaint's own reasons, and no rejection without words for the complainant, who then reads them
 * on the status page.
 */
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { likenessComplaintWorkflowId } from '../../contracts';
import { createCreator, createStaff, submit, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useBrowserHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
let browser: Browser;
useBrowserHarness((harness) => ({ ctx, server, browser } = harness));

it('the public files a complaint with evidence, and legal rejects it with a reason the complainant reads', async () => {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt: 'A beekeeper lifting a honey frame in a sunny garden', seed: 9505 });
  const videoId = (await ctx.temporal.workflow.getHandle(requestId).result()).videoId!;

  // The public: no login, the video named by the link from its page.
  const publicPage = await (await browser.newContext()).newPage();
  publicPage.setDefaultTimeout(30_000);
  await publicPage.goto(`${server.url}/likeness-complaint?video=${videoId}`);
  await publicPage.getByLabel('Your full name').fill('Ayu Lestari');
  await publicPage.getByLabel(/Your email address/).fill('ayu@example.test');
  await publicPage.getByLabel(/Your evidence/).fill('The beekeeper is me: my face, my garden and my bee suit, filmed without asking me.');
  const photo = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#ffcc00' } }).jpeg().toBuffer();
  await publicPage.getByLabel(/Evidence files/).setInputFiles({ name: 'me-with-bees.jpg', mimeType: 'image/jpeg', buffer: photo });
  await publicPage.getByRole('button', { name: 'Send the complaint' }).click();
  await publicPage.waitForURL(/\/likeness-complaint\/status\//);
  await publicPage.getByRole('status').filter({ hasText: 'your complaint was sent' }).waitFor();
  const statusUrl = publicPage.url().replace(/\?filed=1$/, '');

  const itemOf = () => ctx.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).where('kind', '=', 'likeness_complaint').executeTakeFirst();
  await expect.poll(itemOf, { timeout: 60_000 }).toBeDefined();
  const item = (await itemOf())!;

  // Legal staff decide it on the review screen.
  const legal = await createStaff(ctx.db, 'legal');
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Email').fill(legal.email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/queues$/);
  await page.goto(`${server.url}/review/${item.id}`);
  await page.waitForLoadState('networkidle');
  const card = page.getByTestId('likeness-complaint');
  expect(await card.textContent()).toContain('Ayu Lestari');
  expect(await card.getByRole('link', { name: 'me-with-bees.jpg' }).count()).toBe(1);
  // The evidence photo is media like any other: blurred until revealed.
  expect(await card.getByTestId('guarded-source-image').getAttribute('data-revealed')).toBe('false');

  // `r` asks for a reason; digit 3 picks the complaint's third rejection reason; `r` then asks for words for the complainant.
  await page.keyboard.press('r');
  await page.locator('.reason-needed').waitFor();
  await page.keyboard.press('3');
  await expect.poll(() => page.getByLabel(/Policy reason/).inputValue()).toBe('Evidence insufficient');
  await page.keyboard.press('r');
  await page.getByText('Write the reason for the complainant').waitFor();
  await page.getByLabel(/Reason for the complainant/).fill('The video shows a generated beekeeper who does not look like the photo you sent.');
  await page.getByLabel(/Reason for the complainant/).blur();
  await page.keyboard.press('r');
  await page.waitForURL(/\/queues$/);

  const complaint = await ctx.db.selectFrom('likeness_complaints').select('id').where('anchor_request_id', '=', requestId).executeTakeFirstOrThrow();
  expect((await ctx.temporal.workflow.getHandle(likenessComplaintWorkflowId(complaint.id)).result()).outcome).toBe('rejected');
  await publicPage.goto(statusUrl);
  expect(await publicPage.textContent('body')).toContain('Evidence insufficient: The video shows a generated beekeeper');
});
