/**
 * /copyright/rescans (issue 13): rescans of the published catalogue against the hash banks, started
 * when a claim is approved or a bank is switched on. For legal and admins: each rescan's progress bar
 * (scanned of the published videos when it began), its rate (videos per second of scanning, pauses
 * left out) and the ETA at that rate, what it did (matched, taken down, queued for copyright review,
 * held by flood quarantine), its state, and pause / resume / cancel (each audited and sent to the
 * workflow as a signal). The page reads itself again every 2 seconds while a rescan runs.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';
import type { CopyrightRescanView, RescanCommand } from '../services/copyright-rescans.server';
import { CopyrightTabs } from '../components/copyright-tabs';
import { trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';
import { useConsoleAction } from '../trpc/use-console-action';

export const meta: MetaFunction = () => [{ title: 'Copyright rescans · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  // The list is the latest 50 on one page: a page link (?cursor=) was not made here, and is refused as the other copyright lists refuse a broken one.
  if (new URL(request.url).searchParams.has('cursor')) {
    throw new Response('This page link is broken; go back to the first page of rescans.', { status: 400 });
  }
  return { rescans: await orHttpError(trpc.copyrightRescans.recent({ limit: 50 })) };
}

/** "3 min 20 s", "1 h 5 min", "12 s": an ETA a person reads at a glance. */
function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

const STATE_TAG: Record<CopyrightRescanView['state'], string> = {
  running: 'muted-tag', paused: 'muted-tag', completed: 'allow', cancelled: 'muted-tag', failed: 'block',
};

const COMMANDS_FOR: Record<CopyrightRescanView['state'], RescanCommand[]> = {
  running: ['pause', 'cancel'], paused: ['resume', 'cancel'], completed: [], cancelled: [], failed: [],
};

export default function CopyrightRescans() {
  const { rescans } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const action = useConsoleAction();
  const [notice, setNotice] = useState<string | null>(null);
  const running = rescans.some((rescan) => rescan.state === 'running');
  // Follow running rescans: read the list again every 2 seconds while one runs.
  useEffect(() => {
    if (!running || revalidator.state !== 'idle') return undefined;
    const timer = setTimeout(() => revalidator.revalidate(), 2000);
    return () => clearTimeout(timer);
  }, [running, revalidator, rescans]);

  const command = (rescanId: string, which: RescanCommand) =>
    action.run(async () => {
      await trpcClient.copyrightRescans.command.mutate({ rescanId, command: which });
      setNotice(which === 'pause' ? 'Pausing after the batch in flight.' : which === 'resume' ? 'Resumed.' : 'Cancelling after the batch in flight; what was done stays done.');
      revalidator.revalidate();
    });

  return (
    <div className="page">
      <h1>Copyright rescans</h1>
      <CopyrightTabs />
      <p className="muted">
        When a claim is approved or a hash bank is switched on, every published video is compared with the banks again, in batches: a match whose
        rights holder blocks the work is taken down (no strike for a video made before the bank existed), one that asks for review waits in the
        copyright queue, one on a quarantined hash is only recorded. Newest first.{' '}
        <button type="button" className="link" onClick={() => revalidator.revalidate()}>Refresh</button>
      </p>
      {action.error && <p className="error" role="alert">{action.error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      {rescans.length === 0 ? (
        <p className="empty">No rescans yet. Switch a hash bank on, or approve a claim with reference media, to start one.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Started</th><th>Why</th><th>State</th><th>Progress</th><th>Rate</th><th>ETA</th>
              <th>Matched</th><th>Taken down</th><th>Queued</th><th>Held</th><th />
            </tr>
          </thead>
          <tbody>
            {rescans.map((rescan) => (
              <tr key={rescan.rescanId} data-rescan-id={rescan.rescanId}>
                <td className="nowrap">{new Date(rescan.startedAt).toLocaleString()}</td>
                <td>
                  {rescan.trigger.kind === 'claim' ? <>claim <code>{rescan.trigger.claimId.slice(0, 8)}</code> approved</> : <>bank <code>{rescan.trigger.bankId.slice(0, 8)}</code> switched on</>}
                  <div className="muted small">{rescan.bankIds.length === 0 ? 'every enabled bank' : `${rescan.bankIds.length} bank${rescan.bankIds.length === 1 ? '' : 's'}`}</div>
                </td>
                <td>
                  <span className={`tag ${STATE_TAG[rescan.state]}`}>{rescan.state}</span>
                  {rescan.finishedAt && <div className="muted small">{new Date(rescan.finishedAt).toLocaleString()}</div>}
                  {rescan.lastError && <div className="error small">{rescan.lastError}</div>}
                </td>
                <td className="nowrap">
                  <progress max={Math.max(rescan.total, 1)} value={Math.min(rescan.scanned, rescan.total)} aria-label={`${rescan.scanned} of ${rescan.total} videos scanned`} />{' '}
                  <span data-progress>{rescan.scanned} / {rescan.total}</span>
                </td>
                <td className="nowrap" data-rate>{rescan.ratePerSecond === null ? '—' : `${rescan.ratePerSecond.toFixed(1)} videos/s`}</td>
                <td className="nowrap" data-eta>{rescan.etaSeconds === null ? '—' : formatDuration(rescan.etaSeconds)}</td>
                <td>{rescan.matched}</td>
                <td>{rescan.takenDown}</td>
                <td>{rescan.queued}</td>
                <td>{rescan.held}</td>
                <td className="nowrap">
                  {COMMANDS_FOR[rescan.state].map((which) => (
                    <button key={which} type="button" disabled={action.busy} onClick={() => command(rescan.rescanId, which)}>{which}</button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
