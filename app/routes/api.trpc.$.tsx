/** tRPC over HTTP at /api/trpc. Mutations must come from the console's own origin (CSRF defence in depth). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { staffForRequest } from '../services/sessions.server';
import { MAX_BATCH_CALLS } from '../trpc/batch-limit';
import { appRouter } from '../trpc/router.server';

async function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const origin = request.headers.get('origin');
    const host = request.headers.get('host');
    if (!origin || !host || new URL(origin).host !== host) {
      return Response.json(
        { error: { message: 'Cross-origin requests may not change anything: use the console itself.' } },
        { status: 403 },
      );
    }
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    // The HTTP server already refuses a longer batch with 413 (app/services/body-limits.server.ts); this is the backstop.
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: async () => ({ ...context, staff: await staffForRequest(context.db, request) }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path}:`, error.cause ?? error);
    },
  });
}

export const loader = handle;
export const action = handle;
