/** A policy diff (rules and registries) as lists a manager can read before promoting or after the fact. */
import type { PolicyDiff } from '../../policies';

/** How many exemplar changes are listed (a diff against a rule set from before the semantic layer adds all 1,320). */
const EXEMPLARS_SHOWN = 100;

export function PolicyDiffView({ diff }: { diff: PolicyDiff }) {
  if (diff.identical) return <p className="muted">No differences in rules or registries.</p>;
  return (
    <div className="policy-diff" data-testid="policy-diff">
      {diff.terms.length > 0 && (
        <>
          <h3>Term groups</h3>
          <ul>
            {diff.terms.map((t) => (
              <li key={t.groupId}>
                <code>{t.groupId}</code> ({t.category}, severity {t.severityFrom ? `${t.severityFrom} → ` : ''}{t.severity}) {t.change !== 'changed' && <strong>{t.change}</strong>}
                {t.addedTerms.length > 0 && <div className="diff-add">+ {t.addedTerms.join(', ')}</div>}
                {t.removedTerms.length > 0 && <div className="diff-remove">− {t.removedTerms.join(', ')}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.thresholds.length > 0 && (
        <>
          <h3>Thresholds (review / block)</h3>
          <ul>
            {diff.thresholds.map((t) => (
              <li key={`${t.category}-${t.ageBand}`}>
                {t.category.replaceAll('_', ' ')} ({t.ageBand}): <span className="diff-remove">{t.from.reviewAt} / {t.from.blockAt}</span> →{' '}
                <span className="diff-add">{t.to.reviewAt} / {t.to.blockAt}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.otherGroups.length > 0 && (
        <>
          <h3>Signals, allow phrases, combinations</h3>
          <ul>{diff.otherGroups.map((g) => <li key={`${g.kind}-${g.id}`}>{g.kind} <code>{g.id}</code> {g.change}</li>)}</ul>
        </>
      )}
      {diff.exemplars.length > 0 && (
        <>
          <h3>Semantic exemplars</h3>
          <ul data-testid="exemplar-diff">
            {diff.exemplars.slice(0, EXEMPLARS_SHOWN).map((e) => (
              <li key={`${e.change}-${e.id}`} className={e.change === 'added' ? 'diff-add' : 'diff-remove'}>
                {e.change === 'added' ? '+' : '−'} {e.label.replaceAll('_', ' ')} ({e.lang}) “{e.text}” <code className="muted small">{e.id}</code>
              </li>
            ))}
          </ul>
          {diff.exemplars.length > EXEMPLARS_SHOWN && <p className="muted small">and {diff.exemplars.length - EXEMPLARS_SHOWN} more.</p>}
        </>
      )}
      {diff.semanticSettings.length > 0 && (
        <>
          <h3>Semantic settings</h3>
          <ul>
            {diff.semanticSettings.map((s) => (
              <li key={s.setting}>
                {s.setting}: <span className="diff-remove">{s.from ?? 'none'}</span> → <span className="diff-add">{s.to ?? 'none'}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.registries.length > 0 && (
        <>
          <h3>Registries</h3>
          <ul>
            {diff.registries.map((r) => (
              <li key={`${r.kind}-${r.name}`} className={r.change === 'added' ? 'diff-add' : r.change === 'removed' ? 'diff-remove' : ''}>
                {r.change === 'added' ? '+' : r.change === 'removed' ? '−' : '~'} {r.kind.replace('_', ' ')} “{r.name}”
                {r.change === 'changed' && <span className="muted small"> {JSON.stringify(r.from)} → {JSON.stringify(r.to)}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
