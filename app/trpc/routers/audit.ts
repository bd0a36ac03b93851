/** The audit log for admins, auditors and legal: search and chain verification (export is a streamed route). */
import { z } from 'zod';
import { searchAudit, verifyAuditChain } from '../../../db/queries/staff-audit';
import { ROLES, staffProcedure, router } from '../init.server';

export const auditSearchInput = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  subjectType: z.string().trim().max(100).optional(),
  subjectId: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export const auditRouter = router({
  search: staffProcedure(ROLES.audit)
    .input(auditSearchInput.extend({ beforeId: z.string().regex(/^\d+$/).nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => searchAudit(ctx.db, input)),

  verify: staffProcedure(ROLES.audit).mutation(({ ctx }) => verifyAuditChain(ctx.db)),
});
