/** Demo: approval requests for the acting creator's cameos; approve or deny (GET /api/v1/approval-requests, POST .../answer). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type Approval = {
  approvalId: string;
  requestId: string;
  cameoName: string;
  requesterHandle: string;
  prompt: string;
  state: string;
  expiresAt: string;
  alsoGranted: boolean;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const result = await api<{ approvals: Approval[] }>('GET', '/approval-requests?limit=100');
  return result.ok ? { approvals: result.data.approvals, error: null } : { approvals: [] as Approval[], error: result.message };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const decision = String(form.get('decision') ?? '');
  const result = await api<{ state: string }>('POST', `/approval-requests/${encodeURIComponent(String(form.get('approvalId') ?? ''))}/answer`, {
    decision, alsoGrant: form.get('alsoGrant') === 'on', note: String(form.get('note') ?? '').trim() || null,
  });
  return result.ok ? { message: `Answered: ${result.data.state}.`, error: null } : { message: null, error: result.message };
}

export default function DemoApprovals() {
  const { approvals, error } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <section className="card stack">
      <h2>Approval requests</h2>
      <p className="muted">Someone wants to use a cameo of yours that only people you approve may use. The request waits for your answer; unanswered, it expires as denied.</p>
      {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
      {result?.message && <p className="ok" role="status">{result.message}</p>}
      {approvals.length === 0 && !error && <p className="muted">No approval requests.</p>}
      {approvals.map((a) => (
        <Form key={a.approvalId} method="post" action={`${location.pathname}${location.search}`} className="card stack" data-approval-id={a.approvalId} data-request-id={a.requestId} data-state={a.state}>
          <input type="hidden" name="approvalId" value={a.approvalId} />
          <div>@{a.requesterHandle} wants to use <strong>{a.cameoName}</strong>: “{a.prompt}”</div>
          <div className="muted">{a.state}{a.state === 'pending' ? ` · expires ${new Date(a.expiresAt).toLocaleString()}` : ''}{a.alsoGranted ? ' · granted from now on' : ''}</div>
          {a.state === 'pending' && (
            <>
              <label><input type="checkbox" name="alsoGrant" /> Also let @{a.requesterHandle} use this cameo from now on</label>
              <label>Note (optional)<input name="note" maxLength={500} /></label>
              <div className="row">
                <button type="submit" name="decision" value="approve" className="primary">Approve</button>
                <button type="submit" name="decision" value="deny">Deny</button>
              </div>
            </>
          )}
        </Form>
      ))}
    </section>
  );
}
