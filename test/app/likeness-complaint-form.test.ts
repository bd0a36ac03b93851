/**
 * The public likeness complaint form over HTTP: no login; a complaint with an evidence image lands
 * on its private status page and in the likeness queue, where the review screen shows it to legal
 * staff (evidence served to the likeness queue's roles only); bad input is refused with a sentence
 * and the form keeps what was typed; cross-site posts are refused; filings are limited per address.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { StaffRole } from '../../db/schema';
import { EVIDENCE_LIMITS, EVIDENCE_TOO_LARGE } from '../../policies/likeness-complaints';
import { COMPLAINT_RATE_LIMIT } from '../../app/routes/likeness-complaint';
import { createCreator, createStaff, submit, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
// Behind a declared proxy each test files from its own address, so the per-address limit is its own.
useConsoleHarness((harness) => ({ ctx, server } = harness), { trustedProxies: 1 });

// Counted, not drawn: two draws could meet, and then the limit test counted an earlier test's filing.
let lastAddress = Math.floor(Math.random() * 200);
const address = () => `198.51.100.${++lastAddress}`;

async function sessionFor(role: StaffRole): Promise<string> {
  const staff = await createStaff(ctx.db, role);
  const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }), redirect: 'manual' });
  expect(login.status).toBe(302);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

async function publishedVideo(prompt: string, seed: number) {
  const creator = await createCreator(ctx.db);
  const { requestId } = await submit(ctx, { creatorId: creator.id, prompt, seed });
  const result = await ctx.temporal.workflow.getHandle(requestId).result();
  return { requestId, videoId: result.videoId! };
}

function form(fields: Record<string, string>, files: { name: string; bytes: Uint8Array; type: string }[] = []): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const file of files) body.append('evidence', new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name);
  return body;
}

function post(body: FormData, from: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/likeness-complaint`, { method: 'POST', body, redirect: 'manual', headers: { origin: server.url, 'x-forwarded-for': from, ...headers } });
}

const complete = (videos: string) => ({
  relationship: 'self', complainantName: 'Rosa Example', complainantEmail: 'rosa@example.test', personLiving: 'living', videos,
  evidenceText: 'The woman walking the dog in this video has my face; I never agreed to it.',
});

it('files a complaint without login, shows its status page, and puts it in front of legal staff with its evidence', async () => {
  const { requestId, videoId } = await publishedVideo('A woman walking a greyhound along a windy pier', 8303);
  const page = await fetch(`${server.url}/likeness-complaint?video=${videoId}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Your full name');
  expect(html).toContain(videoId);

  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c0ffee' } }).png().toBuffer();
  const response = await post(form(complete(`${server.url}/videos/${videoId}`), [{ name: 'me.png', bytes: png, type: 'image/png' }]), address());
  expect(response.status).toBe(302);
  const location = response.headers.get('location')!;
  expect(location).toMatch(/^\/likeness-complaint\/status\/[\w-]{40,}\?filed=1$/);

  const status = await fetch(`${server.url}${location}`);
  expect(status.status).toBe(200);
  expect(status.headers.get('referrer-policy')).toBe('same-origin');
  expect(status.headers.get('cache-control')).toBe('private, no-store');
  const statusHtml = await status.text();
  expect(statusHtml).toContain('your complaint was sent');
  expect(statusHtml).toMatch(/Received|In review/);
  expect((await fetch(`${server.url}/likeness-complaint/status/not-a-real-token-at-all-000`)).status).toBe(404);

  // The item reaches the likeness queue; legal staff see the complaint, its evidence and the registry entry to come.
  const deadline = Date.now() + 60_000;
  let itemId: string | undefined;
  while (!itemId && Date.now() < deadline) {
    const item = await ctx.db.selectFrom('review_items').select('id').where('request_id', '=', requestId).where('kind', '=', 'likeness_complaint').executeTakeFirst();
    itemId = item?.id;
    if (!itemId) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(itemId).toBeDefined();
  const legal = await sessionFor('legal');
  const screen = await fetch(`${server.url}/review/${itemId}`, { headers: { cookie: legal } });
  expect(screen.status).toBe(200);
  const screenHtml = await screen.text();
  expect(screenHtml).toContain('Likeness complaint');
  expect(screenHtml).toContain('Rosa Example');
  expect(screenHtml).toContain('Upholding adds');
  expect(screenHtml).toContain('Reason for the complainant');
  const sha = /\/likeness-complaint\/evidence\/([a-f0-9]{64}\.png)/.exec(screenHtml)?.[1];
  expect(sha).toBeDefined();

  // Evidence: the likeness queue's roles only; everyone else gets the 404 of a file that does not exist.
  const evidence = await fetch(`${server.url}/likeness-complaint/evidence/${sha}`, { headers: { cookie: legal } });
  expect(evidence.status).toBe(200);
  expect(evidence.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await evidence.arrayBuffer()).equals(png)).toBe(true);
  expect((await fetch(`${server.url}/likeness-complaint/evidence/${sha}`)).status).toBe(404);
  expect((await fetch(`${server.url}/likeness-complaint/evidence/${sha}`, { headers: { cookie: await sessionFor('reviewer') } })).status).toBe(404);
});

it('refuses bad input with a sentence and keeps what was typed', async () => {
  const { videoId } = await publishedVideo('A fisherman mending nets in a harbour at noon', 8404);
  const from = address();

  const short = await post(form({ ...complete(videoId), evidenceText: 'it is me' }), from);
  expect(short.status).toBe(400);
  const shortHtml = await short.text();
  expect(shortHtml).toContain(`Describe your evidence in at least ${EVIDENCE_LIMITS.minTextChars} characters`);
  expect(shortHtml).toContain('value="Rosa Example"');

  const representative = await post(form({ ...complete(videoId), relationship: 'authorised_representative', personName: 'Somebody Else' }), from);
  expect(representative.status).toBe(400);
  expect(await representative.text()).toContain('attach at least one document');

  const unknown = randomUUID();
  const missing = await post(form(complete(unknown)), from);
  expect(missing.status).toBe(404);
  expect(await missing.text()).toContain(`There is no published video with the id ${unknown}`);

  const big = new Uint8Array(EVIDENCE_LIMITS.maxFileBytes + 1);
  big.set([0xff, 0xd8, 0xff]);
  const tooLarge = await post(form(complete(videoId), [{ name: 'scan.jpg', bytes: big, type: 'image/jpeg' }]), from);
  expect(tooLarge.status).toBe(413);
  expect(await tooLarge.text()).toContain(EVIDENCE_TOO_LARGE.replace(/'/g, '&#x27;'));

  const wrongType = await post(form(complete(videoId), [{ name: 'notes.txt', bytes: new TextEncoder().encode('just text'), type: 'text/plain' }]), address());
  expect(wrongType.status).toBe(400);
  expect(await wrongType.text()).toContain('The evidence file notes.txt is not one of JPEG, PNG, WebP, PDF');

  const crossSite = await post(form(complete(videoId)), address(), { origin: 'https://evil.example' });
  expect(crossSite.status).toBe(403);
  expect(await ctx.db.selectFrom('likeness_complaints').select('id').where(sql<boolean>`video_ids @> ${JSON.stringify([videoId])}::jsonb`).execute()).toEqual([]);
});

it('limits filings per address', async () => {
  const from = address();
  const statuses: number[] = [];
  for (let i = 0; i < COMPLAINT_RATE_LIMIT.points; i++) {
    statuses.push((await post(form({ ...complete(randomUUID()), evidenceText: 'short' }), from)).status);
  }
  expect(statuses.every((status) => status === 400)).toBe(true);
  const refused = await post(form(complete(randomUUID())), from);
  expect(refused.status).toBe(429);
  expect(await refused.text()).toContain('Too many complaints from your address');
});
