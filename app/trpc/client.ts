/** The browser's tRPC client: the same procedures, types and access rules as the server callers. */
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { MAX_BATCH_CALLS } from './batch-limit';
import type { AppRouter } from './router.server';

export const trpcClient = createTRPCClient<AppRouter>({
  // Longer batches are split: the server refuses more calls than this in one request.
  links: [httpBatchLink({ url: '/api/trpc', maxItems: MAX_BATCH_CALLS })],
});

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return 'The console could not reach the server. Check your connection and try again.';
}
