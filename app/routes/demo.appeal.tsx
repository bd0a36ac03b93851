/** Demo: appeal a block or rejection of one of the acting creator's requests (POST /api/v1/requests/{id}/appeal). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type MyRequest = {
  requestId: string;
  prompt: string;
  status: string;
  statusReason: string | null;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const result = await api<{ requests: MyRequest[] }>('GET', '/requests?limit=100');
  if (!result.ok) return { requests: [] as MyRequest[], error: result.message };
  return { requests: result.data.requests.filter((r) => r.status === 'blocked' || r.status === 'rejected'), error: null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const requestId = String(form.get('requestId') ?? '');
  const result = await api('POST', `/requests/${encodeURIComponent(requestId)}/appeal`, { statement: String(form.get('statement') ?? '') });
  return result.ok ? { message: 'Appeal received: it waits in the Appeals queue.', error: null } : { message: null, error: result.message };
}

export default function DemoAppeal() {
  const { requests, error } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <Form method="post" action={`${location.pathname}${location.search}`} className="card stack">
      <h2>Appeal a decision</h2>
      <p className="muted">Contest a block or a rejection of one of your requests; a reviewer decides in the Appeals queue.</p>
      {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
      {result?.message && <p className="ok" role="status">{result.message}</p>}
      <label>Blocked or rejected request
        <select name="requestId" required>
          <option value="">choose…</option>
          {requests.map((r) => <option key={r.requestId} value={r.requestId}>{r.status} · {r.prompt.slice(0, 60)} · {r.statusReason ?? ''}</option>)}
        </select>
      </label>
      <label>Why the decision was wrong<textarea name="statement" rows={4} maxLength={2000} /></label>
      <button type="submit" className="primary">Send appeal</button>
    </Form>
  );
}
