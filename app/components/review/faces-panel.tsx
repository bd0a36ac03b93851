/**
 * The review screen's "Faces" panel (issue 12): every face the face checks found in the request's
 * source image and in the generated clip's sampled frames, what it matched (cameo or protected
 * person, by the name it had at the time) and the distance beside the cut-off. Text only: no face
 * crop and no embedding is ever sent to the browser, so nothing here needs the media blur.
 */
import type { FaceCheckOutcome } from '../../../policies/faces';

/** One recorded face as the screen receives it (app/services/review-item.server.ts). */
export interface ReviewFace {
  stage: 'source_image' | 'keyframe';
  framePosition: number | null;
  faceIndex: number;
  photorealistic: boolean;
  outcome: FaceCheckOutcome;
  matchedKind: 'cameo' | 'protected_person' | null;
  matchedName: string | null;
  distance: number | null;
  threshold: number;
}

const OUTCOME_WORDS: Record<FaceCheckOutcome, { text: string; tone: 'ok' | 'bad' | 'warn' | 'muted' }> = {
  consented_cameo: { text: 'a cameo with consent', tone: 'ok' },
  protected_person: { text: 'a protected person', tone: 'bad' },
  unconsented_cameo: { text: 'a cameo without consent', tone: 'bad' },
  unmatched_photorealistic: { text: 'an unknown real-looking face', tone: 'warn' },
  unmatched_not_photorealistic: { text: 'a drawn face, no match', tone: 'muted' },
};

function distanceText(face: ReviewFace): string {
  if (face.distance === null) return 'no stored face to compare';
  const within = face.distance <= face.threshold;
  return `${face.distance.toFixed(3)} ${within ? '≤' : '>'} ${face.threshold} (${within ? 'a match' : 'nearest stored face, not a match'})`;
}

/** The panel; says so when the request was not checked for faces or none were found. */
export function FacesPanel({ faces }: { faces: ReviewFace[] }) {
  if (faces.length === 0) return <p className="muted" data-testid="faces-none">No faces were found (or the request predates face checks).</p>;
  return (
    <table className="grid compact" data-testid="faces-panel">
      <thead><tr><th>Where</th><th>Face</th><th>Outcome</th><th>Matched</th><th>Distance vs cut-off</th></tr></thead>
      <tbody>
        {faces.map((face) => {
          const words = OUTCOME_WORDS[face.outcome];
          return (
            <tr key={`${face.stage}:${face.framePosition ?? '-'}:${face.faceIndex}`} data-testid="face-row">
              <td>{face.stage === 'source_image' ? 'source image' : `frame ${(face.framePosition ?? 0) + 1}`}</td>
              <td>#{face.faceIndex + 1}{face.photorealistic ? '' : <span className="muted"> (drawing)</span>}</td>
              <td className={words.tone}>{words.text}</td>
              <td>{face.matchedName === null ? <span className="muted">nobody</span> : <>{face.matchedName} <span className="muted">({face.matchedKind === 'cameo' ? 'cameo' : 'protected person'})</span></>}</td>
              <td>{distanceText(face)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
