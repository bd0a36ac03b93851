/**
 * Redeeming an invite costs an argon2 hash, so an anonymous caller must not get that work for
 * free: the token is checked before the password is hashed, and attempts are limited per address.
 */
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { INVITE_REDEMPTION_LIMIT } from '../../app/services/staff-invites.server';
import { createCaller } from '../../app/trpc/router.server';
import { callerAs, createStaff, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

// Every argon2 hash is counted; the real one still runs.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...actual, hash: vi.fn(actual.hash) };
});

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness), { trustedProxies: 1 });

const newAddress = () => `2001:db8:20::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
/** An anonymous tRPC caller speaking from `clientAddress`, as the HTTP route builds it. */
const anonymousFrom = (clientAddress: string) => createCaller({ ...ctx, staff: null, clientAddress });
const redemption = (token: string) => ({ token, displayName: 'Someone New', password: 'a long enough password' });

it('checks the token before hashing the password: a wrong token costs no argon2 work', async () => {
  vi.mocked(hash).mockClear();
  await expect(anonymousFrom(newAddress()).staff.acceptInvite(redemption('no-such-token'))).rejects.toMatchObject({
    code: 'BAD_REQUEST', message: 'This invite link has been used or has expired; ask an admin for a new one.',
  });
  expect(vi.mocked(hash)).not.toHaveBeenCalled();
});

it(`refuses more than ${INVITE_REDEMPTION_LIMIT.points} attempts from one address in a window with 429 and a wait`, async () => {
  const caller = anonymousFrom(newAddress());
  for (let i = 0; i < INVITE_REDEMPTION_LIMIT.points; i++) {
    await expect(caller.staff.acceptInvite(redemption(`guess-${i}`))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  }
  await expect(caller.staff.acceptInvite(redemption('one-more'))).rejects.toMatchObject({
    code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^Too many invite attempts from your address; wait \d+ minutes? and try again\.$/),
  });
  // Another address is not held back by this one.
  await expect(anonymousFrom(newAddress()).staff.acceptInvite(redemption('elsewhere'))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
});

it('redeems a live invite once, with one hash; the used link then costs nothing', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  const email = `invitee-${randomUUID()}@loupe.test`;
  const { invitePath } = await callerAs(ctx, admin).staff.createInvite({ email, role: 'reviewer' });
  const token = invitePath.split('/').pop()!;
  const caller = anonymousFrom(newAddress());
  vi.mocked(hash).mockClear();
  expect(await caller.staff.acceptInvite(redemption(token))).toEqual({ email });
  expect(vi.mocked(hash)).toHaveBeenCalledTimes(1);
  await expect(caller.staff.acceptInvite(redemption(token))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  expect(vi.mocked(hash)).toHaveBeenCalledTimes(1);
  const audit = await ctx.db.selectFrom('audit_log').select('action').where('actor_label', '=', email).execute();
  expect(audit.map((entry) => entry.action)).toEqual(['staff.join']);
});

it('limits the HTTP API per client address, and answers the limit with 429', async () => {
  const address = newAddress();
  const statuses: number[] = [];
  for (let i = 0; i <= INVITE_REDEMPTION_LIMIT.points; i++) {
    const response = await fetch(`${server.url}/api/trpc/staff.acceptInvite`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify(redemption(`http-guess-${i}`)),
    });
    statuses.push(response.status);
  }
  expect(statuses).toEqual([...Array(INVITE_REDEMPTION_LIMIT.points).fill(400), 429]);
});
