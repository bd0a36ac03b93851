/**
 * tRPC for the console. Deny by default: every procedure must declare who may call it in its
 * meta (`access: 'public'` or a list of staff roles); a procedure without a rule is refused, and
 * test/app/access-matrix.test.ts fails when one is added.
 *
 * Routers build procedures with `publicProcedure` or `staffProcedure(roles)`: the second both
 * declares the roles and hands the handler a `ctx.staff` that is never null (the typed permission
 * helper of Epic Stack's `requireUserWithRole`), so no handler needs a non-null assertion on it.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { StaffRole } from '../../policies/staff-access';
import type { AppContext } from '../context';
import { InvalidCursor } from '../../db/queries/keyset-cursor';
import { holdsNulText, NUL_TEXT_SENTENCE } from '../../db/queries/storable';
import { LeaseConflict, QueueNotWorkable } from '../../db/queries/review-leases';
import { StaffAdminError } from '../../db/queries/staff-admin';
import { ServiceRefusal, type RefusalCode } from '../services/refusal';
import { SubmissionError } from '../services/submit-request.server';
import { WorkflowDidNotFinish, WorkflowRefusedUpdate } from '../services/workflow-client.server';
import type { SessionStaff } from '../services/sessions.server';
import { describeValidationIssues } from '../services/validation-sentence';

/** Who may call a procedure: anyone, or staff in one of the listed roles. Read by the access matrix test. */
export type ProcedureAccess = { access: 'public' } | { roles: readonly StaffRole[] };

/** What every procedure receives: the process's context plus the caller's session (null when anonymous). */
export interface TrpcContext extends AppContext {
  staff: SessionStaff | null;
  /** The client's address as the HTTP server decided it, for per-client limits; absent or null when unknown. */
  clientAddress?: string | null;
}

/** What a caller reads when a procedure fails for a reason of ours rather than theirs. */
export const INTERNAL_ERROR_SENTENCE = 'Loupe could not do this because of a problem on our side; try again later.';

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureAccess>()
  .create({
    // Stack traces in error answers only when NODE_ENV is "development": tRPC's default shows them
    // whenever NODE_ENV is not "production", which includes `npm start` without NODE_ENV and the tests.
    isDev: process.env.NODE_ENV === 'development',
    errorFormatter({ shape, error }) {
      // Validation errors become one readable sentence per field instead of a zod dump.
      const issues = error.cause instanceof z.ZodError ? error.cause.issues : null;
      // An unmapped error's message is some library's own text (a database error, say): the log keeps
      // it (api.trpc.$.tsx), the caller reads a sentence. WorkflowDidNotFinish carries a sentence of ours.
      const internal = error.code === 'INTERNAL_SERVER_ERROR' && !(error.cause instanceof WorkflowDidNotFinish);
      return {
        ...shape,
        message: issues
          ? describeValidationIssues(issues)
          : internal ? INTERNAL_ERROR_SENTENCE : shape.message,
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Enforces the declared access rule at call time. Throws FORBIDDEN when the procedure declares no
 * rule or the caller's role is not listed, UNAUTHORIZED when a staff-only procedure has no session.
 */
const enforceDeclaredAccess = t.middleware(({ meta, ctx, next }) => {
  if (!meta) throw new TRPCError({ code: 'FORBIDDEN', message: 'This procedure declares no access rule, so nobody may call it.' });
  if ('access' in meta && meta.access === 'public') return next();
  if (!ctx.staff) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in to the console first.' });
  if (!('roles' in meta) || !meta.roles.includes(ctx.staff.role)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `Your role (${ctx.staff.role}) may not do this.` });
  }
  return next();
});

/**
 * The typed refusals of the layers below and the tRPC code each becomes; this is the one place they
 * are mapped (routers call services and queries without catching). Anything else stays an
 * internal error.
 */
function refusalCode(error: unknown): RefusalCode | 'INTERNAL_SERVER_ERROR' | null {
  if (error instanceof ServiceRefusal) return error.code;
  // A workflow the caller waited for failed: our problem, but its sentence says what went wrong.
  if (error instanceof WorkflowDidNotFinish) return 'INTERNAL_SERVER_ERROR';
  // Someone else holds the item, or its workflow refused the update (stale version, already decided).
  if (error instanceof LeaseConflict || error instanceof WorkflowRefusedUpdate) return 'CONFLICT';
  // The caller's role (or the colleague's in a hand-over) does not work the item's queue.
  if (error instanceof QueueNotWorkable) return 'FORBIDDEN';
  if (error instanceof StaffAdminError || error instanceof InvalidCursor || error instanceof SubmissionError) return 'BAD_REQUEST';
  return null;
}

/** Answers a refusal with its code and its own sentence. */
const answerRefusals = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const code = refusalCode(result.error.cause);
    if (code) throw new TRPCError({ code, message: result.error.cause!.message, cause: result.error.cause });
  }
  return result;
});

/**
 * Text holding a NUL character is refused for every procedure before its input is parsed: PostgreSQL's
 * `text` cannot store U+0000, so such input would otherwise fail inside a query (db/queries/storable.ts).
 */
const refuseNulText = t.middleware(async ({ getRawInput, next }) => {
  if (holdsNulText(await getRawInput())) throw new TRPCError({ code: 'BAD_REQUEST', message: NUL_TEXT_SENTENCE });
  return next();
});

/** Every procedure passes the access check first; nothing is built on `t.procedure` directly. */
const checkedProcedure = t.procedure.use(answerRefusals).use(enforceDeclaredAccess).use(refuseNulText);

/** A procedure anyone may call (the invite page, the public feed); `ctx.staff` may be null. */
export const publicProcedure = checkedProcedure.meta({ access: 'public' });

/**
 * Narrows `ctx.staff` to the signed-in staff member. Runs after the access check, which already
 * refused anonymous callers of a staff procedure; the check here keeps the type honest on its own.
 */
const staffProcedureBase = checkedProcedure.use(({ ctx, next }) => {
  if (!ctx.staff) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in to the console first.' });
  return next({ ctx: { staff: ctx.staff } });
});

/**
 * A procedure for staff in one of `roles` (a set from `ROLES`, policies/staff-access.ts): declares
 * the rule in its meta (so the access matrix sees it) and gives the handler a non-null `ctx.staff`.
 * Anonymous callers get UNAUTHORIZED, other roles FORBIDDEN, before the input is even parsed.
 */
export function staffProcedure(roles: readonly StaffRole[]) {
  return staffProcedureBase.meta({ roles });
}

export { ROLE_SETS as ROLES } from '../../policies/staff-access';
