/**
 * /likeness/takedowns/:takedownId: one likeness takedown for the legal role: its progress and every
 * video it handled, with what happened to each (taken down, already down, failed). Read-only; the
 * loader makes one call.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Likeness takedown · Loupe' }];

const OUTCOME_LABELS = { taken_down: 'taken down', already_down: 'already down', failed: 'failed' } as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return orHttpError(trpc.likenessTakedowns.detail({ takedownId: params.takedownId ?? '' }));
}

export default function LikenessTakedown() {
  const { takedown, items } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const handled = takedown.takenDown + takedown.alreadyDown + takedown.failed;
  return (
    <div className="page">
      <p><Link to="/likeness/takedowns">← All takedowns</Link></p>
      <h1>Takedown of uses of “{takedown.cameoName}”</h1>
      <p>
        {takedown.reason}. Started {new Date(takedown.startedAt).toLocaleString()}
        {takedown.finishedAt ? `, finished ${new Date(takedown.finishedAt).toLocaleString()}` : ''}.
      </p>
      <p>
        <span className={`tag ${takedown.state === 'done' ? (takedown.failed > 0 ? 'block' : 'allow') : 'muted-tag'}`}>{takedown.state.replace('_', ' ')}</span>{' '}
        {takedown.found} found, {takedown.takenDown} taken down, {takedown.alreadyDown} already down, {takedown.failed} failed
        {takedown.state !== 'done' && takedown.found > 0 && <> <progress max={takedown.found} value={handled} /></>}{' '}
        <button type="button" className="link" onClick={() => revalidator.revalidate()}>Refresh</button>
      </p>
      {items.length === 0 ? (
        <p className="empty">No video handled yet.</p>
      ) : (
        <table className="grid">
          <thead><tr><th>Video</th><th>Creator</th><th>Remix of</th><th>Outcome</th><th>Video now</th><th>When</th></tr></thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.videoId} data-video-id={item.videoId}>
                <td><Link to={`/videos/${item.videoId}`}><code>{item.videoId.slice(0, 8)}</code></Link></td>
                <td>@{item.creatorHandle}</td>
                <td>{item.remixOfVideoId ? <code>{item.remixOfVideoId.slice(0, 8)}</code> : '—'}</td>
                <td><span className={`tag ${item.outcome === 'failed' ? 'block' : 'allow'}`}>{OUTCOME_LABELS[item.outcome]}</span></td>
                <td>{item.videoStatus}</td>
                <td className="nowrap">{new Date(item.doneAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
