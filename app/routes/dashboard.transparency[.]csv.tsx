/**
 * Transparency export for regulators' reports: every decision in a period with its reason, policy
 * category and whether it was automated. Streamed in keyset batches, no row cap.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { appendAudit } from '../../db/queries/audit';
import { TRANSPARENCY_COLUMNS, transparencyBatch } from '../../db/queries/metrics';
import { csvCell } from '../../db/queries/staff-audit';
import { roleMayDo } from '../../policies/staff-access';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  if (!staff) return new Response('Log in to the console first.', { status: 401 });
  if (!roleMayDo(staff.role, 'audit')) return new Response(`Your role (${staff.role}) may not export the transparency report.`, { status: 403 });
  const params = new URL(request.url).searchParams;
  const from = new Date(params.get('from') ?? '1970-01-01');
  const to = params.get('to') ? new Date(params.get('to')!) : new Date(Date.now() + 86_400_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return new Response('from and to must be dates (YYYY-MM-DD).', { status: 400 });
  await appendAudit(context.db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'transparency.export', subjectType: 'report', subjectId: 'transparency', after: { from, to } });
  const encoder = new TextEncoder();
  let after: { at: Date; key: string } | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${TRANSPARENCY_COLUMNS.join(',')}\n`));
        return;
      }
      const rows = await transparencyBatch(context.db, from, to, after, 2000);
      if (rows.length === 0) return controller.close();
      const last = rows[rows.length - 1]!;
      after = { at: last.decided_at, key: last.sort_key };
      controller.enqueue(encoder.encode(rows.map((row) => TRANSPARENCY_COLUMNS.map((c) => csvCell(row[c])).join(',')).join('\n') + '\n'));
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="loupe-transparency.csv"', 'Cache-Control': 'no-store' },
  });
}
