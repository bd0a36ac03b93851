/**
 * The review screen's audio panel (issue 15): what ffmpeg measured (EBU R128 loudness, loudness
 * range, true peak, clipping, silent stretches), the audio policy's findings (those that held the
 * clip first), and the transcript's spoken segments on the clip's timeline, each with its times, its
 * text with the rule matches marked, and the prompt policy's verdict. When speech was not
 * transcribed, the gap is named with its reason.
 */
import type { ReviewItemDetail } from './review-data';

type Audio = NonNullable<ReviewItemDetail['audio']>;
type Segment = Extract<Audio['transcript'], { status: 'ok' }>['segments'][number];

const db = (value: number | null, unit: string, empty: string) => (value === null ? empty : `${value.toFixed(1)} ${unit}`);
const pct = (value: number, of: number) => `${(Math.max(0, Math.min(1, of > 0 ? value / of : 0)) * 100).toFixed(2)}%`;

/** The segment's text with each rule match marked (offsets are into the segment's text). */
function MarkedText({ segment }: { segment: Segment }) {
  const matches = [...segment.matches].sort((a, b) => a.start - b.start);
  const parts: JSX.Element[] = [];
  let at = 0;
  matches.forEach((m, index) => {
    if (m.start < at) return; // overlapping matches: the first one is marked
    if (m.start > at) parts.push(<span key={`t${index}`}>{segment.text.slice(at, m.start)}</span>);
    parts.push(<mark key={`m${index}`} className={`hit ${m.action}`} title={`${m.ruleId} (${m.category})`}>{segment.text.slice(m.start, m.end)}</mark>);
    at = m.end;
  });
  if (at < segment.text.length) parts.push(<span key="rest">{segment.text.slice(at)}</span>);
  return <>{parts}</>;
}

/** The clip's timeline: silent stretches shaded, spoken segments as bars coloured by verdict. */
function Timeline({ audio, segments }: { audio: Audio; segments: readonly Segment[] }) {
  const duration = audio.durationSeconds;
  return (
    <div className="audio-timeline" role="img" aria-label={`Timeline of ${duration.toFixed(1)} s: ${segments.length} spoken segments, ${audio.silences.length} silent stretches`}>
      {audio.silences.map((s, i) => (
        <span key={`s${i}`} className="silence" style={{ left: pct(s.start, duration), width: pct(s.end - s.start, duration) }} title={`silent ${s.start.toFixed(1)}–${s.end.toFixed(1)} s`} />
      ))}
      {segments.map((s, i) => (
        <a key={`p${i}`} href={`#speech-${i}`} className={`speech ${s.verdict}`} style={{ left: pct(s.start, duration), width: pct(s.end - s.start, duration) }} title={`${s.start.toFixed(1)}–${s.end.toFixed(1)} s: ${s.text}`} />
      ))}
    </div>
  );
}

export function AudioPanel({ audio }: { audio: ReviewItemDetail['audio'] }) {
  if (audio === null) {
    return <p className="muted" data-testid="audio-panel">Not checked: this clip was moderated before the audio check existed.</p>;
  }
  const transcript = audio.transcript;
  const findings = [...audio.findings].sort((a, b) => Number(b.holds) - Number(a.holds));
  return (
    <div className="audio-panel" data-testid="audio-panel" data-verdict={audio.verdict}>
      <p className="small">
        <span className={`tag ${audio.verdict}`}>{audio.verdict === 'review' ? 'held for review' : 'allowed'}</span>{' '}
        audio policy {audio.policyVersion}
      </p>
      {audio.hasAudio ? (
        <dl className="facts compact">
          <dt>Loudness</dt><dd>{db(audio.integratedLufs, 'LUFS', 'below −70 LUFS')} integrated (EBU R128), range {db(audio.loudnessRangeLu, 'LU', '–')}</dd>
          <dt>True peak</dt><dd>{db(audio.truePeakDbtp, 'dBTP', 'silence')}</dd>
          <dt>Clipping</dt><dd>{audio.clippedSamples} of {audio.totalSamples} samples at full scale ({pct(audio.clippedSamples, audio.totalSamples)})</dd>
          <dt>Silence</dt><dd>{audio.silences.length === 0 ? 'none' : audio.silences.map((s) => `${s.start.toFixed(1)}–${s.end.toFixed(1)} s`).join(', ')}</dd>
        </dl>
      ) : null}
      {findings.length > 0 && (
        <ul className="audio-findings">
          {findings.map((f, i) => <li key={i} className={f.holds ? 'bad' : 'muted'} data-kind={f.kind}>{f.reason}</li>)}
        </ul>
      )}
      <h4>Speech</h4>
      {transcript.status === 'unavailable' ? (
        <p className="placeholder small" data-testid="speech-gap">Speech not transcribed: {transcript.error}.</p>
      ) : (
        <>
          <p className="small muted">{transcript.model} · {transcript.language ?? 'no speech heard'} · screened with prompt policy {transcript.policyVersion}</p>
          <Timeline audio={audio} segments={transcript.segments} />
          {transcript.segments.length === 0 ? (
            <p className="muted small">No speech in the clip.</p>
          ) : (
            <table className="grid compact" data-testid="transcript">
              <thead><tr><th>Time</th><th>Said</th><th>Verdict</th></tr></thead>
              <tbody>
                {transcript.segments.map((s, i) => (
                  <tr key={i} id={`speech-${i}`} className={s.verdict === 'allow' ? undefined : 'bad'} data-start={s.start} data-end={s.end}>
                    <td className="score">{s.start.toFixed(1)}–{s.end.toFixed(1)} s</td>
                    <td><MarkedText segment={s} /></td>
                    <td>
                      <span className={`tag ${s.verdict}`}>{s.verdict}</span>
                      {s.categories.length > 0 && <span className="muted small"> {s.categories.join(', ').replaceAll('_', ' ')}</span>}
                      {s.semantic && <span className="muted small"> · semantic {s.semantic.category.replaceAll('_', ' ')} {s.semantic.score.toFixed(3)}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
