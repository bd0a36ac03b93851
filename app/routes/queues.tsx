import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Review queues · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  const queueId = new URL(request.url).searchParams.get('queue') ?? undefined;
  const [queues, items] = await Promise.all([
    orHttpError(trpc.review.queues()),
    orHttpError(trpc.review.openItems({ queueId, limit: 200 })),
  ]);
  return { queues, items: items.map((item) => ({ ...item, created_at: item.created_at.toISOString(), due_at: item.due_at.toISOString() })) };
}

type Row = SerializeFrom<typeof loader>['items'][number];
const column = createColumnHelper<Row>();

function dueLabel(dueAt: string): { text: string; overdue: boolean } {
  const minutes = Math.round((Date.parse(dueAt) - Date.now()) / 60_000);
  if (minutes < 0) return { text: `${Math.abs(minutes)} min overdue`, overdue: true };
  return { text: minutes < 120 ? `due in ${minutes} min` : `due in ${Math.round(minutes / 60)} h`, overdue: false };
}

export default function Queues() {
  const { queues, items } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const selected = params.get('queue');
  const columns = useMemo(
    () => [
      column.accessor('kind', { header: 'Kind', cell: (info) => <span className={`tag ${info.getValue()}`}>{info.getValue()}</span> }),
      column.accessor('prompt', {
        header: 'Prompt',
        cell: (info) => <Link to={`/review/${info.row.original.id}`} className="prompt-cell">{info.getValue()}</Link>,
      }),
      column.accessor('handle', { header: 'Creator', cell: (info) => `@${info.getValue()}` }),
      column.accessor('flag_reasons', { header: 'Why flagged', cell: (info) => info.getValue().join(' ') }),
      column.accessor('queue_name', { header: 'Queue' }),
      column.accessor('due_at', {
        header: 'SLA',
        cell: (info) => {
          const due = dueLabel(info.getValue());
          return <span className={due.overdue ? 'overdue' : ''}>{due.text}</span>;
        },
      }),
    ],
    [],
  );
  const table = useReactTable({ data: items, columns, getCoreRowModel: getCoreRowModel() });

  return (
    <div className="page">
      <h1>Review queues</h1>
      <div className="queue-tabs">
        <Link to="/queues" className={!selected ? 'active' : ''}>All open</Link>
        {queues.map((queue) => (
          <Link key={queue.id} to={`/queues?queue=${queue.id}`} className={selected === queue.id ? 'active' : ''}>
            {queue.name} <span className="count">{queue.open}</span>
          </Link>
        ))}
      </div>
      {items.length === 0 ? (
        <p className="empty">Nothing waiting here. New flagged prompts and clips appear as the pipeline flags them.</p>
      ) : (
        <table className="grid">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>{group.headers.map((header) => <th key={header.id}>{flexRender(header.column.columnDef.header, header.getContext())}</th>)}</tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-item-id={row.original.id}>
                {row.getVisibleCells().map((cell) => <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
