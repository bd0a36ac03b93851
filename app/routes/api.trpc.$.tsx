/**
 * tRPC over HTTP at /api/trpc. Mutations must come from the console's own origin: the HTTP server
 * checks that for every route before any handler runs (app/services/origin-check.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { staffForRequest } from '../services/sessions.server';
import { MAX_BATCH_CALLS } from '../trpc/batch-limit';
import { appRouter } from '../trpc/router.server';

async function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
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
