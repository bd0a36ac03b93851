/** The audit log as CSV, streamed in keyset batches: no row cap, constant memory (admin, auditor, legal). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { auditCsvStream } from '../../db/queries/staff-audit';
import { roleMayDo } from '../../policies/staff-access';
import { auditSearchInput } from '../trpc/routers/audit';
import { appendAudit } from '../../db/queries/audit';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  if (!staff) return new Response('Log in to the console first.', { status: 401 });
  if (!roleMayDo(staff.role, 'audit')) return new Response(`Your role (${staff.role}) may not export the audit log.`, { status: 403 });
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ''));
  const parsed = auditSearchInput.safeParse(params);
  if (!parsed.success) return new Response(`The export filters are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { status: 400 });
  await appendAudit(context.db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'audit.export', subjectType: 'audit_log', subjectId: 'csv', after: parsed.data });
  return new Response(auditCsvStream(context.db, parsed.data), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="loupe-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}
