import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { queueListInput } from '../components/queue-filters';
import { QueuePage } from '../components/queue-page';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Review queues · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const params = new URL(request.url).searchParams;
  // Older links name the queue in the query string; a queue has its own page now.
  const queue = params.get('queue');
  if (queue && /^[a-z0-9_]{1,64}$/.test(queue)) {
    params.delete('queue');
    throw redirect(`/queues/${queue}${params.size > 0 ? `?${params.toString()}` : ''}`);
  }
  const [summaries, page] = await Promise.all([
    orHttpError(trpc.review.queueSummaries()),
    orHttpError(trpc.review.list(queueListInput(params))),
  ]);
  return { summaries, page, staffRole: staff.role };
}

export default function Queues() {
  const { summaries, page, staffRole } = useLoaderData<typeof loader>();
  return <QueuePage summaries={summaries} rows={page.rows} nextCursor={page.nextCursor} queue={null} staffRole={staffRole} />;
}
