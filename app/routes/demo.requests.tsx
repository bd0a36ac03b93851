/** Demo: the acting creator's latest requests and where each stands (GET /api/v1/requests). */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { RequestStatus } from '../../db/schema';
import { requireDemo } from '../services/app-api/demo-app.server';

type MyRequest = {
  requestId: string;
  prompt: string;
  status: RequestStatus;
  statusReason: string | null;
  createdAt: string;
  video: { videoId: string; status: string } | null;
  pendingApprovals: number;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const result = await api<{ requests: MyRequest[] }>('GET', '/requests?limit=50');
  return result.ok ? { requests: result.data.requests, error: null } : { requests: [] as MyRequest[], error: result.message };
}

export default function DemoRequests() {
  const { requests, error } = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h2>My requests</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {requests.length === 0 && !error && <p className="muted">No requests yet.</p>}
      <table className="grid">
        <thead><tr><th>Prompt</th><th>Status</th><th>Why</th><th>Video</th></tr></thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.requestId} data-request-id={r.requestId} data-status={r.status}>
              <td>{r.prompt}</td>
              <td>{r.status.replace('_', ' ')}{r.pendingApprovals > 0 ? ` · waiting for ${r.pendingApprovals} cameo owner${r.pendingApprovals > 1 ? 's' : ''} to approve` : ''}</td>
              <td>{r.statusReason ?? ''}</td>
              <td>{r.video ? (r.video.status === 'published' ? <Link to={`/videos/${r.video.videoId}`}>published</Link> : r.video.status) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
