import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { loginRefusal, recordLoginAttempt } from '../../db/queries/staff-admin';
import { safeNextPath } from '../services/login-redirect';
import { logIn, sessionCookie, staffForRequest } from '../services/sessions.server';

export const meta: MetaFunction = () => [{ title: 'Log in · Loupe' }];


export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  if (staff) throw redirect(safeNextPath(new URL(request.url).searchParams.get('next')));
  return null;
}

const loginForm = z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(200), next: z.string().nullable() });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = loginForm.safeParse({ email: form.get('email'), password: form.get('password'), next: form.get('next') });
  if (!parsed.success) return { error: 'Enter your staff email and password.' };
  // Rate limit per email and client address (kept in PostgreSQL, so every console process shares it).
  const email = parsed.data.email.toLowerCase();
  const address = context.clientAddress ?? 'unknown';
  const refusal = await loginRefusal(context.db, email, address);
  if (refusal) return { error: refusal };
  const result = await logIn(context.db, parsed.data.email, parsed.data.password);
  await recordLoginAttempt(context.db, email, address, result.ok);
  if (!result.ok) return { error: result.message };
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
