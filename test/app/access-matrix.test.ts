/**
 * Deny by default, checked exhaustively: every tRPC procedure declares who may call it, and every
 * role (plus an anonymous visitor) is refused or let through exactly as declared.
 * A new procedure without an access rule makes this test fail.
 */
import { TRPCError } from '@trpc/server';
import type { SessionStaff } from '../../app/services/sessions.server';
import type { ProcedureAccess } from '../../app/trpc/init.server';
import { appRouter } from '../../app/trpc/router.server';
import { STAFF_ROLES, type StaffRole } from '../../db/schema';
import { callerAs, connectTestContext, createStaff, type TestContext } from '../support/fixtures';

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureAccess } }>);

let ctx: TestContext;
const staffByRole = new Map<StaffRole, SessionStaff>();
beforeAll(async () => {
  ctx = await connectTestContext();
  for (const role of STAFF_ROLES) staffByRole.set(role, await createStaff(ctx.db, role));
});
afterAll(async () => ctx.close());

it('finds the procedures to check', () => {
  expect(procedures.length).toBeGreaterThanOrEqual(8);
});

it.each(procedures)('%s declares an access rule', (_path, procedure) => {
  const meta = procedure._def.meta;
  expect(meta, 'add .meta({ roles: [...] }) or .meta({ access: "public" })').toBeDefined();
  expect('access' in meta! ? meta.access === 'public' : meta!.roles.length > 0).toBe(true);
});

async function outcome(path: string, staff: SessionStaff | null): Promise<'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN'> {
  const caller = callerAs(ctx, staff) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [group, name] = path.split('.') as [string, string];
  try {
    // Empty input: allowed callers get past the access check and fail (or not) on validation.
    await caller[group]![name]!({});
    return 'allowed';
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN')) return error.code;
    return 'allowed';
  }
}

describe.each(procedures)('%s', (path, procedure) => {
  const meta = procedure._def.meta!;
  const isPublic = 'access' in meta;
  it('answers an anonymous visitor as declared', async () => {
    expect(await outcome(path, null)).toBe(isPublic ? 'allowed' : 'UNAUTHORIZED');
  });
  it.each(STAFF_ROLES)('answers the %s role as declared', async (role) => {
    const allowed = isPublic || ('roles' in meta && meta.roles.includes(role));
    expect(await outcome(path, staffByRole.get(role)!)).toBe(allowed ? 'allowed' : 'FORBIDDEN');
  });
});
