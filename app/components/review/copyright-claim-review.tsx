/**
 * The review screen of a copyright claim's item (issue 13): the claim (warnings first, claimant,
 * statement, entities, proof, reference media blurred by default), the lease, and the decision with
 * the same policy-reason rule, keyboard shortcuts (a, r, e, n, digits, j/k, c/h, v, ?) and "submit &
 * next" as every other item, plus a rule per entity: legal may approve some entities only, or with
 * another rule than the claimant asked. The decision goes to the claim's workflow as an update.
 */
import type { SerializeFrom } from '@remix-run/node';
import { Link, useSearchParams } from '@remix-run/react';
import type { inferRouterOutputs } from '@trpc/server';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppRouter } from '../../trpc/router.server';
import { CopyrightClaimCard, type EntityRules } from '../copyright-claim-card';
import { KeyboardMap } from '../keyboard-map';
import type { Choice } from './decision-choices';
import { kindTitle, reasonsFor } from './decision-choices';
import { LeaseBar } from './lease-bar';
import type { Colleague, ReviewerWellness } from './review-data';
import { useItemLease } from './use-item-lease';
import { useReviewDecision } from './use-review-decision';
import { useReviewKeyboard } from './use-review-keyboard';

/** What the review route's loader answers for a claim's item. */
export interface ClaimReviewData {
  screen: SerializeFrom<inferRouterOutputs<AppRouter>['copyrightClaims']['reviewScreen']>;
  canDecide: boolean;
  mayForceRelease: boolean;
  wellness: ReviewerWellness;
  colleagues: Colleague[];
  me: { id: string; email: string };
}

export function CopyrightClaimReview({ data }: { data: ClaimReviewData }) {
  const { screen, canDecide, mayForceRelease, wellness, colleagues, me } = data;
  const { item, claim, lease, neighbours, history } = screen;
  const [params] = useSearchParams();
  const session = params.get('session');
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [showKeys, setShowKeys] = useState(false);
  const [rules, setRules] = useState<EntityRules>({});
  const open = item.state === 'open';
  const mine = lease?.staffId === me.id;
  const heldByOther = lease !== null && !mine;
  const mayAct = canDecide && open && !heldByOther;

  // Only the entities whose rule the reviewer changed travel with the approval.
  const entityDecisions = useMemo(
    () => Object.entries(rules)
      .map(([position, rule]) => ({ position: Number(position), rule }))
      .filter((decision) => decision.rule !== claim.claim.entities[decision.position]?.requested_rule),
    [rules, claim.claim.entities],
  );
  const decision = useReviewDecision({ item, mayAct, session, setError, entityDecisions });
  const { info, leaseAction } = useItemLease({ itemId: item.id, mine, open, setError });
  const toggleRevealed = useCallback(() => setRevealed((value) => !value), []);
  const toggleKeys = useCallback(() => setShowKeys((value) => !value), []);
  const closeKeys = useCallback(() => setShowKeys(false), []);
  useReviewKeyboard({
    mayAct, canDecide, open, leased: lease !== null, mine, choice: decision.choice, neighbours, session, reasonSelect: decision.reasonSelect,
    pickReason: decision.pickReason, submit: decision.submit, leaseAction, toggleKeys, closeKeys, toggleRevealed,
  });
  useEffect(() => {
    setRevealed(false);
    setError(null);
    setRules({});
  }, [item.id]);

  const { choice, chooseDecision, reason, chooseReason, note, setNote, creatorNote, setCreatorNote, reasonProblem, reasonSelect, busy, labels, submit } = decision;
  return (
    <div className="page review">
      {showKeys && <KeyboardMap onClose={closeKeys} />}
      <p className="crumbs">
        <Link to={`/queues/${item.queue_id}`}>← {item.queue_name}</Link>
        <span className="muted"> · <button type="button" className="link" onClick={() => setShowKeys(true)}>Keyboard shortcuts <kbd>?</kbd></button></span>
        {neighbours.previous && <Link to={`/review/${neighbours.previous}`}> · previous <kbd>k</kbd></Link>}
        {neighbours.next && <Link to={`/review/${neighbours.next}`}> · next <kbd>j</kbd></Link>}
        <span className="muted"> · <Link to={`/copyright/claims/${claim.claim.id}`}>the claim&apos;s page</Link></span>
      </p>
      <h1>{kindTitle(item.kind)} <span className={`state ${item.state}`}>{item.state}</span></h1>
      <p className="muted">
        {item.queue_name} · claim <code>{claim.claim.id}</code> · version {item.version}
        {item.escalated_at && ` · escalated${item.escalation_reason ? `: ${item.escalation_reason}` : ''}`}
      </p>
      <LeaseBar
        lease={lease} mine={mine} heldByOther={heldByOther} controls={canDecide && open} mayForceRelease={mayForceRelease && open} colleagues={colleagues} info={info}
        onAction={(action, colleagueId) => void leaseAction(action, colleagueId)}
      />
      <CopyrightClaimCard
        detail={claim} settings={wellness.effective} revealed={revealed} onToggle={toggleRevealed}
        {...(open && canDecide ? { rules: { value: rules, onChange: (position: number, rule: 'allow' | 'review' | 'block' | null) => setRules((current) => ({ ...current, [position]: rule })) } } : {})}
      />
      <section className="card decision">
        <h2>Decision</h2>
        {!open ? (
          <p>Decided <strong>{item.state}</strong> by {item.decided_by_email ?? 'unknown'}: {item.decision_reason}{item.decision_note ? ` — ${item.decision_note}` : ''}{item.creator_note ? ` · to the claimant: “${item.creator_note}”` : ''}</p>
        ) : !canDecide ? (
          <p className="muted">Your role can read this queue but not decide in it.</p>
        ) : (
          <div className="stack">
            {heldByOther && lease && <p className="error" role="alert">{lease.staffEmail} holds this item; you can decide once their claim lapses or they send it to you.</p>}
            {entityDecisions.length > 0 && (
              <p className="muted" data-testid="entity-overrides">
                Approving with your changes: {entityDecisions.map((d) => `${claim.claim.entities[d.position]?.name ?? d.position + 1} → ${d.rule ?? 'left out'}`).join(', ')}.
              </p>
            )}
            <div className="row">
              <label>Decision
                <select value={choice} onChange={(e) => chooseDecision(e.target.value as Choice)}>
                  <option value="approve">{labels.approve}</option>
                  <option value="reject">{labels.reject}</option>
                  <option value="escalate">Escalate to senior review</option>
                </select>
              </label>
              <label>Policy reason (required)
                <select ref={reasonSelect} value={reason} onChange={(e) => chooseReason(e.target.value)} required aria-invalid={reasonProblem !== null}>
                  <option value="">Choose a policy reason…</option>
                  {reasonsFor(choice, item.kind).map((r, index) => <option key={r} value={r}>{index + 1} · {r}</option>)}
                </select>
              </label>
            </div>
            {reasonProblem && <p className="error reason-needed" role="alert">{reasonProblem}</p>}
            <label>Internal note (staff only)<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} /></label>
            <label>Reason for the claimant (shown on their status page; required to reject)<textarea value={creatorNote} onChange={(e) => setCreatorNote(e.target.value)} rows={2} maxLength={2000} /></label>
            {error && <p className="error" role="alert">{error}</p>}
            <div className="buttons">
              <button type="button" className="approve" disabled={busy || !mayAct} onClick={() => void submit('approve', false)}>{labels.approve} <kbd>a</kbd></button>
              <button type="button" className="reject" disabled={busy || !mayAct} onClick={() => void submit('reject', false)}>{labels.reject} <kbd>r</kbd></button>
              <button type="button" disabled={busy || !mayAct} onClick={() => void submit('escalate', false)}>Escalate <kbd>e</kbd></button>
              <button type="button" className="primary" disabled={busy || !mayAct} onClick={() => void submit(choice, true)}>Submit &amp; next <kbd>n</kbd></button>
            </div>
          </div>
        )}
        {!open && error && <p className="error" role="alert">{error}</p>}
      </section>
      <section className="card">
        <h2>History</h2>
        <ol className="timeline">
          {history.map((event, index) => (
            <li key={index}><time>{new Date(event.at).toLocaleString()}</time> · {event.actor_label}: {event.action}</li>
          ))}
        </ol>
      </section>
    </div>
  );
}
