/**
 * App clients (admin only): the consumer apps that call the app-facing API (/api/v1). Create one,
 * rotate its key (the old key keeps working for a grace period) or disable it. A key is shown once,
 * right after it is made; Loupe keeps only its hash. Every change is in the audit log.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'App clients · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return { clients: await orHttpError(trpc.appClients.list()) };
}

export default function AppClients() {
  const { clients } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [name, setName] = useState('');
  const [rateLimit, setRateLimit] = useState('600');
  const [graceHours, setGraceHours] = useState('24');
  const [issued, setIssued] = useState<{ label: string; key: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    setIssued(null);
    try {
      await action();
      revalidator.revalidate();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const create = () => run(async () => {
    const created = await trpcClient.appClients.create.mutate({ name, rateLimitPerMinute: Number(rateLimit) });
    setIssued({ label: `Key of ${name}`, key: created.key });
    setName('');
  });

  return (
    <div className="page">
      <h1>App clients</h1>
      <p className="muted">
        Apps that call Loupe's <a href="/api/v1/openapi.json">app API</a> for their creators (see docs/api.md). Each app has its own key, sent as
        {' '}<code>Authorization: Bearer &lt;key&gt;</code>. <Link to="/admin">Back to staff administration</Link>.
      </p>
      {issued && (
        <div className="card stack" role="status">
          <strong>{issued.label}: copy it now, it is shown only once.</strong>
          <code data-testid="issued-key" style={{ userSelect: 'all', wordBreak: 'break-all' }}>{issued.key}</code>
        </div>
      )}
      {message && <p className="ok" role="status">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <section className="card">
        <h2>Add an app</h2>
        <div className="row">
          <label>Name<input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="Loupe iOS app" /></label>
          <label>Calls per minute<input type="number" min={1} max={100000} value={rateLimit} onChange={(e) => setRateLimit(e.target.value)} /></label>
        </div>
        <button type="button" className="primary" onClick={create}>Create app client</button>
      </section>
      <section className="card">
        <h2>Clients</h2>
        <label>Grace period of a rotated key
          <select value={graceHours} onChange={(e) => setGraceHours(e.target.value)}>
            <option value="24">24 hours (planned rotation)</option>
            <option value="1">1 hour</option>
            <option value="0">none: the old key stops now (leaked key)</option>
          </select>
        </label>
        <table className="grid">
          <thead><tr><th>Name</th><th>Key starts</th><th>Calls/min</th><th>Created</th><th>Rotated</th><th>Old key valid until</th><th>Status</th><th /></tr></thead>
          <tbody>
            {clients.map((c) => (
              <tr key={c.id} data-client-id={c.id}>
                <td>{c.name}</td>
                <td><code>{c.keyPrefix}…</code></td>
                <td>{c.rateLimitPerMinute}</td>
                <td>{new Date(c.createdAt).toLocaleString()}{c.createdBy ? ` by ${c.createdBy}` : ' by the server'}</td>
                <td>{c.rotatedAt ? new Date(c.rotatedAt).toLocaleString() : '—'}</td>
                <td>{c.previousKeyExpiresAt ? new Date(c.previousKeyExpiresAt).toLocaleString() : '—'}</td>
                <td>{c.disabledAt ? <span className="bad">disabled</span> : 'active'}</td>
                <td>
                  {!c.disabledAt && (
                    <div className="row">
                      <button type="button" onClick={() => run(async () => {
                        const rotated = await trpcClient.appClients.rotate.mutate({ clientId: c.id, graceHours: Number(graceHours) });
                        setIssued({ label: `New key of ${c.name}`, key: rotated.key });
                      })}>Rotate key</button>
                      <button type="button" onClick={() => run(async () => {
                        if (!window.confirm(`Disable ${c.name}? Both of its keys stop working at once.`)) return;
                        await trpcClient.appClients.disable.mutate({ clientId: c.id });
                        setMessage(`${c.name} is disabled.`);
                      })}>Disable</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
