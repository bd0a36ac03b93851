/**
 * /copyright/disputes: creators' disputes of copyright blocks and takedowns (issue 13), for the legal
 * role: state, the deadline running now with the time left, and the outcome; newest first, keyset
 * pages (`?cursor=`), optionally one state (`?state=`). Read-only: legal decides escalated disputes
 * in the copyright queue; each row opens the dispute's detail.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { CopyrightTabs } from '../components/copyright-tabs';
import { DISPUTE_STATE_WORDS, timeLeft } from '../components/copyright-dispute-words';
import { COPYRIGHT_DISPUTE_STATES } from '../../policies/copyright/disputes';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Copyright disputes · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  const url = new URL(request.url);
  // An unknown state or a broken page link is refused with a sentence (400), as on /copyright/claims.
  return orHttpError(trpc.copyrightDisputes.list({ state: url.searchParams.get('state'), cursor: url.searchParams.get('cursor'), limit: 50 }));
}

export default function CopyrightDisputes() {
  const { disputes, nextCursor } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const revalidator = useRevalidator();
  const state = params.get('state') ?? '';
  const withState = (extra: Record<string, string>) => new URLSearchParams({ ...(state ? { state } : {}), ...extra }).toString();
  return (
    <div className="page">
      <CopyrightTabs />
      <h1>Copyright disputes</h1>
      <p className="muted">
        A creator disputes a copyright block or takedown; the claimant has a deadline to answer, and no answer releases the claim (a taken-down
        video is published again). Disputes the claimant upholds after an appeal, and those about works no rights holder manages, come to legal in
        the copyright queue.{' '}
        <button type="button" className="link" onClick={() => revalidator.revalidate()}>Refresh</button>
      </p>
      <nav className="filters" aria-label="Filter by state">
        <Link to="/copyright/disputes" className={state === '' ? 'active' : ''}>all</Link>
        {COPYRIGHT_DISPUTE_STATES.map((s) => (
          <Link key={s} to={`/copyright/disputes?state=${s}`} className={state === s ? 'active' : ''}>{DISPUTE_STATE_WORDS[s]}</Link>
        ))}
      </nav>
      {disputes.length === 0 ? (
        <p className="empty">No disputes{state ? ' in this state' : ''}.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr><th>Filed</th><th>Work</th><th>Disputed</th><th>Claimant</th><th>State</th><th>Deadline</th><th>Outcome</th></tr>
          </thead>
          <tbody>
            {disputes.map((dispute) => (
              <tr key={dispute.disputeId} data-dispute-id={dispute.disputeId}>
                <td className="nowrap"><Link to={`/copyright/disputes/${dispute.disputeId}`}>{new Date(dispute.filedAt).toLocaleString()}</Link></td>
                <td>{dispute.entityName ?? '—'}</td>
                <td>
                  {dispute.matchAction === 'taken_down' && dispute.videoId
                    ? <>takedown of <Link to={`/videos/${dispute.videoId}`}><code>{dispute.videoId.slice(0, 8)}</code></Link></>
                    : <>block of request <code>{dispute.requestId.slice(0, 8)}</code></>}
                </td>
                <td>{dispute.claimant ?? <span className="muted">none (listed work)</span>}</td>
                <td><span className={`tag ${dispute.state === 'released' ? 'allow' : dispute.state === 'upheld' ? 'block' : 'muted-tag'}`}>{DISPUTE_STATE_WORDS[dispute.state]}</span></td>
                <td className="nowrap">
                  {dispute.deadline ? <>{new Date(dispute.deadline).toLocaleString()} <span className="muted">({timeLeft(dispute.deadline)})</span></> : '—'}
                </td>
                <td>{dispute.outcome?.replaceAll('_', ' ') ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {params.get('cursor') && <Link to={`/copyright/disputes?${withState({})}`}>First page</Link>}{' '}
        {nextCursor && <Link to={`/copyright/disputes?${withState({ cursor: nextCursor })}`} rel="next">Next page →</Link>}
      </p>
    </div>
  );
}
