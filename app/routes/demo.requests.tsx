/**
 * Demo: the acting creator's latest requests and where each stands (GET /api/v1/requests), and the
 * remix switch of each of their videos (issue 15: PUT /api/v1/videos/{videoId}/remix-setting).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import type { RequestStatus } from '../../db/schema';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type MyRequest = {
  requestId: string;
  prompt: string;
  status: RequestStatus;
  statusReason: string | null;
  createdAt: string;
  video: { videoId: string; status: string; remixAllowed: boolean } | null;
  pendingApprovals: number;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const result = await api<{ requests: MyRequest[] }>('GET', '/requests?limit=50');
  return result.ok ? { requests: result.data.requests, error: null } : { requests: [] as MyRequest[], error: result.message };
}

/** Turns remixing of one of the creator's videos off or on; the API's refusal comes back as a sentence. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const videoId = String(form.get('videoId') ?? '');
  const result = await api<{ remixAllowed: boolean }>('PUT', `/videos/${encodeURIComponent(videoId)}/remix-setting`, { remixAllowed: form.get('remixAllowed') === 'true' });
  return result.ok ? { ok: true as const, remixAllowed: result.data.remixAllowed } : { ok: false as const, error: result.message };
}

export default function DemoRequests() {
  const { requests, error } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <section className="card">
      <h2>My requests</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {result?.ok === false && <p className="error" role="alert">{result.error}</p>}
      {result?.ok && <p className="ok" role="status">Remixing by others is now {result.remixAllowed ? 'on' : 'off'}.</p>}
      {requests.length === 0 && !error && <p className="muted">No requests yet.</p>}
      <table className="grid">
        <thead><tr><th>Prompt</th><th>Status</th><th>Why</th><th>Video</th><th>Remixes by others</th></tr></thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.requestId} data-request-id={r.requestId} data-status={r.status}>
              <td>{r.prompt}</td>
              <td>{r.status.replace('_', ' ')}{r.pendingApprovals > 0 ? ` · waiting for ${r.pendingApprovals} cameo owner${r.pendingApprovals > 1 ? 's' : ''} to approve` : ''}</td>
              <td>{r.statusReason ?? ''}</td>
              <td>{r.video ? (r.video.status === 'published' ? <Link to={`/videos/${r.video.videoId}`}>published</Link> : r.video.status) : '—'}</td>
              <td data-testid="remix-setting">
                {r.video ? (
                  <Form method="post" action={`${location.pathname}${location.search}`}>
                    <input type="hidden" name="videoId" value={r.video.videoId} />
                    <input type="hidden" name="remixAllowed" value={r.video.remixAllowed ? 'false' : 'true'} />
                    {r.video.remixAllowed ? 'allowed' : 'turned off'} <button type="submit">{r.video.remixAllowed ? 'Turn off' : 'Turn on'}</button>
                  </Form>
                ) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
