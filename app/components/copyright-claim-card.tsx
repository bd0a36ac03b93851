/**
 * A rights holder's copyright claim (issue 13) as legal reads it, on the console's claim page and on
 * the claim's review screen: duplicate and conflict warnings first, the claimant and their
 * statement, each entity with its aliases and languages, territories, requested rule and conditions
 * (and, when deciding, the rule to approve it with), proof documents as staff-only links, and
 * reference images and clips behind the wellness filters like every other medium.
 */
import type { SerializeFrom } from '@remix-run/node';
import type { CopyrightClaimForStaff } from '../services/copyright-claims.server';
import { WellnessImage, WellnessVideo, type WellnessSettings } from './wellness-media';

type Claim = SerializeFrom<CopyrightClaimForStaff>;
/** A reviewer's rule per entity position: a rule, or null to leave the entity out. */
export type EntityRules = Record<number, 'allow' | 'review' | 'block' | null>;

const CONFLICT_TITLES = { duplicate: 'Duplicate', other_claimant: 'Another claimant', public_domain: 'Public domain', alias_overlap: 'Overlapping names' } as const;

/** The warnings a reviewer must not miss, shown above everything else. */
export function ClaimConflicts({ conflicts }: { conflicts: Claim['conflicts'] }) {
  if (conflicts.length === 0) return <p className="ok" data-testid="claim-no-conflicts">No duplicate or conflicting claims were found when this claim was recorded.</p>;
  return (
    <div className="error conflicts" role="alert" data-testid="claim-conflicts">
      <strong>{conflicts.length} warning(s): check these before deciding.</strong>
      <ul>
        {conflicts.map((conflict) => (
          <li key={`${conflict.kind}:${conflict.position}:${conflict.otherClaimId ?? conflict.entityId ?? ''}`} data-conflict-kind={conflict.kind}>
            <strong>{CONFLICT_TITLES[conflict.kind]}</strong>: {conflict.sentence}
            {conflict.otherClaimId && <> <a href={`/copyright/claims/${conflict.otherClaimId}`}>Open that claim</a></>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CopyrightClaimCard(props: {
  detail: Claim;
  settings: WellnessSettings;
  revealed: boolean;
  onToggle: () => void;
  /** When set, each entity gets a rule selector (the decision's per-entity overrides). */
  rules?: { value: EntityRules; onChange: (position: number, rule: 'allow' | 'review' | 'block' | null) => void };
}) {
  const { detail, settings, revealed, onToggle, rules } = props;
  const { claim, conflicts, files, outcome } = detail;
  const proofs = files.filter((file) => file.role === 'proof');
  const references = files.filter((file) => file.role !== 'proof');
  return (
    <section className="card" data-testid="copyright-claim" data-claim-id={claim.id}>
      <h2>Copyright claim <span className={`state ${claim.state}`}>{claim.state.replace('_', ' ')}</span></h2>
      <ClaimConflicts conflicts={conflicts} />
      <dl className="facts">
        <dt>Claimant</dt>
        <dd>{claim.claimant_name}{claim.claimant_organisation ? ` for ${claim.claimant_organisation}` : ''} &lt;{claim.contact_email}&gt;{claim.creator_id ? ' · filed through the app' : ' · public form'}</dd>
        <dt>Filed</dt><dd>{new Date(claim.created_at).toLocaleString()}</dd>
        {claim.decided_at && <><dt>Decided</dt><dd>{new Date(claim.decided_at).toLocaleString()}: {claim.decision_reason}</dd></>}
      </dl>
      <h3>Statement of rights</h3>
      <blockquote className="prompt">{claim.statement}</blockquote>
      <h3>Entities</h3>
      <table className="grid compact">
        <thead><tr><th>#</th><th>Name</th><th>Kind</th><th>Aliases (language)</th><th>Territories</th><th>Asks</th><th>Conditions</th><th>{rules ? 'Approve with' : 'Decided'}</th></tr></thead>
        <tbody>
          {claim.entities.map((entity) => (
            <tr key={entity.position} data-entity-position={entity.position}>
              <td>{entity.position + 1}</td>
              <td>{entity.entity_id ? <a href={`/copyright/works?q=${encodeURIComponent(entity.name)}`}>{entity.name}</a> : entity.name}</td>
              <td>{entity.kind}</td>
              <td>{entity.aliases.length === 0 ? <span className="muted">none</span> : entity.aliases.map((alias) => `${alias.name} (${alias.lang})`).join(', ')}</td>
              <td>{entity.territories.join(', ')}</td>
              <td><span className={`tag ${entity.requested_rule}`}>{entity.requested_rule}</span></td>
              <td>{entity.conditions ?? <span className="muted">none</span>}</td>
              <td>
                {rules ? (
                  <select
                    aria-label={`Rule to approve ${entity.name} with`}
                    value={rules.value[entity.position] === undefined ? entity.requested_rule : rules.value[entity.position] ?? 'leave_out'}
                    onChange={(event) => rules.onChange(entity.position, event.target.value === 'leave_out' ? null : (event.target.value as 'allow' | 'review' | 'block'))}
                  >
                    <option value="allow">allow</option>
                    <option value="review">review</option>
                    <option value="block">block</option>
                    <option value="leave_out">leave out</option>
                  </select>
                ) : entity.left_out ? 'left out' : entity.approved_rule ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Proof of rights (staff only)</h3>
      {proofs.length === 0 ? <p className="muted">No documents attached.</p> : (
        <ul className="evidence-files">
          {proofs.map((file) => <li key={file.href}><a href={file.href} target="_blank" rel="noreferrer">{file.filename}</a> <span className="muted">· {file.mimeType}, {file.byteSize} bytes</span></li>)}
        </ul>
      )}
      <h3>Reference media</h3>
      {references.length === 0 ? <p className="muted">No reference images or clips: approval makes no bank and starts no rescan.</p> : (
        <ul className="evidence-files">
          {references.map((file) => (
            <li key={file.href} data-testid="claim-reference">
              {file.role === 'reference_image'
                ? <WellnessImage src={file.href} alt={`Reference: ${file.filename}`} width={320} height={240} settings={settings} revealed={revealed} onToggle={onToggle} />
                : <WellnessVideo src={file.href} settings={settings} revealed={revealed} onToggle={onToggle} />}
              <span>{file.filename}</span>
              <span className="muted"> · shows {claim.entities[file.entityPosition ?? 0]?.name ?? 'the claimed entity'}</span>
            </li>
          ))}
        </ul>
      )}
      {outcome && (
        <>
          <h3>What approval did</h3>
          <p data-testid="claim-outcome">
            {outcome.entityIds.length} entit{outcome.entityIds.length === 1 ? 'y' : 'ies'} live in the works registry · {outcome.bankIds.length} bank(s) with {outcome.hashes} hash(es)
            {outcome.rescanId ? <> · <a href={`/copyright/rescans?rescan=${outcome.rescanId}`}>rescan {outcome.rescanId.slice(0, 8)}</a></> : ' · no rescan'}
            {outcome.notes.length > 0 && <span className="muted"> · {outcome.notes.join(' ')}</span>}
          </p>
        </>
      )}
    </section>
  );
}
