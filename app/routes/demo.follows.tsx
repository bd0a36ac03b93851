/** Demo: whom the acting creator follows and who follows back (mutuals); follow and unfollow (the /api/v1/follows endpoints). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type Row = { creatorId: string; handle: string; since: string };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, creators, creator } = await requireDemo(request, context);
  const result = await api<{ following: Row[]; followers: Row[]; mutualIds: string[] }>('GET', '/follows');
  return {
    follows: result.ok ? result.data : { following: [] as Row[], followers: [] as Row[], mutualIds: [] as string[] },
    error: result.ok ? null : result.message,
    others: creators.filter((c) => c.id !== creator?.id).map((c) => ({ id: c.id, handle: c.handle })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const target = encodeURIComponent(String(form.get('creatorId') ?? ''));
  const unfollow = form.get('intent') === 'unfollow';
  const result = await api(unfollow ? 'DELETE' : 'PUT', `/follows/${target}`);
  return result.ok ? { message: unfollow ? 'Unfollowed.' : 'Following.', error: null } : { message: null, error: result.message };
}

export default function DemoFollows() {
  const { follows, error, others } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const mutual = new Set(follows.mutualIds);
  return (
    <section className="card stack">
      <h2>Follows</h2>
      <p className="muted">Two creators who follow each other are mutuals; a cameo open to "mutuals" lets them use it.</p>
      {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
      {result?.message && <p className="ok" role="status">{result.message}</p>}
      <Form method="post" action={here} className="row">
        <input type="hidden" name="intent" value="follow" />
        <label>Creator<select name="creatorId">{others.map((o) => <option key={o.id} value={o.id}>@{o.handle}</option>)}</select></label>
        <button type="submit" className="primary">Follow</button>
      </Form>
      <div className="columns">
        <div>
          <h3>Following</h3>
          <ul>
            {follows.following.map((f) => (
              <li key={f.creatorId}>
                <Form method="post" action={here}>
                  <input type="hidden" name="intent" value="unfollow" />
                  <input type="hidden" name="creatorId" value={f.creatorId} />
                  @{f.handle}{mutual.has(f.creatorId) ? ' (mutual)' : ''} <button type="submit">Unfollow</button>
                </Form>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Followers</h3>
          <ul>{follows.followers.map((f) => <li key={f.creatorId}>@{f.handle}{mutual.has(f.creatorId) ? ' (mutual)' : ''}</li>)}</ul>
        </div>
      </div>
    </section>
  );
}
