/**
 * Logging in under attack: the login limit holds when twenty wrong passwords arrive at once, and a
 * login for an email with no account does the same argon2 work as one for a real account, so
 * neither the answer nor its time tells an attacker which emails are staff. (Tests count the work;
 * they never time it: speed belongs in the benchmarks.)
 */
import { randomUUID } from 'node:crypto';
import { parseOptions, verify } from '@node-rs/argon2';
import { LOGIN_FAILURES_ALLOWED } from '../../db/queries/login-attempts';
import { logIn } from '../../app/services/staff-login.server';
import { createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

// Every argon2 verification is counted; the real one still runs.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

let ctx: TestContext;
let server: TestServer;
// Behind a declared proxy, so each test speaks from its own address and no test spends another's limit.
useConsoleHarness((harness) => ({ ctx, server } = harness), { trustedProxies: 1 });

const newAddress = () => `2001:db8:10::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
const NO_MATCH = 'That email and password do not match an active staff account.';

function failuresFor(email: string, address: string) {
  return ctx.db.selectFrom('login_attempts').select('succeeded').where('email', '=', email).where('ip', '=', address).execute();
}

it(`checks only ${LOGIN_FAILURES_ALLOWED} of 20 concurrent wrong passwords for one email from one address`, async () => {
  const staff = await createStaff(ctx.db, 'reviewer');
  const address = newAddress();
  const responses = await Promise.all(
    Array.from({ length: 20 }, () =>
      fetch(`${server.url}/login`, {
        method: 'POST', redirect: 'manual', headers: { 'x-forwarded-for': address },
        body: new URLSearchParams({ email: staff.email, password: 'wrong password' }),
      }).then(async (response) => ({ status: response.status, body: await response.text() })),
    ),
  );
  const checked = responses.filter((response) => response.status === 200);
  const limited = responses.filter((response) => response.status === 429);
  expect({ checked: checked.length, limited: limited.length }).toEqual({ checked: LOGIN_FAILURES_ALLOWED, limited: 20 - LOGIN_FAILURES_ALLOWED });
  for (const response of checked) expect(response.body).toContain('do not match an active staff account');
  for (const response of limited) expect(response.body).toMatch(/Too many failed logins from your address; wait \d+ minutes? and try again/);
  expect(await failuresFor(staff.email, address)).toHaveLength(LOGIN_FAILURES_ALLOWED);
  // Every checked attempt, and only those, is in the audit log.
  const audited = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', staff.id).where('action', '=', 'auth.login_failed').execute();
  expect(audited).toHaveLength(LOGIN_FAILURES_ALLOWED);
});

it('runs one argon2 verification per attempt the limit lets through, however many arrive at once', async () => {
  const staff = await createStaff(ctx.db, 'reviewer');
  const clientAddress = newAddress();
  vi.mocked(verify).mockClear();
  const results = await Promise.all(Array.from({ length: 20 }, () => logIn(ctx.db, { email: staff.email, password: 'wrong password', clientAddress })));
  expect(results.filter((result) => !result.ok && !result.limited)).toHaveLength(LOGIN_FAILURES_ALLOWED);
  expect(results.filter((result) => !result.ok && result.limited)).toHaveLength(20 - LOGIN_FAILURES_ALLOWED);
  expect(vi.mocked(verify)).toHaveBeenCalledTimes(LOGIN_FAILURES_ALLOWED);
});

it('does the same argon2 work, at the same cost, for an unknown email, a disabled account and a wrong password', async () => {
  const active = await createStaff(ctx.db, 'reviewer');
  const disabled = await createStaff(ctx.db, 'reviewer');
  await ctx.db.updateTable('staff').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
  const stored = (await ctx.db.selectFrom('staff').select('password_hash').where('id', '=', active.id).executeTakeFirstOrThrow()).password_hash;
  const cost = (hash: string) => {
    const { algorithm, version, memoryCost, timeCost, parallelism } = parseOptions(hash);
    return { algorithm, version, memoryCost, timeCost, parallelism };
  };
  const cases = [
    ['an email with no account', `nobody-${randomUUID()}@loupe.test`, 'any password'],
    ['a disabled account with its right password', disabled.email, TEST_PASSWORD],
    ['an active account with a wrong password', active.email, 'wrong password'],
  ] as const;
  for (const [why, email, password] of cases) {
    vi.mocked(verify).mockClear();
    const result = await logIn(ctx.db, { email, password, clientAddress: newAddress() });
    expect({ why, result }).toEqual({ why, result: { ok: false, limited: false, message: NO_MATCH } });
    expect({ why, verifications: vi.mocked(verify).mock.calls.length }).toEqual({ why, verifications: 1 });
    const verifiedAgainst = String(vi.mocked(verify).mock.calls[0]![0]);
    expect({ why, cost: cost(verifiedAgainst) }).toEqual({ why, cost: cost(stored) });
  }
});

it('clears the pair’s failures when the right password follows, and records the success', async () => {
  const staff = await createStaff(ctx.db, 'reviewer');
  const clientAddress = newAddress();
  for (let i = 0; i < LOGIN_FAILURES_ALLOWED - 1; i++) await logIn(ctx.db, { email: staff.email, password: 'typo', clientAddress });
  const success = await logIn(ctx.db, { email: `  ${staff.email.toUpperCase()} `, password: TEST_PASSWORD, clientAddress });
  expect(success).toMatchObject({ ok: true, staff: { id: staff.id } });
  expect(await failuresFor(staff.email, clientAddress)).toEqual([{ succeeded: true }]);
  const actions = await ctx.db.selectFrom('audit_log').select('action').where('subject_id', '=', staff.id).where('action', 'like', 'auth.%').orderBy('id').execute();
  expect(actions.map((entry) => entry.action)).toEqual([...Array(LOGIN_FAILURES_ALLOWED - 1).fill('auth.login_failed'), 'auth.login']);
});

it('answers a login form that is not a form, or has control characters, or uses another method, with a 4xx and a sentence', async () => {
  const post = (init: RequestInit) => fetch(`${server.url}/login`, { redirect: 'manual', ...init, headers: { 'x-forwarded-for': newAddress(), ...(init.headers as Record<string, string>) } });
  const json = await post({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.example', password: 'x' }) });
  expect(json.status).toBe(400);
  expect(await json.text()).toContain('Enter your staff email and password.');
  const nul = await post({ method: 'POST', body: new URLSearchParams({ email: 'a\u0000@b.example', password: 'x' }) });
  expect(nul.status).toBe(400);
  const put = await post({ method: 'PUT', body: new URLSearchParams({ email: 'a@b.example', password: 'x' }) });
  expect(put.status).toBe(405);
  expect(await put.text()).toContain('Log in by sending the form with POST.');
});
