/**
 * /copyright/disputes/:disputeId: one copyright dispute for the legal role: what was disputed, the
 * creator's statement and appeal, the claimant's answers, every deadline, the outcome and the audit
 * trail; when it waits for legal, a link to its item in the copyright queue. Read-only.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { CopyrightTabs } from '../components/copyright-tabs';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';
import { DISPUTE_STATE_WORDS, timeLeft } from '../components/copyright-dispute-words';

export const meta: MetaFunction = () => [{ title: 'Copyright dispute · Loupe' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return orHttpError(trpc.copyrightDisputes.detail({ disputeId: params.disputeId ?? '' }));
}

function Deadline({ label, at, running }: { label: string; at: string | null; running: boolean }) {
  if (!at) return null;
  return <li>{label}: {new Date(at).toLocaleString()}{running && <span className="muted"> ({timeLeft(at)})</span>}</li>;
}

export default function CopyrightDispute() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <CopyrightTabs />
      <p><Link to="/copyright/disputes">← All disputes</Link></p>
      <h1>Dispute of a copyright {d.matchAction === 'taken_down' ? 'takedown' : 'block'}{d.entityName ? ` (${d.entityName})` : ''}</h1>
      <p>
        <span className={`tag ${d.state === 'released' ? 'allow' : d.state === 'upheld' ? 'block' : 'muted-tag'}`}>{DISPUTE_STATE_WORDS[d.state]}</span>{' '}
        {d.outcome && <>Outcome: {d.outcome.replaceAll('_', ' ')}. {d.outcomeReason}</>}
        {d.reinstated && <> The video was published again.</>}
      </p>
      {d.reviewItem && <p><Link to={`/review/${d.reviewItem}`}>Decide it in the copyright queue →</Link></p>}
      <section className="card stack">
        <p>
          {d.videoId ? <>Video <Link to={`/videos/${d.videoId}`}><code>{d.videoId}</code></Link>, </> : null}
          request <code>{d.requestId}</code>, match <code>{d.matchId}</code>, creator <code>{d.creatorId}</code>.
        </p>
        <p>Claimant: {d.claimant ?? 'none: no rights holder manages this work on Loupe, so legal decides'}{d.claimId && <> (claim <code>{d.claimId}</code>)</>}</p>
        <h2>Creator&apos;s statement</h2>
        <blockquote>{d.statement}</blockquote>
        {d.claimantAnswer && <><h2>Claimant&apos;s answer</h2><blockquote>{d.claimantAnswer}</blockquote></>}
        {d.appealStatement && <><h2>Creator&apos;s appeal</h2><blockquote>{d.appealStatement}</blockquote></>}
        {d.appealAnswer && <><h2>Claimant&apos;s answer to the appeal</h2><blockquote>{d.appealAnswer}</blockquote></>}
        <h2>Deadlines</h2>
        <ul>
          <Deadline label="Claimant's answer" at={d.claimantDeadline} running={d.state === 'awaiting_claimant'} />
          <Deadline label="Creator's appeal" at={d.appealDeadline} running={d.state === 'appeal_window'} />
          <Deadline label="Claimant's answer to the appeal" at={d.appealAnswerDeadline} running={d.state === 'awaiting_appeal_answer'} />
        </ul>
      </section>
      <h2>History</h2>
      <ol>
        {d.history.map((entry, index) => (
          <li key={index}>{new Date(entry.at).toLocaleString()}: {entry.who}: {entry.action}</li>
        ))}
        {d.closedAt && <li>{new Date(d.closedAt).toLocaleString()}: closed</li>}
      </ol>
    </div>
  );
}
