/**
 * What the semantic layer said about a prompt (issue 14), for the review screen (the outcome stored
 * with the screening) and the policy playground (the server's answer as you type): the category,
 * the score with what it means against the review and block margins, the model, and the nearest
 * exemplars with the ones of the category marked. An outcome the model could not give says the rules
 * decided alone, with the error; a screening from before the layer says so.
 */
import type { ReactNode } from 'react';
import type { SemanticOutcome, SemanticSettings } from '../../policies/prompt/semantic/types';

/** A margin or score with its sign and 3 decimals, e.g. "+0.028" or "−0.054". */
export function formatMargin(value: number): string {
  const fixed = Math.abs(value).toFixed(3);
  return value < 0 ? `−${fixed}` : `+${fixed}`;
}

/** The one-line meaning of the score, with the margins of the policy that decided (when known). */
function scoreMeaning(category: string, settings: SemanticSettings | null): string {
  const k = settings ? `${settings.k} ` : '';
  const margins = settings
    ? ` Held for review at ${formatMargin(settings.reviewMargin)} or more, blocked at ${formatMargin(settings.blockMargin)} or more.`
    : ' (The margins of the policy version that screened are not known.)';
  return `Score: how much closer the prompt is to the ${k}nearest ${category} exemplars than to the ${k}nearest benign ones (mean cosine similarity, the first minus the second).${margins}`;
}

export function SemanticOutcomeView({
  outcome,
  settings,
  unavailableHint,
}: {
  /** The stored or answered outcome; null for a screening made before the semantic layer existed. */
  outcome: SemanticOutcome | null;
  /** k and the margins of the policy that decided, to explain the score; null when unknown. */
  settings: SemanticSettings | null;
  /** What to do when the layer could not run (the playground says how to build the model). */
  unavailableHint?: ReactNode;
}) {
  if (outcome === null) {
    return <p className="muted" data-testid="semantic-outcome" data-status="none">Screened before the semantic layer existed: the rules decided alone.</p>;
  }
  if (outcome.status === 'unavailable') {
    return (
      <div data-testid="semantic-outcome" data-status="unavailable">
        <p className="bad">The semantic layer could not run ({outcome.error}); the rules decided alone.</p>
        <p className="muted small">Model: {outcome.model}</p>
        {unavailableHint}
      </div>
    );
  }
  const closest = outcome.verdict === 'allow';
  return (
    <div className="semantic-outcome" data-testid="semantic-outcome" data-status="ok">
      <p>
        <span className={`tag ${outcome.verdict}`} data-testid="semantic-verdict">{outcome.verdict}</span>{' '}
        {outcome.category === null ? (
          <span className="muted">no unsafe exemplars to compare with</span>
        ) : (
          <>
            {closest ? <span className="muted">closest category </span> : null}
            <strong data-testid="semantic-category">{outcome.category}</strong>{' '}
            <span className="muted">score</span> <code data-testid="semantic-score">{formatMargin(outcome.score)}</code>
          </>
        )}
      </p>
      {outcome.category !== null && <p className="muted small">{scoreMeaning(outcome.category, settings)}</p>}
      <p className="muted small">Model: {outcome.model}</p>
      <table className="grid compact" data-testid="semantic-nearest">
        <thead><tr><th>Nearest exemplar</th><th>Label</th><th>Similarity</th></tr></thead>
        <tbody>
          {outcome.nearest.map((n) => {
            const decided = n.label === outcome.category;
            return (
              <tr key={n.exemplarId} className={decided ? 'decided' : undefined} data-decided={decided ? 'true' : 'false'}>
                <td>“{n.text}”</td>
                <td>{decided ? <strong title={`an exemplar of ${n.label}, the category that decided`}>● {n.label}</strong> : <span className="muted">{n.label}</span>}</td>
                <td className="score">{n.similarity.toFixed(3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
