/** Demo: the acting creator's notifications; mark them read (GET /api/v1/notifications, POST /api/v1/notifications/read). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { requireDemo } from '../services/app-api/demo-app.server';

type Notification = {
  id: string;
  kind: string;
  body: string;
  readAt: string | null;
  createdAt: string;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const result = await api<{ notifications: Notification[] }>('GET', '/notifications?limit=100');
  return result.ok ? { notifications: result.data.notifications, error: null } : { notifications: [] as Notification[], error: result.message };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const result = await api<{ marked: number }>('POST', '/notifications/read', {});
  return result.ok ? { message: `${result.data.marked} marked read.`, error: null } : { message: null, error: result.message };
}

export default function DemoNotifications() {
  const { notifications, error } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <section className="card stack">
      <h2>Notifications</h2>
      {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
      {result?.message && <p className="ok" role="status">{result.message}</p>}
      {notifications.length === 0 && !error && <p className="muted">Nothing yet.</p>}
      <ul>
        {notifications.map((n) => (
          <li key={n.id} data-kind={n.kind} className={n.readAt ? 'muted' : undefined}>
            <strong>{n.kind.replaceAll('_', ' ')}</strong> · {new Date(n.createdAt).toLocaleString()}: {n.body}
          </li>
        ))}
      </ul>
      <Form method="post" action={`${location.pathname}${location.search}`}><button type="submit">Mark all read</button></Form>
    </section>
  );
}
