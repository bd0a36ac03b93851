/** Demo of the feed app's report API (reports.submit): a user reports a published video. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Report a video (demo) · Loupe' }];

const REASONS = ['Sexual content', 'Violence', 'Harassment', 'Misinformation', 'My likeness without consent', 'Copyright', 'Spam', 'Other'] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return await orHttpError(trpc.reports.reportable());
}

export default function ReportDemo() {
  const { videos, users } = useLoaderData<typeof loader>();
  const [videoId, setVideoId] = useState('');
  const [reporterId, setReporterId] = useState('');
  const [reason, setReason] = useState<(typeof REASONS)[number]>('Violence');
  const [details, setDetails] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    setMessage(null);
    try {
      await trpcClient.reports.submit.mutate({ videoId, reporterId, reason, details: details || null });
      setMessage('Report received. Reports of one video are grouped into one item in the User reports queue.');
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <div className="page narrow">
      <h1>Report a video <span className="tag">demo of the app's API</span></h1>
      <p className="muted">Reports land in the <Link to="/queues/user_reports">User reports queue</Link>. A takedown removes the video from the feed at once; reporters whose reports keep being rejected are muted.</p>
      <div className="card stack">
        <label>Published video<select value={videoId} onChange={(e) => setVideoId(e.target.value)}><option value="">choose…</option>{videos.map((v) => <option key={v.id} value={v.id}>{v.prompt.slice(0, 70)}</option>)}</select></label>
        <label>Reporting user<select value={reporterId} onChange={(e) => setReporterId(e.target.value)}><option value="">choose…</option>{users.map((u) => <option key={u.id} value={u.id}>@{u.handle}{u.reports_muted_at ? ' (muted reporter)' : ''}</option>)}</select></label>
        <label>Reason<select value={reason} onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}>{REASONS.map((r) => <option key={r}>{r}</option>)}</select></label>
        <label>Details (optional)<textarea value={details} onChange={(e) => setDetails(e.target.value)} rows={3} maxLength={2000} /></label>
        {error && <p className="error" role="alert">{error}</p>}
        {message && <p className="ok" role="status">{message}</p>}
        <button type="button" className="primary" onClick={submit}>Send report</button>
      </div>
    </div>
  );
}
