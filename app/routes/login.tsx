/**
 * The staff login page. The loader sends a signed-in visitor on to `next`; the action checks the
 * form through one service call (staff-login.server.ts: limit, password, session, audit). `next`
 * is only ever followed when it is a path on this origin (login-redirect.ts).
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { safeNextPath } from '../services/login-redirect';
import { sessionCookie, staffForRequest } from '../services/sessions.server';
import { logIn } from '../services/staff-login.server';

export const meta: MetaFunction = () => [{ title: 'Log in · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  if (staff) throw redirect(safeNextPath(new URL(request.url).searchParams.get('next')));
  return null;
}

/** No control characters: they are never part of an email, and PostgreSQL text refuses NUL. */
const printable = /^\P{Cc}*$/u;
const loginForm = z.object({
  email: z.string().trim().min(3).max(200).regex(printable),
  password: z.string().min(1).max(200),
  next: z.string().max(2000).nullable(),
});

const ENTER_CREDENTIALS = 'Enter your staff email and password.';

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return json({ error: 'Log in by sending the form with POST.' }, { status: 405, headers: { Allow: 'POST' } });
  // A body that is not a form (JSON, a broken multipart body) is the same mistake as an empty form.
  const form = await request.formData().catch(() => null);
  const parsed = loginForm.safeParse({ email: form?.get('email'), password: form?.get('password'), next: form?.get('next') ?? null });
  if (!parsed.success) return json({ error: ENTER_CREDENTIALS }, { status: 400 });
  const result = await logIn(context.db, { email: parsed.data.email, password: parsed.data.password, clientAddress: context.clientAddress ?? null });
  // A wrong password re-renders the form (200); the limit's refusal is a 429 with its wait.
  if (!result.ok) return json({ error: result.message }, { status: result.limited ? 429 : 200 });
  return redirect(safeNextPath(parsed.data.next), { headers: { 'Set-Cookie': sessionCookie(result.token, context.secureCookies) } });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  return (
    <div className="page narrow">
      <h1>Staff login</h1>
      <Form method="post" className="card stack">
        <input type="hidden" name="next" value={params.get('next') ?? ''} />
        <label>Email<input name="email" type="email" autoComplete="username" required autoFocus /></label>
        <label>Password<input name="password" type="password" autoComplete="current-password" required /></label>
        {data?.error && <p className="error" role="alert">{data.error}</p>}
        <button type="submit" className="primary" disabled={navigation.state !== 'idle'}>Log in</button>
      </Form>
      <p className="muted">Demo logins are printed by <code>npm start</code> and listed in the README.</p>
    </div>
  );
}
