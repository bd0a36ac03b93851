/** GET /api/feed: published videos, newest first; `?cursor=` from the previous page's nextCursor. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { createCaller } from '../trpc/router.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const limit = params.has('limit') ? Number(params.get('limit')) : undefined;
  try {
    const page = await createCaller({ ...context, staff: null }).feed.list({ cursor: params.get('cursor'), limit });
    return Response.json(page, { headers: { 'Cache-Control': 'public, max-age=5' } });
  } catch (error) {
    if (error instanceof TRPCError) return Response.json({ error: error.message }, { status: getHTTPStatusCodeFromError(error) });
    throw error;
  }
}
