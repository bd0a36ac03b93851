/**
 * /likeness/takedowns: the likeness takedowns for the legal role (issue 11, "Owners in control →
 * Revocation"): what ended consent, on which cameo, and how far each takedown got. Read-only; the
 * loader makes one call. Running takedowns show the workflow's own counts; a refresh updates them.
 * Each row links to the takedown's videos (likeness_.takedowns_.$takedownId.tsx).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Likeness takedowns · Loupe' }];

const TRIGGER_LABELS = {
  grant_withdrawn: 'grant withdrawn',
  person_blocked: 'person blocked',
  cameo_deleted: 'cameo deleted',
  owner_removed_video: 'owner removed a video',
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return { takedowns: await orHttpError(trpc.likenessTakedowns.recent({ limit: 100 })) };
}

export default function LikenessTakedowns() {
  const { takedowns } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  return (
    <div className="page">
      <h1>Likeness takedowns</h1>
      <p className="muted">
        When a cameo&apos;s owner withdraws a grant, blocks a person, deletes the cameo or removes a video, Loupe takes down every draft, published
        video and remix that relied on it and tells each creator. The most recent takedowns, newest first.{' '}
        <button type="button" className="link" onClick={() => revalidator.revalidate()}>Refresh</button>
      </p>
      {takedowns.length === 0 ? (
        <p className="empty">No likeness takedowns yet.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Started</th><th>Cameo</th><th>What ended consent</th><th>Asked by</th><th>Reason</th><th>State</th>
              <th>Found</th><th>Taken down</th><th>Already down</th><th>Failed</th>
            </tr>
          </thead>
          <tbody>
            {takedowns.map((takedown) => (
              <tr key={takedown.takedownId} data-takedown-id={takedown.takedownId}>
                <td className="nowrap"><Link to={`/likeness/takedowns/${takedown.takedownId}`}>{new Date(takedown.startedAt).toLocaleString()}</Link></td>
                <td>{takedown.cameoName}</td>
                <td>
                  {TRIGGER_LABELS[takedown.trigger]}
                  {takedown.videoId && <> (<Link to={`/videos/${takedown.videoId}`}><code>{takedown.videoId.slice(0, 8)}</code></Link>)</>}
                </td>
                <td>{takedown.requestedBy.kind === 'creator' ? 'the owner' : 'staff'}</td>
                <td>{takedown.reason}</td>
                <td>
                  <span className={`tag ${takedown.state === 'done' ? (takedown.failed > 0 ? 'block' : 'allow') : 'muted-tag'}`}>
                    {takedown.state === 'done' ? 'done' : takedown.state === 'finding' ? 'finding uses' : 'taking down'}
                  </span>
                  {takedown.state !== 'done' && takedown.found > 0 && (
                    <progress max={takedown.found} value={takedown.takenDown + takedown.alreadyDown + takedown.failed} />
                  )}
                  {takedown.finishedAt && <div className="muted">{new Date(takedown.finishedAt).toLocaleString()}</div>}
                </td>
                <td>{takedown.found}</td>
                <td>{takedown.takenDown}</td>
                <td>{takedown.alreadyDown}</td>
                <td>{takedown.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
