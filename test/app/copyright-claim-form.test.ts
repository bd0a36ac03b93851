/**
 * The public copyright claim form over HTTP (issue 13): no login; a claim with a proof document and
 * a reference image lands on its private status page and in the copyright queue, where the claim's
 * review screen (warnings, entities, staff-only proof links, blurred reference media, the decision
 * with per-entity rules) and the console's list and page show it to legal; claim files are served to
 * the claim roles only; bad input is refused with a sentence and the form keeps what was typed;
 * cross-site posts are refused; filings are limited per address.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { StaffRole } from '../../db/schema';
import { CLAIM_LIMITS } from '../../policies/copyright/claims';
import { CLAIM_RATE_LIMIT } from '../../app/routes/copyright-claim';
import { createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
// Behind a declared proxy each test files from its own address, so the per-address limit is its own.
useConsoleHarness((harness) => ({ ctx, server } = harness), { trustedProxies: 1 });

const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

async function sessionFor(role: StaffRole): Promise<string> {
  const staff = await createStaff(ctx.db, role);
  const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }), redirect: 'manual' });
  expect(login.status).toBe(302);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

function form(fields: Record<string, string>, files: { field: string; name: string; bytes: Uint8Array; type: string }[] = []): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const file of files) body.append(file.field, new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name);
  return body;
}

function post(body: FormData, from: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/copyright-claim`, { method: 'POST', body, redirect: 'manual', headers: { origin: server.url, 'x-forwarded-for': from, ...headers } });
}

const complete = (name: string) => ({
  claimantName: 'Cleo Claimant', claimantOrganisation: 'Cleo Comics', contactEmail: `cleo-${randomUUID().slice(0, 8)}@comics.example`,
  name, kind: 'character', aliases: `${name} Chan | ja\n${name} la Grande | fr`, territories: 'GB, JP', requestedRule: 'block', conditions: '',
  statement: 'Cleo Comics created this character in 2012 and holds its copyright and trademarks.',
});

it('files a claim without login, shows its status page, and puts it in front of legal with its files', async () => {
  expect((await fetch(`${server.url}/copyright-claim`)).status).toBe(200);
  const name = `Cleomancer ${randomUUID().replace(/[^a-f]/g, '').slice(0, 5)}`;
  const pdf = new TextEncoder().encode('%PDF-1.4\n% copyright registration\n');
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ff8800' } }).png().toBuffer();
  const response = await post(form(complete(name), [
    { field: 'proof', name: 'registration.pdf', bytes: pdf, type: 'application/pdf' },
    { field: 'referenceImages', name: 'cleomancer.png', bytes: png, type: 'image/png' },
  ]), address());
  expect(response.status).toBe(302);
  const location = response.headers.get('location')!;
  expect(location).toMatch(/^\/copyright-claim\/status\/[\w-]{40,}\?filed=1$/);
  const status = await fetch(`${server.url}${location}`);
  expect(status.status).toBe(200);
  expect(status.headers.get('cache-control')).toBe('private, no-store');
  const statusHtml = await status.text();
  expect(statusHtml).toContain('your claim was sent');
  expect(statusHtml).toContain(name);
  expect((await fetch(`${server.url}/copyright-claim/status/not-a-real-token-at-all-000`)).status).toBe(404);

  const claim = await ctx.db.selectFrom('copyright_claim_entities').select(['claim_id', 'aliases', 'territories']).where('name', '=', name).executeTakeFirstOrThrow();
  expect(claim.aliases).toEqual([{ name: `${name} Chan`, lang: 'ja' }, { name: `${name} la Grande`, lang: 'fr' }]);
  expect(claim.territories).toEqual(['GB', 'JP']);
  let itemId: string | undefined;
  await expect.poll(async () => {
    itemId = (await ctx.db.selectFrom('review_items').select('id').where('copyright_claim_id', '=', claim.claim_id).executeTakeFirst())?.id;
    return itemId;
  }, { timeout: 60_000 }).toBeDefined();

  // The claim's review screen, for legal: the claim, its files and the decision with a rule per entity.
  const legal = await sessionFor('legal');
  const screen = await fetch(`${server.url}/review/${itemId}`, { headers: { cookie: legal } });
  expect(screen.status).toBe(200);
  const screenHtml = await screen.text();
  expect(screenHtml).toContain('Copyright claim');
  expect(screenHtml).toContain('Cleo Claimant');
  expect(screenHtml).toContain(`${name} Chan (ja)`);
  expect(screenHtml).toContain('No duplicate or conflicting claims');
  expect(screenHtml).toContain(`Rule to approve ${name} with`);
  expect(screenHtml).toContain('Reason for the claimant');
  expect(screenHtml).toContain('Media hidden for your wellbeing');
  const proofHref = /\/copyright\/claims\/files\/([a-f0-9]{64}\.pdf)/.exec(screenHtml)?.[1];
  const imageHref = /\/copyright\/claims\/files\/([a-f0-9]{64}\.png)/.exec(screenHtml)?.[1];
  expect(proofHref).toBeDefined();
  expect(imageHref).toBeDefined();

  // Claim files: the claim roles only; everyone else gets the 404 of a file that does not exist.
  const proof = await fetch(`${server.url}/copyright/claims/files/${proofHref}`, { headers: { cookie: legal } });
  expect(proof.status).toBe(200);
  expect(proof.headers.get('content-type')).toBe('application/pdf');
  expect(proof.headers.get('content-security-policy')).toContain('sandbox');
  expect(Buffer.from(await proof.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
  expect((await fetch(`${server.url}/copyright/claims/files/${proofHref}`)).status).toBe(404);
  expect((await fetch(`${server.url}/copyright/claims/files/${proofHref}`, { headers: { cookie: await sessionFor('reviewer') } })).status).toBe(404);
  expect((await fetch(`${server.url}/copyright/claims/files/${imageHref}`, { headers: { cookie: await sessionFor('auditor') } })).status).toBe(404);

  // The console's list and the claim's page; a reviewer may open neither.
  const list = await fetch(`${server.url}/copyright/claims?state=in_review`, { headers: { cookie: legal } });
  expect(list.status).toBe(200);
  expect(await list.text()).toContain(name);
  const page = await fetch(`${server.url}/copyright/claims/${claim.claim_id}`, { headers: { cookie: legal } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Decide it in the copyright queue');
  expect((await fetch(`${server.url}/copyright/claims`, { headers: { cookie: await sessionFor('reviewer') } })).status).toBe(403);
  // Every bad page link gets one sentence, a bad state names the states, a bad id is a 404 sentence: never zod's output.
  for (const cursor of ['not-a-cursor', 'x'.repeat(600)]) {
    const badCursor = await fetch(`${server.url}/copyright/claims?cursor=${cursor}`, { headers: { cookie: legal } });
    expect(badCursor.status).toBe(400);
    const text = await badCursor.text();
    expect(text).toContain('This page link is out of date (its cursor is not valid); go back to the first page.');
    expect(text).not.toContain('too_big');
  }
  const badState = await fetch(`${server.url}/copyright/claims?state=bogus`, { headers: { cookie: legal } });
  expect(badState.status).toBe(400);
  expect(await badState.text()).toContain('There is no claim state &quot;bogus&quot;; filter by one of the states: received');
  const badId = await fetch(`${server.url}/copyright/claims/not-a-uuid`, { headers: { cookie: legal } });
  expect(badId.status).toBe(404);
  const badIdText = await badId.text();
  expect(badIdText).toContain('There is no copyright claim with that id');
  expect(badIdText).not.toContain('invalid_format');

  // The copyright queue is real now, and lists the claim by its claimant.
  const queue = await fetch(`${server.url}/queues/copyright_review`, { headers: { cookie: legal } });
  const queueHtml = await queue.text();
  expect(queueHtml).not.toContain('Placeholder queue');
  expect(queueHtml).toContain('Copyright claim by Cleo Comics');
});

it('refuses bad input with a sentence and keeps what was typed; refuses cross-site posts', async () => {
  const name = `Cleomancer ${randomUUID().replace(/[^a-f]/g, '').slice(0, 5)}`;
  const from = address();
  const short = await post(form({ ...complete(name), statement: 'mine' }), from);
  expect(short.status).toBe(400);
  const shortHtml = await short.text();
  expect(shortHtml).toContain(`Describe the rights you hold in at least ${CLAIM_LIMITS.minStatementChars} characters`);
  expect(shortHtml).toContain('value="Cleo Claimant"');

  const badLang = await post(form({ ...complete(name), aliases: `${name} | not a language` }), from);
  expect(badLang.status).toBe(400);
  expect(await badLang.text()).toContain('Entity 1: Give each alias');

  const wrongType = await post(form(complete(name), [{ field: 'proof', name: 'notes.txt', bytes: new TextEncoder().encode('just text'), type: 'text/plain' }]), from);
  expect(wrongType.status).toBe(400);
  expect(await wrongType.text()).toContain('The file notes.txt is not a PDF, JPEG or PNG file');

  const big = new Uint8Array(CLAIM_LIMITS.maxProofBytes + 1);
  big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
  const tooLarge = await post(form(complete(name), [{ field: 'proof', name: 'scan.pdf', bytes: big, type: 'application/pdf' }]), address());
  expect(tooLarge.status).toBe(400);
  expect(await tooLarge.text()).toContain(`larger than ${CLAIM_LIMITS.maxProofBytes / (1024 * 1024)} MB`);

  const crossSite = await post(form(complete(name)), address(), { origin: 'https://evil.example' });
  expect(crossSite.status).toBe(403);
  expect(await ctx.db.selectFrom('copyright_claim_entities').select('claim_id').where('name', '=', name).execute()).toEqual([]);
});

it('limits accepted filings per address; refusals do not use up the limit, and every refusal keeps what was typed', async () => {
  const from = address();
  const statuses: number[] = [];
  for (let i = 0; i < CLAIM_RATE_LIMIT.points + 2; i++) statuses.push((await post(form({ ...complete('Anyone'), statement: 'short' }), from)).status);
  expect(statuses.every((status) => status === 400)).toBe(true);
  const unique = () => `Limitless ${randomUUID().replace(/[^a-f]/g, '').slice(0, 6)}`;
  for (let i = 0; i < CLAIM_RATE_LIMIT.points; i++) expect((await post(form(complete(unique())), from)).status).toBe(302);
  const refused = await post(form({ ...complete(unique()), claimantName: 'Kept Claimant' }), from);
  expect(refused.status).toBe(429);
  const refusedHtml = await refused.text();
  expect(refusedHtml).toContain('Too many claims from your address');
  expect(refusedHtml).toContain('value="Kept Claimant"');
  expect(refusedHtml).toContain('Choose your files again');
});

it('gives the form back as typed when a file is too large for the form', async () => {
  const clip = new Uint8Array(CLAIM_LIMITS.maxClipBytes + 1);
  const tooLarge = await post(form({ ...complete('Oversized'), claimantName: 'Large Filer' }, [{ field: 'referenceClips', name: 'clip.mp4', bytes: clip, type: 'video/mp4' }]), address());
  expect(tooLarge.status).toBe(413);
  const html = await tooLarge.text();
  expect(html).toContain("The claim&#x27;s files are too large");
  expect(html).toContain('value="Large Filer"');
  expect(html).toContain('Choose your files again');
});
