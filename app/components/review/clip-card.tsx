/** The generated clip behind the wellness filters: keyframes, player, the reviewer's filter settings and the clip's checks. */
import { ClassifierScores } from '../classifier-scores';
import { AudioPanel } from './audio-panel';
import { KeyframeStrip, WellnessVideo, type WellnessSettings } from '../wellness-media';
import type { ReviewerWellness, ReviewItemDetail } from './review-data';

export function ClipCard(props: {
  video: ReviewItemDetail['video'];
  keyframes: ReviewItemDetail['keyframes'];
  visualClassifier: ReviewItemDetail['visualClassifier'];
  /** Issue 15: the clip's audio check (null before it existed). */
  audio: ReviewItemDetail['audio'];
  settings: WellnessSettings;
  defaults: ReviewerWellness['defaults'];
  revealed: boolean;
  onToggle: () => void;
  /** Shows new settings at once (while a slider moves). */
  onPreview: (settings: WellnessSettings) => void;
  /** Shows and stores new settings as the reviewer's own. */
  onSave: (settings: WellnessSettings) => void;
}) {
  const { video, keyframes, visualClassifier, audio, settings, defaults, revealed, onToggle, onPreview, onSave } = props;
  return (
    <section className="card">
      <h2>Clip</h2>
      {video ? (
        <>
          <KeyframeStrip frames={keyframes} settings={settings} revealed={revealed} />
          <WellnessVideo src={`/media/${video.id}.mp4`} settings={settings} revealed={revealed} onToggle={onToggle} />
          <details className="wellness-prefs">
            <summary>My media filters</summary>
            <label>Blur ({settings.blurPx}px)<input type="range" min={0} max={60} value={settings.blurPx} onChange={(e) => onPreview({ ...settings, blurPx: Number(e.target.value) })} onMouseUp={() => onSave(settings)} onKeyUp={() => onSave(settings)} /></label>
            <label className="inline"><input type="checkbox" checked={settings.greyscale} onChange={(e) => onSave({ ...settings, greyscale: e.target.checked })} /> Greyscale</label>
            <label className="inline"><input type="checkbox" checked={settings.muted} onChange={(e) => onSave({ ...settings, muted: e.target.checked })} /> Muted</label>
            <p className="muted small">Organisation default: blur {defaults.blurPx}px, {defaults.greyscale ? 'greyscale' : 'colour'}, {defaults.muted ? 'muted' : 'sound on'}.</p>
          </details>
          <dl className="facts">
            <dt>Generator</dt><dd>{video.generator.name}</dd>
            <dt>Content Credentials</dt><dd><span className={`tag ${video.validation_state === 'Trusted' ? 'allow' : 'block'}`}>{video.validation_state ?? 'none'}</span> C2PA manifest signed by Loupe</dd>
            <dt>Technical checks</dt>
            <dd>{video.moderation?.checks.map((c) => <div key={c.name} className={c.passed ? 'ok' : 'bad'}>{c.passed ? '✓' : '✗'} {c.name}: {c.detail}</div>)}</dd>
            <dt>Classifier scores</dt><dd><ClassifierScores visual={visualClassifier} /></dd>
            <dt>Audio</dt><dd><AudioPanel audio={audio} /></dd>
          </dl>
        </>
      ) : (
        <p className="muted">No clip yet: prompts are reviewed before anything is generated.</p>
      )}
    </section>
  );
}
