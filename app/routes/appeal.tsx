/**
 * Demo of the creator app's appeal API (appeals.submit): pick a blocked or rejected request and
 * write the creator's statement. In production the app calls the same procedure for its user.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Appeal (demo) · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return { requests: await orHttpError(trpc.appeals.appealable()) };
}

export default function AppealDemo() {
  const { requests } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [requestId, setRequestId] = useState('');
  const [statement, setStatement] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = requests.find((r) => r.id === requestId);

  const submit = async () => {
    setError(null);
    setMessage(null);
    try {
      if (!chosen) throw new Error('Choose the request to appeal.');
      await trpcClient.appeals.submit.mutate({ requestId: chosen.id, creatorId: chosen.creator_id, statement });
      setMessage('Appeal received: it is waiting in the Appeals queue.');
      setStatement('');
      revalidator.revalidate();
    } catch (caught) {
      setError(caught instanceof Error && !('shape' in caught) ? caught.message : errorMessage(caught));
    }
  };

  return (
    <div className="page narrow">
      <h1>Appeal a decision <span className="tag">demo of the app's API</span></h1>
      <p className="muted">A creator contests a block or a rejection. The appeal lands in the <Link to="/queues/appeals">Appeals queue</Link>; overturning it resumes the pipeline (the clip is generated then), upholding it tells the creator why. Users can also <Link to="/report">report a published video</Link>.</p>
      <div className="card stack">
        <label>Blocked or rejected request
          <select value={requestId} onChange={(e) => setRequestId(e.target.value)}>
            <option value="">choose…</option>
            {requests.map((r) => (
              <option key={r.id} value={r.id} disabled={r.appeal_status !== null}>
                @{r.handle} · {r.status}{r.appeal_status ? ` · appeal ${r.appeal_status}` : ''} · {r.prompt.slice(0, 60)}
              </option>
            ))}
          </select>
        </label>
        {chosen && <p className="muted">Decision: {chosen.status_reason}</p>}
        <label>Why the decision was wrong<textarea value={statement} onChange={(e) => setStatement(e.target.value)} rows={4} maxLength={2000} /></label>
        {error && <p className="error" role="alert">{error}</p>}
        {message && <p className="ok" role="status">{message}</p>}
        <button type="button" className="primary" onClick={submit}>Send appeal</button>
      </div>
    </div>
  );
}
