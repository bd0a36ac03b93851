/** Redeeming a one-time staff invite: choose a display name and password; the link then stops working. */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { publicCaller } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Join Loupe' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    return { invite: await publicCaller(context).staff.invite({ token: params.token ?? '' }) };
  } catch (error) {
    // A token the schema refuses (too long) is no invite, like an unknown one.
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return { invite: null };
    throw error;
  }
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return json({ error: 'Send the form with POST.' }, { status: 405, headers: { Allow: 'POST' } });
  const form = await request.formData().catch(() => null);
  try {
    await publicCaller(context).staff.acceptInvite({
      token: params.token ?? '', displayName: String(form?.get('displayName') ?? ''), password: String(form?.get('password') ?? ''),
    });
  } catch (error) {
    // The refusal's own sentence, with its status (400 for a bad form or a dead link, 429 when limited).
    if (error instanceof TRPCError) return json({ error: error.message }, { status: getHTTPStatusCodeFromError(error) });
    throw error;
  }
  return redirect('/login?next=/queues');
}

export default function AcceptInvite() {
  const { invite } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (!invite) {
    return <div className="page narrow"><h1>Invite not valid</h1><p className="error">This invite link has been used or has expired; ask an admin for a new one.</p></div>;
  }
  return (
    <div className="page narrow">
      <h1>Join Loupe</h1>
      <p>You were invited as <strong>{invite.email}</strong> with the role <strong>{invite.role.replace('_', ' ')}</strong>.</p>
      <Form method="post" className="card stack">
        <label>Your name<input name="displayName" required autoFocus /></label>
        <label>Password<input name="password" type="password" autoComplete="new-password" minLength={12} required /></label>
        {data?.error && <p className="error" role="alert">{data.error}</p>}
        <button type="submit" className="primary">Create my account</button>
      </Form>
    </div>
  );
}
