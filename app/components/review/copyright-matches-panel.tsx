/**
 * The review screen's "Copyright matches" panel (issue 13): every hash-bank match recorded for the
 * request's clip (copyright_matches): the work, the bank, the frame (1 fps: seconds from the start)
 * and region, the distance beside the bank's cut-off, and what Loupe did with it (blocked, queued
 * for this review, held by flood quarantine, cancelled by a negative bank, allowed by the holder).
 * Text only: no frame image, so nothing here needs the media blur.
 */

/** One recorded match as the screen receives it (app/services/review-item.server.ts). */
export interface ReviewCopyrightMatch {
  entityName: string | null;
  bankName: string;
  frameIndex: number | null;
  region: string | null;
  distance: number;
  cutoff: number;
  action: 'blocked' | 'queued' | 'taken_down' | 'held' | 'cancelled' | 'allowed';
}

const ACTION_WORDS: Record<ReviewCopyrightMatch['action'], { text: string; tone: 'ok' | 'bad' | 'warn' | 'muted' }> = {
  blocked: { text: 'blocked', tone: 'bad' },
  taken_down: { text: 'taken down', tone: 'bad' },
  queued: { text: 'sent to the copyright queue', tone: 'warn' },
  held: { text: 'held (flood quarantine)', tone: 'muted' },
  cancelled: { text: 'cancelled (negative bank or released hash)', tone: 'muted' },
  allowed: { text: 'allowed by the holder', tone: 'ok' },
};

/** The panel; says so when no frame matched a bank (or the request predates the bank check). */
export function CopyrightMatchesPanel({ matches }: { matches: ReviewCopyrightMatch[] }) {
  if (matches.length === 0) return <p className="muted" data-testid="copyright-matches-none">No frame matched a hash bank (or the request predates the bank check).</p>;
  return (
    <table className="grid compact" data-testid="copyright-matches-panel">
      <thead><tr><th>Work</th><th>Bank</th><th>Frame</th><th>Distance vs cut-off</th><th>Action</th></tr></thead>
      <tbody>
        {matches.map((match, i) => {
          const words = ACTION_WORDS[match.action];
          return (
            <tr key={i} data-testid="copyright-match-row">
              <td>{match.entityName ?? <span className="muted">no work (imported list)</span>}</td>
              <td>{match.bankName}</td>
              <td>{match.frameIndex === null ? '—' : `${match.frameIndex} s${match.region && match.region !== 'full' ? ` (${match.region} half)` : ''}`}</td>
              <td>{`${match.distance} ≤ ${match.cutoff} bits`}</td>
              <td className={words.tone}>{words.text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
