import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { queueListInput } from '../components/queue-filters';
import { QueuePage } from '../components/queue-page';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Queue · Loupe' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const summaries = await orHttpError(trpc.review.queueSummaries());
  const queue = summaries.find((q) => q.id === params.queue);
  if (!queue) throw new Response(`There is no queue called “${params.queue}”.`, { status: 404 });
  const page = await orHttpError(trpc.review.list(queueListInput(new URL(request.url).searchParams, queue.id)));
  return { summaries, page, queue, staffRole: staff.role };
}

export default function Queue() {
  const { summaries, page, queue, staffRole } = useLoaderData<typeof loader>();
  return <QueuePage summaries={summaries} rows={page.rows} nextCursor={page.nextCursor} queue={queue} staffRole={staffRole} />;
}
