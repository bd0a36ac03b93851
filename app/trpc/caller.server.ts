import { redirect, type AppLoadContext } from '@remix-run/node';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { staffForRequest } from '../services/sessions.server';
import { createCaller } from './router.server';

/** A tRPC caller for a loader or action, acting as the staff member whose session the request carries. */
export async function callerFor(request: Request, context: AppLoadContext) {
  const staff = await staffForRequest(context.db, request);
  return { staff, trpc: createCaller({ ...context, staff }) };
}

/** A caller with no session: only `public` procedures will answer. */
export function publicCaller(context: AppLoadContext) {
  return createCaller({ ...context, staff: null });
}

/** Like callerFor, for console pages: anonymous visitors are sent to the login page and come back after. */
export async function staffCallerFor(request: Request, context: AppLoadContext) {
  const caller = await callerFor(request, context);
  if (!caller.staff) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return { staff: caller.staff, trpc: caller.trpc };
}

/** Runs a procedure from a loader; a refusal becomes the matching HTTP response with its message. */
export async function orHttpError<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError) throw new Response(error.message, { status: getHTTPStatusCodeFromError(error) });
    throw error;
  }
}
