/**
 * Logging out: POST only (the HTTP server has already refused it from another site), revokes the
 * session, audits it, and clears the cookie; a GET just goes home.
 */
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { clearedSessionCookie, logOut, staffForRequest } from '../services/sessions.server';

export async function action({ request, context }: ActionFunctionArgs) {
  await logOut(context.db, request, await staffForRequest(context.db, request));
  return redirect('/login', { headers: { 'Set-Cookie': clearedSessionCookie(context.secureCookies) } });
}

export const loader = () => redirect('/');
