/** The browser's tRPC client: the same procedures, types and access rules as the server callers. */
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from './router.server';

export const trpcClient = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/api/trpc' })],
});

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return 'The console could not reach the server. Check your connection and try again.';
}
