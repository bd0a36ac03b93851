/** Who is reviewing the item, and the lease controls: claim, hold, release, send to a colleague; an admin can end someone else's claim. */
import { useState } from 'react';
import type { Colleague, ItemLease } from './review-data';
import type { LeaseAction } from './use-item-lease';

export function LeaseBar(props: {
  lease: ItemLease;
  mine: boolean;
  heldByOther: boolean;
  /** The reviewer's role works the queue and the item is open: the controls are shown. */
  controls: boolean;
  /** The viewer is an admin and the item is open: someone else's claim can be ended (audited). */
  mayForceRelease: boolean;
  colleagues: Colleague[];
  info: string | null;
  onAction: (action: LeaseAction, colleagueId?: string) => void;
}) {
  const { lease, mine, heldByOther, controls, mayForceRelease, colleagues, info, onAction } = props;
  const [colleague, setColleague] = useState('');
  return (
    <section className={`card lease ${heldByOther ? 'held-by-other' : ''}`} data-testid="lease">
      {lease ? (
        <span>
          {mine ? 'You are reviewing this item' : <strong>{lease.staffEmail} is reviewing this item</strong>}
          {' '}· claim {lease.held ? 'held' : 'lease'} until {new Date(lease.expiresAt).toLocaleTimeString()}
        </span>
      ) : (
        <span className="muted">Nobody has claimed this item.</span>
      )}
      {controls && (
        <span className="buttons">
          {!lease && <button type="button" onClick={() => onAction('claim')}>Claim <kbd>c</kbd></button>}
          {mine && <button type="button" onClick={() => onAction('hold')}>Hold past lease <kbd>h</kbd></button>}
          {mine && <button type="button" onClick={() => onAction('release')}>Release</button>}
          {mine && colleagues.length > 0 && (
            <>
              <select aria-label="Colleague" value={colleague} onChange={(e) => setColleague(e.target.value)}>
                <option value="">send to colleague…</option>
                {colleagues.map((c) => <option key={c.id} value={c.id}>{c.display_name} ({c.role.replace('_', ' ')})</option>)}
              </select>
              <button type="button" onClick={() => onAction('handOver', colleague)}>Send</button>
            </>
          )}
        </span>
      )}
      {heldByOther && mayForceRelease && (
        <span className="buttons">
          <button type="button" onClick={() => onAction('forceRelease')}>End their claim</button>
        </span>
      )}
      {info && <span className="ok"> {info}</span>}
    </section>
  );
}
