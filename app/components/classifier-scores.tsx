/**
 * The review screen's classifier panel: the visual classifier's highest score per class over the
 * sampled frames, as numbers and bars (never images; the frames themselves stay in the blurred
 * keyframe strip, which each "frame n" links to). Says plainly what the model does not judge.
 */
import { EXPLICIT_REVIEW_THRESHOLD, TEEN_SUGGESTIVE_REVIEW_THRESHOLD } from '../../policies/review';
import { NSFW_CLASS_NAMES, type ClassMaximum, type VisualClassifierSummary } from '../../policies/visual-classifier';

/** Where each class's score matters for routing (policies/review.ts), shown beside its bar. */
const THRESHOLD_NOTES: Partial<Record<(typeof NSFW_CLASS_NAMES)[number], string>> = {
  Sexy: `review at ≥ ${TEEN_SUGGESTIVE_REVIEW_THRESHOLD.toFixed(2)} for teen accounts`,
};

function ScoreRow({ label, max, note, flagged }: { label: string; max: ClassMaximum; note?: string; flagged: boolean }) {
  const percent = Math.round(max.score * 1000) / 10;
  return (
    <tr className={flagged ? 'bad' : undefined}>
      <th scope="row">{label}</th>
      <td className="score">{max.score.toFixed(2)}</td>
      <td className="score-bar-cell">
        <div className="score-bar" role="img" aria-label={`${label}: ${percent}%`}><span style={{ width: `${percent}%` }} /></div>
        {note && <span className="muted small">{note}</span>}
      </td>
      <td><a href={`#keyframe-${max.position}`}>frame {max.position + 1}</a> <span className="muted">({max.atSeconds.toFixed(1)} s)</span></td>
    </tr>
  );
}

export function ClassifierScores({ visual }: { visual: { summary: VisualClassifierSummary } | null }) {
  return (
    <div className="classifier-scores" data-testid="classifier-scores">
      {visual === null ? (
        <p className="muted">Not classified: this clip was moderated before the visual classifier existed, or the classifier could not score it (the flag reasons say so).</p>
      ) : (
        <>
          <p className="small">
            <strong>{visual.summary.model}</strong> · highest score per class over {visual.summary.framesClassified} frames sampled at the keyframe strip’s instants
          </p>
          <table className="grid compact">
            <thead><tr><th>Class</th><th>Max</th><th /><th>Frame</th></tr></thead>
            <tbody>
              <ScoreRow
                label="Porn + Hentai"
                max={visual.summary.maxExplicit}
                note={`review at ≥ ${EXPLICIT_REVIEW_THRESHOLD.toFixed(2)}`}
                flagged={visual.summary.maxExplicit.score >= EXPLICIT_REVIEW_THRESHOLD}
              />
              {NSFW_CLASS_NAMES.map((name) => (
                <ScoreRow key={name} label={name} max={visual.summary.maxByClass[name]} note={THRESHOLD_NOTES[name]} flagged={false} />
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="muted small">
        A generic NSFW image model: it judges nudity and sexual content in single frames. It does not judge violence, gore,
        self-harm, hate symbols, likeness or on-screen text, nor anything between the sampled frames.
      </p>
      <p className="placeholder small">Placeholder: there is no violence classifier. (The sound is checked under Audio.)</p>
    </div>
  );
}
