/**
 * The decision card: for an open item the reviewer's role works, the decision, its required policy
 * reason, the notes and the buttons; otherwise who decided what, or why this reviewer cannot.
 * Provenance alerts are not decided here: the re-verification that raised one closes it.
 */
import { Link } from '@remix-run/react';
import type { Choice } from './decision-choices';
import { reasonsFor } from './decision-choices';
import type { ItemLease, ReviewItemDetail } from './review-data';
import type { ReviewDecision } from './use-review-decision';

export function DecisionForm(props: {
  item: ReviewItemDetail['item'];
  video: ReviewItemDetail['video'];
  lease: ItemLease;
  canDecide: boolean;
  heldByOther: boolean;
  mayAct: boolean;
  error: string | null;
  decision: ReviewDecision;
}) {
  const { item, video, lease, canDecide, heldByOther, mayAct, error, decision } = props;
  const { choice, chooseDecision, reason, chooseReason, note, setNote, creatorNote, setCreatorNote, reasonProblem, reasonSelect, busy, labels, submit } = decision;
  const open = item.state === 'open';
  return (
    <section className="card decision">
      <h2>Decision</h2>
      {item.kind === 'provenance' ? (
        // Provenance alerts (issue 5) are not approve/reject decisions: the re-verification that
        // raised one closes it when the video's file verifies again.
        <p>
          {open ? 'This alert closes itself when the video verifies again. ' : `Closed: ${item.decision_reason ?? ''} `}
          {video ? <Link to={`/provenance/${video.id}`}>Inspect its manifest and verify now on its provenance page →</Link> : 'The video row is missing.'}
        </p>
      ) : !open ? (
        <p>Decided <strong>{item.state}</strong> by {item.decided_by_email ?? 'unknown'}: {item.decision_reason}{item.decision_note ? ` — ${item.decision_note}` : ''}{item.creator_note ? ` · note to creator: “${item.creator_note}”` : ''}</p>
      ) : !canDecide ? (
        <p className="muted">Your role can read this queue but not decide in it.</p>
      ) : (
        <div className="stack">
          {heldByOther && lease && <p className="error" role="alert">{lease.staffEmail} holds this item; you can decide once their claim lapses or they send it to you.</p>}
          <div className="row">
            <label>Decision
              <select value={choice} onChange={(e) => chooseDecision(e.target.value as Choice)}>
                <option value="approve">{labels.approve}</option>
                <option value="reject">{labels.reject}</option>
                <option value="escalate">Escalate to senior review</option>
              </select>
            </label>
            <label>Policy reason (required)
              <select
                ref={reasonSelect}
                value={reason}
                onChange={(e) => chooseReason(e.target.value)}
                required
                aria-invalid={reasonProblem !== null}
                aria-describedby={reasonProblem ? 'reason-needed' : undefined}
              >
                <option value="">Choose a policy reason…</option>
                {reasonsFor(choice, item.kind).map((r, index) => <option key={r} value={r}>{index + 1} · {r}</option>)}
              </select>
            </label>
          </div>
          {reasonProblem && <p id="reason-needed" className="error reason-needed" role="alert">{reasonProblem}</p>}
          <label>Internal note (staff only)<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} /></label>
          {item.kind === 'likeness_complaint' ? (
            <label>Reason for the complainant (sent to them with the decision; required to reject)<textarea value={creatorNote} onChange={(e) => setCreatorNote(e.target.value)} rows={2} maxLength={2000} /></label>
          ) : (
            <label>Note to the creator (optional, sent to them)<textarea value={creatorNote} onChange={(e) => setCreatorNote(e.target.value)} rows={2} maxLength={2000} /></label>
          )}
          {error && <p className="error" role="alert">{error}</p>}
          <div className="buttons">
            <button type="button" className="approve" disabled={busy || !mayAct} onClick={() => submit('approve', false)}>{labels.approve} <kbd>a</kbd></button>
            <button type="button" className="reject" disabled={busy || !mayAct} onClick={() => submit('reject', false)}>{labels.reject} <kbd>r</kbd></button>
            <button type="button" disabled={busy || !mayAct} onClick={() => submit('escalate', false)}>Escalate <kbd>e</kbd></button>
            <button type="button" className="primary" disabled={busy || !mayAct} onClick={() => submit(choice, true)}>Submit &amp; next <kbd>n</kbd></button>
          </div>
        </div>
      )}
      {!open && error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
