/** /provenance: the provenance audit console: every published video with each signal in its own column. */
import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { PROVENANCE_SIGNALS, type ProvenanceSignal } from '../../db/queries/provenance-signals';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Provenance audit · Loupe' }];

const SIGNAL_LABELS: Record<ProvenanceSignal, string> = {
  manifest: 'manifest missing',
  signature: 'signature or hash invalid',
  trust: 'signer not trusted',
  watermark: 'watermark not recorded',
  fingerprint: 'fingerprint missing',
  unverified: 'never verified',
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  const params = new URL(request.url).searchParams;
  const failing = params.getAll('failing').filter((value): value is ProvenanceSignal => (PROVENANCE_SIGNALS as readonly string[]).includes(value));
  const [rows, runs] = await Promise.all([orHttpError(trpc.provenance.list({ failing, limit: 500 })), orHttpError(trpc.provenance.runs())]);
  return {
    failing,
    rows: rows.map((row) => ({ ...row, published_at: row.published_at?.toISOString() ?? null, last_verified_at: row.last_verified_at?.toISOString() ?? null })),
    runs: runs.runs.map((run) => ({ ...run, started_at: run.started_at.toISOString(), finished_at: run.finished_at?.toISOString() ?? null, updated_at: run.updated_at.toISOString() })),
    live: runs.live,
  };
}

type Row = SerializeFrom<typeof loader>['rows'][number];
const column = createColumnHelper<Row>();

function Signal({ value, yes, no, unknown = 'not checked' }: { value: boolean | null; yes: string; no: string; unknown?: string }) {
  if (value === null) return <span className="tag muted-tag">{unknown}</span>;
  return <span className={`tag ${value ? 'allow' : 'block'}`}>{value ? yes : no}</span>;
}

function VerifyNowButton({ videoId }: { videoId: string }) {
  const revalidator = useRevalidator();
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  return (
    <span className="nowrap">
      <button
        type="button"
        className="link"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true, message: null });
          try {
            const result = await trpcClient.provenance.verifyNow.mutate({ videoId });
            setState({ busy: false, message: result.passing ? 'passes' : `fails: ${result.problems[0] ?? ''}` });
            revalidator.revalidate();
          } catch (error) {
            setState({ busy: false, message: errorMessage(error) });
          }
        }}
      >
        {state.busy ? 'verifying…' : 'verify now'}
      </button>
      {state.message && <span className="muted"> {state.message}</span>}
    </span>
  );
}

function StartRunButton() {
  const revalidator = useRevalidator();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="link"
        onClick={async () => {
          try {
            const { workflowId } = await trpcClient.provenance.startCatalogueRun.mutate({ confirm: true });
            setMessage(`started ${workflowId}`);
            setTimeout(() => revalidator.revalidate(), 1500);
          } catch (error) {
            setMessage(errorMessage(error));
          }
        }}
      >
        Re-verify the whole catalogue now
      </button>
      {message && <span className="muted"> {message}</span>}
    </>
  );
}

export default function ProvenanceConsole() {
  const { rows, failing, runs, live } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const columns = useMemo(
    () => [
      column.accessor('id', { header: 'Video', cell: (info) => <Link to={`/provenance/${info.getValue()}`}><code>{info.getValue().slice(0, 8)}</code></Link> }),
      column.accessor('handle', { header: 'Creator', cell: (info) => `@${info.getValue()}` }),
      column.accessor('manifest_present', { header: 'C2PA manifest', cell: (info) => <Signal value={info.getValue()} yes="present" no="missing" /> }),
      column.accessor('signature_valid', { header: 'Signature + hash', cell: (info) => <Signal value={info.getValue()} yes="valid" no="invalid" /> }),
      column.accessor('signer_trusted', {
        header: 'Signer trusted',
        cell: (info) => <Signal value={info.getValue()} yes={info.row.original.signer_common_name ?? 'trusted'} no="untrusted" />,
      }),
      column.accessor('watermark_burned_in', {
        header: 'Visible watermark',
        cell: (info) => (
          <span title="Recorded by the pipeline when it burned the label in, and declared in the signed manifest. Not a pixel detector.">
            <Signal value={info.getValue()} yes="burned in" no="not recorded" /> <Signal value={info.row.original.watermark_declared} yes="declared" no="undeclared" />
          </span>
        ),
      }),
      column.accessor('fingerprint_registered', {
        header: 'Fingerprint',
        cell: (info) => <Signal value={info.getValue()} yes={`${info.row.original.fingerprint_frames ?? 0} hashes`} no="missing" />,
      }),
      column.accessor('last_verified_at', { header: 'Last verified', cell: (info) => (info.getValue() ? new Date(info.getValue()!).toLocaleString() : 'never') }),
      column.display({ id: 'verify', header: '', cell: (info) => <VerifyNowButton videoId={info.row.original.id} /> }),
    ],
    [],
  );
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel() });

  const toggle = (signal: ProvenanceSignal) => {
    const next = new URLSearchParams(params);
    const current = next.getAll('failing');
    next.delete('failing');
    for (const value of current.includes(signal) ? current.filter((v) => v !== signal) : [...current, signal]) next.append('failing', value);
    setParams(next);
  };
  const lastRun = runs[0];

  return (
    <div className="page">
      <h1>Provenance audit</h1>
      <p className="muted">
        Every published video, each provenance signal in its own column. Filters show videos failing a signal; a catalogue run re-verifies every stored file on a schedule.
      </p>
      <div className="queue-tabs" role="group" aria-label="Failing signal filters">
        <Link to="/provenance" className={failing.length === 0 ? 'active' : ''}>All published</Link>
        {PROVENANCE_SIGNALS.map((signal) => (
          <button key={signal} type="button" className={`link ${failing.includes(signal) ? 'active' : ''}`} aria-pressed={failing.includes(signal)} onClick={() => toggle(signal)}>
            {SIGNAL_LABELS[signal]}
          </button>
        ))}
      </div>
      <section className="card audit-run">
        <h2>Catalogue re-verification</h2>
        {live ? (
          <p>Running now: {live.processed} of {live.total} videos checked in {live.batches} batches, {live.failing} failing, {live.alertsRaised} new alerts.</p>
        ) : lastRun ? (
          <p>
            Last run <code>{lastRun.run_id}</code>: {lastRun.verified} of {lastRun.total} checked, {lastRun.failing} failing, {lastRun.alerts_raised} new alerts;{' '}
            {lastRun.finished_at ? `finished ${new Date(lastRun.finished_at).toLocaleString()}` : `in progress (updated ${new Date(lastRun.updated_at).toLocaleString()})`}.
          </p>
        ) : (
          <p className="muted">No catalogue run yet. The schedule starts one every few hours.</p>
        )}
        <p>
          <StartRunButton /> · <Link to="/queues?queue=provenance_alerts">Open provenance alerts →</Link>
        </p>
      </section>
      {rows.length === 0 ? (
        <p className="empty">{failing.length > 0 ? 'No published video fails the selected signals.' : 'No published videos yet.'}</p>
      ) : (
        <table className="grid">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>{group.headers.map((header) => <th key={header.id}>{flexRender(header.column.columnDef.header, header.getContext())}</th>)}</tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-video-id={row.original.id}>
                {row.getVisibleCells().map((cell) => <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
