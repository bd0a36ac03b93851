/**
 * /copyright/banks over HTTP: legal sees the banks and an open flood alert; a reviewer is refused;
 * a bank change sent from another origin is refused before any handler runs, and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { openSession } from '../../app/services/sessions.server';
import { addBankHashes, createHashBank, quarantineBankHash } from '../../db/queries/hash-banks';
import { useConsoleHarness, type ConsoleHarness } from '../support/console-harness';
import { createStaff } from '../support/fixtures';

let harness: ConsoleHarness;
useConsoleHarness((started) => {
  harness = started;
});

it('shows banks and open flood alerts to legal, refuses a reviewer, and refuses a cross-origin change', async () => {
  const { ctx, server } = harness;
  const name = `page bank ${randomUUID().slice(0, 8)}`;
  const bankId = await createHashBank(ctx.db, { name, kind: 'positive', owner: 'Page Test Studios', entityId: null, rule: 'review', cutoff: 24, source: 'import', enabled: false });
  const hash = new Uint8Array(32).map((_, i) => (i * 53 + 7) & 0xff);
  await addBankHashes(ctx.db, bankId, [{ hash }]);
  const row = await ctx.db.selectFrom('bank_hashes').select('id').where('bank_id', '=', bankId).executeTakeFirstOrThrow();
  const alertId = await quarantineBankHash(ctx.db, String(row.id), { recentMatches: 25, baselineMatches: 0, windowSeconds: 3600, baselineSeconds: 604800 });

  const legal = await createStaff(ctx.db, 'legal');
  const cookie = `loupe_session=${await openSession(ctx.db, legal.id)}`;
  const page = await fetch(`${server.url}/copyright/banks`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(`data-bank-id="${bankId}"`);
  expect(html).toContain(name);
  expect(html).toContain(`data-alert-id="${alertId}"`);
  expect(html).toContain('25 matches in 1 h');

  const reviewer = await createStaff(ctx.db, 'reviewer');
  const refused = await fetch(`${server.url}/copyright/banks`, { headers: { cookie: `loupe_session=${await openSession(ctx.db, reviewer.id)}` } });
  expect(refused.status).toBe(403);

  const crossSite = await fetch(`${server.url}/api/trpc/hashBanks.setCutoff`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ bankId, cutoff: 3 }),
  });
  expect(crossSite.status).toBe(403);
  const sameSite = await fetch(`${server.url}/api/trpc/hashBanks.setCutoff`, {
    method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ bankId, cutoff: 20 }),
  });
  expect(sameSite.status).toBe(200);
  expect((await ctx.db.selectFrom('hash_banks').select('cutoff').where('id', '=', bankId).executeTakeFirstOrThrow()).cutoff).toBe(20);
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('subject_id', '=', bankId).execute();
  expect(audit).toEqual([{ action: 'copyright.bank.cutoff', before: { cutoff: 24 }, after: { cutoff: 20 } }]);
}, 120_000);
