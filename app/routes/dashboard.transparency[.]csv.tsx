/**
 * Transparency export for regulators' reports: every decision in a period with its reason, policy
 * category and whether it was automated. Streamed in keyset batches, no row cap.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { appendAudit } from '../../db/queries/audit';
import { DATE_RANGE_SENTENCE, storableDate } from '../../db/queries/storable';
import { TRANSPARENCY_COLUMNS, transparencyBatch, type TransparencyPosition } from '../../db/queries/metrics';
import { roleMayDo } from '../../policies/staff-access';
import { csvDownloadHeaders, keysetCsvStream } from '../services/csv-export.server';
import { staffForRequest } from '../services/sessions.server';

/** Rows read per batch: large enough to keep round trips few, small enough to keep memory flat. */
const BATCH_SIZE = 2000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  if (!staff) return new Response('Log in to the console first.', { status: 401 });
  if (!roleMayDo(staff.role, 'audit')) return new Response(`Your role (${staff.role}) may not export the transparency report.`, { status: 403 });
  const params = new URL(request.url).searchParams;
  // Checked before the first byte: once the CSV has started, a refusal can no longer be a 400.
  const period = z.object({ from: storableDate.default(new Date('1970-01-01')), to: storableDate.default(() => new Date(Date.now() + 86_400_000)) })
    .safeParse({ from: params.get('from') || undefined, to: params.get('to') || undefined });
  if (!period.success) return new Response(`from and to must each be ${DATE_RANGE_SENTENCE}.`, { status: 400 });
  const { from, to } = period.data;
  await appendAudit(context.db, { actorStaffId: staff.id, actorLabel: staff.email, action: 'transparency.export', subjectType: 'report', subjectId: 'transparency', after: { from, to } });
  const body = keysetCsvStream({
    columns: TRANSPARENCY_COLUMNS,
    start: null as TransparencyPosition | null,
    nextBatch: (after) => transparencyBatch(context.db, from, to, after, BATCH_SIZE),
    positionOf: (row) => ({ at: row.sort_at, key: row.sort_key }),
  });
  return new Response(body, { headers: csvDownloadHeaders('loupe-transparency.csv') });
}
