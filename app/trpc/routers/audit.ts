/** The audit log for admins, auditors and legal: search and chain verification (export is a streamed route). */
import { z } from 'zod';
import { searchAudit, verifyAuditChain } from '../../../db/queries/staff-audit';
import { bigintId, storableDate, storableText } from '../../../db/queries/storable';
import { ROLES, staffProcedure, router } from '../init.server';

/**
 * The audit log's filters, shared by the search and the CSV export (which validates them before its
 * first byte). Every part goes into SQL, so each is limited to what PostgreSQL takes (db/queries/storable.ts).
 */
export const auditSearchInput = z.object({
  actor: storableText.trim().max(200).optional(),
  action: storableText.trim().max(100).optional(),
  subjectType: storableText.trim().max(100).optional(),
  subjectId: storableText.trim().max(200).optional(),
  from: storableDate.optional(),
  to: storableDate.optional(),
});

export const auditRouter = router({
  search: staffProcedure(ROLES.audit)
    .input(auditSearchInput.extend({ beforeId: bigintId.nullable().default(null), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => searchAudit(ctx.db, input)),

  verify: staffProcedure(ROLES.audit).mutation(({ ctx }) => verifyAuditChain(ctx.db)),
});
