/**
 * tRPC for the console. Deny by default: every procedure must declare who may call it in its
 * meta (`access: 'public'` or a list of staff roles); a procedure without a rule is refused, and
 * test/app/access-matrix.test.ts fails when one is added.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { StaffRole } from '../../policies/staff-access';
import type { AppContext } from '../context';
import type { SessionStaff } from '../services/sessions.server';

export type ProcedureAccess = { access: 'public' } | { roles: readonly StaffRole[] };

export interface TrpcContext extends AppContext {
  staff: SessionStaff | null;
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureAccess>()
  .create({
    errorFormatter({ shape, error }) {
      // Validation errors become one readable sentence per field instead of a zod dump.
      const issues = error.cause instanceof z.ZodError ? error.cause.issues : null;
      return {
        ...shape,
        message: issues ? issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ') : shape.message,
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The only procedure builder routers may use: it enforces the declared access rule. */
export const procedure = t.procedure.use(({ meta, ctx, next }) => {
  if (!meta) throw new TRPCError({ code: 'FORBIDDEN', message: 'This procedure declares no access rule, so nobody may call it.' });
  if ('access' in meta && meta.access === 'public') return next({ ctx });
  if (!ctx.staff) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in to the console first.' });
  if (!('roles' in meta) || !meta.roles.includes(ctx.staff.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `Your role (${ctx.staff.role}) may not do this.` });
  }
  return next({ ctx: { ...ctx, staff: ctx.staff } });
});

export { ROLE_SETS as ROLES } from '../../policies/staff-access';
