/** Demo: report a published video as the acting creator (POST /api/v1/videos/{id}/reports). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { publicCaller } from '../trpc/caller.server';
import { REPORT_REASONS } from '../trpc/routers/reports';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireDemo(request, context);
  // The videos to pick from: the public feed, as the app shows it.
  const feed = await publicCaller(context).feed.list({ limit: 50 });
  return { videos: feed.items.map((v) => ({ id: v.id, creator: v.creator, publishedAt: v.publishedAt })), reasons: REPORT_REASONS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const videoId = String(form.get('videoId') ?? '');
  const details = String(form.get('details') ?? '').trim();
  const result = await api('POST', `/videos/${encodeURIComponent(videoId)}/reports`, { reason: String(form.get('reason') ?? ''), details: details || null });
  return result.ok ? { message: 'Report received. Reports of one video are grouped into one item in the User reports queue.', error: null } : { message: null, error: result.message };
}

export default function DemoReport() {
  const { videos, reasons } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <Form method="post" action={`${location.pathname}${location.search}`} className="card stack">
      <h2>Report a video</h2>
      {result?.error && <p className="error" role="alert">{result.error}</p>}
      {result?.message && <p className="ok" role="status">{result.message}</p>}
      <label>Published video
        <select name="videoId" required>
          <option value="">choose…</option>
          {videos.map((v) => <option key={v.id} value={v.id}>@{v.creator} · {v.publishedAt ? new Date(v.publishedAt).toLocaleString() : ''} · {v.id.slice(0, 8)}</option>)}
        </select>
      </label>
      <label>Reason<select name="reason">{reasons.map((r) => <option key={r}>{r}</option>)}</select></label>
      <label>Details (optional)<textarea name="details" rows={3} maxLength={2000} /></label>
      <button type="submit" className="primary">Send report</button>
    </Form>
  );
}
