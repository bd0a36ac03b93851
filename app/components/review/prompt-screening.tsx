/**
 * The prompt with its matched spans, the rules' verdict, the external classifier's answer, the
 * semantic layer's outcome (issue 14: category, score, nearest exemplars), and why the item is in review.
 */
import type { StoredExternalModeration } from '../../../db/schema';
import { HighlightedPrompt } from '../highlighted-prompt';
import { SemanticOutcomeView } from '../semantic-outcome';
import type { ReviewItemDetail } from './review-data';

export function PromptScreening({ prompt, screening, flagReasons }: { prompt: string; screening: ReviewItemDetail['screening']; flagReasons: string[] }) {
  return (
    <>
      <HighlightedPrompt text={prompt} matches={screening?.matches ?? []} />
      {screening && (
        <dl className="facts">
          <dt>Verdict</dt><dd><span className={`tag ${screening.verdict}`}>{screening.verdict}</span> {screening.categories.join(', ')}</dd>
          <dt>Matched rules</dt><dd>{screening.matches.length === 0 ? 'none' : screening.matches.map((m) => `${m.ruleId} (“${m.term}”)`).join(', ')}</dd>
          <dt>Policy version</dt><dd><code>{screening.policy_version}</code></dd>
          <dt>Prompt classifier</dt><dd data-testid="prompt-classifier"><PromptClassifierAnswer external={screening.external} /></dd>
        </dl>
      )}
      {screening && (
        <>
          <h3>Semantic layer</h3>
          <SemanticOutcomeView outcome={screening.semantic} settings={screening.semantic_settings} />
        </>
      )}
      <h3>Why it is here</h3>
      <ul>{flagReasons.map((r) => <li key={r}>{r}</li>)}</ul>
    </>
  );
}

/** What the external prompt classifier (when configured) said about this prompt, as stored with the decision. */
function PromptClassifierAnswer({ external }: { external: StoredExternalModeration | null }) {
  if (!external) return <span className="muted">not configured (rules only; see LOUPE_EXTERNAL_MODERATION in the README)</span>;
  if (external.status === 'unavailable') return <span className="bad">{external.provider} could not be asked ({external.error}); the rules decided alone</span>;
  const scores = Object.entries(external.topScores).map(([name, score]) => `${name} ${score.toFixed(3)}`).join(' · ');
  return (
    <span>
      {external.provider} {external.model}: {external.flagged ? <strong>flagged{external.categories.length > 0 ? ` (${external.categories.join(', ')})` : ''}</strong> : 'not flagged'}
      {scores && <span className="muted"> — top scores {scores}</span>}
    </span>
  );
}
