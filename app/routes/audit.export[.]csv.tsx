/** The audit log as CSV, streamed in keyset batches: no row cap, constant memory (admin, auditor, legal). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { appendAudit } from '../../db/queries/audit';
import { AUDIT_EXPORT_COLUMNS, auditExportBatch } from '../../db/queries/staff-audit';
import { roleMayDo } from '../../policies/staff-access';
import { csvDownloadHeaders, keysetCsvStream } from '../services/csv-export.server';
import { staffForRequest } from '../services/sessions.server';
import { auditSearchInput } from '../trpc/routers/audit';
import { describeValidationIssues } from '../services/validation-sentence';

/** Rows read per batch: large enough to keep round trips few, small enough to keep memory flat. */
const BATCH_SIZE = 2000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  if (!staff) return new Response('Log in to the console first.', { status: 401 });
  if (!roleMayDo(staff.role, 'audit')) return new Response(`Your role (${staff.role}) may not export the audit log.`, { status: 403 });
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ''));
  const parsed = auditSearchInput.safeParse(params);
  if (!parsed.success) return new Response(`The export filters are not valid: ${describeValidationIssues(parsed.error.issues)}`, { status: 400 });
  const search = parsed.data;
  await appendAudit(context.db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'audit.export', subjectType: 'audit_log', subjectId: 'csv', after: search });
  const body = keysetCsvStream({
    columns: AUDIT_EXPORT_COLUMNS,
    start: '0',
    nextBatch: (afterId) => auditExportBatch(context.db, search, afterId, BATCH_SIZE),
    positionOf: (row) => row.id,
  });
  return new Response(body, { headers: csvDownloadHeaders(`loupe-audit-${new Date().toISOString().slice(0, 10)}.csv`) });
}
