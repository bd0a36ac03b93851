/**
 * Demo: every request and video with the acting creator's likeness, drafts included; remove one (a
 * takedown, whose progress shows here) or report a published one (the /api/v1/likeness endpoints).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type Use = {
  requestId: string;
  creatorHandle: string;
  prompt: string;
  requestStatus: string;
  createdAt: string;
  video: { videoId: string; status: string } | null;
};
type Progress = { takedownId: string; state: string; found: number; takenDown: number; alreadyDown: number; failed: number };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor');
  const result = await api<{ uses: Use[]; nextCursor: string | null }>('GET', `/likeness/videos?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  // A takedown started from this page: its progress, asked of the API on every load.
  const takedownId = url.searchParams.get('takedown');
  const takedown = takedownId ? await api<Progress>('GET', `/takedowns/${encodeURIComponent(takedownId)}`) : null;
  return {
    uses: result.ok ? result.data.uses : ([] as Use[]),
    nextCursor: result.ok ? result.data.nextCursor : null,
    error: result.ok ? null : result.message,
    takedown: takedown?.ok ? takedown.data : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const videoId = encodeURIComponent(String(form.get('videoId') ?? ''));
  if (form.get('intent') === 'report') {
    const result = await api('POST', `/likeness/videos/${videoId}/reports`, { reason: 'My likeness without consent', details: String(form.get('details') ?? '').trim() || null });
    return result.ok ? { message: 'Reported to Loupe\'s reviewers.', error: null, takedownId: null } : { message: null, error: result.message, takedownId: null };
  }
  const result = await api<{ takedownId: string }>('POST', `/likeness/videos/${videoId}/removal`, {});
  return result.ok
    ? { message: 'Removal started: the video and the remixes with your cameo are being taken down.', error: null, takedownId: result.data.takedownId }
    : { message: null, error: result.message, takedownId: null };
}

export default function DemoLikeness() {
  const { uses, nextCursor, error, takedown } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const withParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    return `${location.pathname}?${next.toString()}`;
  };
  return (
    <section className="card stack">
      <h2>Videos with my likeness</h2>
      <p className="muted">Every request that used one of your cameos, anyone's drafts and refused requests included.</p>
      {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
      {result?.message && (
        <p className="ok" role="status">
          {result.message}{result.takedownId && <> <Link to={withParam('takedown', result.takedownId)}>Follow its progress</Link>.</>}
        </p>
      )}
      {takedown && (
        <p className="card" data-testid="takedown-progress" data-state={takedown.state}>
          Takedown {takedown.state.replace('_', ' ')}: {takedown.found} found, {takedown.takenDown} taken down, {takedown.alreadyDown} already down, {takedown.failed} failed.
        </p>
      )}
      {uses.length === 0 && !error && <p className="muted">Nobody has used your cameos yet.</p>}
      {uses.length > 0 && (
      <table className="grid">
        <thead><tr><th>By</th><th>Prompt</th><th>Request</th><th>Video</th><th /></tr></thead>
        <tbody>
          {uses.map((u) => (
            <tr key={u.requestId} data-request-id={u.requestId}>
              <td>@{u.creatorHandle}</td>
              <td>{u.prompt}</td>
              <td>{u.requestStatus.replace('_', ' ')}</td>
              <td>{u.video ? u.video.status : '—'}</td>
              <td>
                {u.video && u.video.status !== 'removed' && (
                  <div className="row">
                    <Form method="post" action={`${location.pathname}${location.search}`}>
                      <input type="hidden" name="videoId" value={u.video.videoId} />
                      <button type="submit" name="intent" value="remove">Remove</button>
                    </Form>
                    {u.video.status === 'published' && (
                      <Form method="post" action={`${location.pathname}${location.search}`}>
                        <input type="hidden" name="videoId" value={u.video.videoId} />
                        <button type="submit" name="intent" value="report">Report</button>
                      </Form>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
      {nextCursor && <Link to={withParam('cursor', nextCursor)}>Next page</Link>}
    </section>
  );
}
