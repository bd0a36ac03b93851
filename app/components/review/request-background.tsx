/** The request's background for the reviewer: the consent of every cameo in it, its remix lineage, and its creator's record. */
import { describeRestriction } from '../../../policies/consent';
import { strikeLabel } from '../../../policies/review';
import { LineageChain } from '../remix-lineage';
import type { ReviewItemDetail } from './review-data';

export function ConsentTable({ consent }: { consent: ReviewItemDetail['consent'] }) {
  if (consent.length === 0) return <p className="muted">No cameos in this request.</p>;
  return (
    <table className="grid compact">
      <thead><tr><th>Cameo</th><th>Owner</th><th>Access</th><th>Consent</th><th>Owner&apos;s restrictions</th></tr></thead>
      <tbody>
        {consent.map((c) => (
          <tr key={c.display_name}><td>{c.display_name}{c.kind === 'character' ? <span className="muted"> (character)</span> : null}</td>
            <td>@{c.owner_handle}</td><td>{c.access_level.replace('_', ' ')}</td>
            <td className={c.allowed ? 'ok' : 'bad'}>
              {c.outcome === 'pending_approval' ? 'waiting for the owner' : c.allowed ? 'allowed' : 'refused'}: {c.reason}
              {c.consent_version !== null ? <span className="muted" data-testid="consent-version"> (consent ledger version {c.consent_version})</span> : null}
            </td>
            <td data-testid="owner-restrictions">
              {c.restrictions.length === 0 && !c.restrictions_note ? <span className="muted">none</span> : null}
              {c.restrictions.map((r) => describeRestriction(r)).join(' ')}
              {c.restrictions_note ? <blockquote className="muted">“{c.restrictions_note}”</blockquote> : null}
            </td></tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The request's remix lineage to the original (issue 15), how often its video was remixed, and
 * whether its creator lets others remix it (`remixAllowed`; null before the video exists).
 */
export function RemixLineage({ lineage, remixAllowed }: { lineage: ReviewItemDetail['lineage']; remixAllowed: boolean | null }) {
  return (
    <>
      <LineageChain lineage={lineage} original="An original: not a remix." />
      {lineage.remixes > 0 && <p className="muted">Remixed {lineage.remixes} time(s) itself.</p>}
      {remixAllowed === false && <p className="muted" data-testid="remix-setting">Its creator has turned remixing of this video off.</p>}
    </>
  );
}

export function CreatorRecord({ creator }: { creator: ReviewItemDetail['creator'] }) {
  return (
    <dl className="facts">
      <dt>Strikes (90 days)</dt>
      <dd data-testid="strikes">{creator.strikes}{strikeLabel(creator.strikes) ? <span className="tag block"> {strikeLabel(creator.strikes)}</span> : ''}</dd>
      <dt>Requests</dt><dd>{Object.entries(creator.requestsByStatus).map(([status, n]) => `${n} ${status.replace('_', ' ')}`).join(', ')}</dd>
      <dt>Earlier decisions</dt>
      <dd>
        {creator.decisions.length === 0 ? 'none' : (
          <ul className="plain">{creator.decisions.map((d) => <li key={d.id}><span className={`state ${d.state}`}>{d.state}</span> {d.kind}: {d.decision_reason} — “{d.prompt.slice(0, 40)}”</li>)}</ul>
        )}
      </dd>
    </dl>
  );
}
