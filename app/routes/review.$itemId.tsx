import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useNavigate, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useState } from 'react';
import { REVIEW_REASONS } from '../../policies/review';
import { GuardedVideo } from '../components/guarded-video';
import { HighlightedPrompt } from '../components/highlighted-prompt';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Review · Loupe' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const detail = await orHttpError(trpc.review.item({ itemId: params.itemId ?? '' }));
  return { detail, canDecide: detail.item.allowed_roles.includes(staff.role) };
}

type Decision = 'approve' | 'reject';

export default function ReviewItem() {
  const { detail, canDecide } = useLoaderData<typeof loader>();
  const { item, request, screening, consent, video, history } = detail;
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const open = item.state === 'open';

  const decide = useCallback(
    async (decision: Decision) => {
      if (!open || busy) return;
      const chosen = reason || REVIEW_REASONS[decision][0];
      setBusy(true);
      setError(null);
      try {
        await trpcClient.review.decide.mutate({ itemId: item.id, decision, reason: chosen, note: note || null, expectedVersion: item.version });
        navigate('/queues');
      } catch (caught) {
        setError(errorMessage(caught));
        revalidator.revalidate();
      } finally {
        setBusy(false);
      }
    },
    [open, busy, reason, note, item.id, item.version, navigate, revalidator],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // Shortcuts are off while typing in a field.
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === 'a' && canDecide) void decide('approve');
      else if (event.key === 'r' && canDecide) void decide('reject');
      else if (event.key === 'v') setRevealed((value) => !value);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide, canDecide]);

  return (
    <div className="page review">
      <p><Link to="/queues">← Queues</Link></p>
      <h1>
        {item.kind === 'prompt' ? 'Flagged prompt' : 'Flagged clip'} <span className={`state ${item.state}`}>{item.state}</span>
      </h1>
      <p className="muted">
        {item.queue_name} · request <code>{request.id}</code> · by @{request.handle} ({request.age_band}) · version {item.version}
        {item.escalated_at && ' · escalated after its SLA'}
      </p>

      <div className="columns">
        <section className="card">
          <h2>Prompt</h2>
          <HighlightedPrompt text={request.prompt} matches={screening?.matches ?? []} />
          {screening && (
            <dl className="facts">
              <dt>Verdict</dt><dd><span className={`tag ${screening.verdict}`}>{screening.verdict}</span> {screening.categories.join(', ')}</dd>
              <dt>Matched rules</dt><dd>{screening.matches.length === 0 ? 'none' : screening.matches.map((m) => `${m.ruleId} (“${m.term}”)`).join(', ')}</dd>
              <dt>Policy version</dt><dd><code>{screening.policy_version}</code></dd>
            </dl>
          )}
          <h3>Why it is here</h3>
          <ul>{item.flag_reasons.map((r) => <li key={r}>{r}</li>)}</ul>

          <h3>Cameos and consent</h3>
          {consent.length === 0 ? <p className="muted">No cameos in this request.</p> : (
            <table className="grid compact">
              <thead><tr><th>Cameo</th><th>Owner</th><th>Access</th><th>Consent</th></tr></thead>
              <tbody>
                {consent.map((c) => (
                  <tr key={c.display_name}><td>{c.display_name}</td><td>@{c.owner_handle}</td><td>{c.access_level.replace('_', ' ')}</td>
                    <td className={c.allowed ? 'ok' : 'bad'}>{c.allowed ? 'allowed' : 'refused'}: {c.reason}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {request.remix_of_video_id && <p>Remix of <Link to={`/videos/${request.remix_of_video_id}`}>video {request.remix_of_video_id.slice(0, 8)}</Link></p>}
        </section>

        <section className="card">
          <h2>Clip</h2>
          {video ? (
            <>
              <GuardedVideo src={`/media/${video.id}.mp4`} revealed={revealed} onToggle={() => setRevealed((v) => !v)} />
              <dl className="facts">
                <dt>Generator</dt><dd>{video.generator.name}</dd>
                <dt>Content Credentials</dt><dd><span className={`tag ${video.validation_state === 'Trusted' ? 'allow' : 'block'}`}>{video.validation_state ?? 'none'}</span> C2PA manifest signed by Loupe</dd>
                <dt>Technical checks</dt>
                <dd>{video.moderation?.checks.map((c) => <div key={c.name} className={c.passed ? 'ok' : 'bad'}>{c.passed ? '✓' : '✗'} {c.name}: {c.detail}</div>)}</dd>
                <dt>Classifier scores</dt><dd className="placeholder">Placeholder: visual and audio classifiers are not wired in yet.</dd>
              </dl>
            </>
          ) : (
            <p className="muted">No clip yet: prompts are reviewed before anything is generated.</p>
          )}
        </section>
      </div>

      <section className="card decision">
        <h2>Decision</h2>
        {!open ? (
          <p>Decided <strong>{item.state}</strong> by {item.decided_by_email ?? 'unknown'}: {item.decision_reason}{item.decision_note ? ` — ${item.decision_note}` : ''}</p>
        ) : !canDecide ? (
          <p className="muted">Your role can read this queue but not decide in it.</p>
        ) : (
          <div className="stack">
            <label>Policy reason
              <select value={reason} onChange={(e) => setReason(e.target.value)}>
                <option value="">(first reason of the chosen decision)</option>
                <optgroup label="Approve">{REVIEW_REASONS.approve.map((r) => <option key={r} value={r}>{r}</option>)}</optgroup>
                <optgroup label="Reject">{REVIEW_REASONS.reject.map((r) => <option key={r} value={r}>{r}</option>)}</optgroup>
              </select>
            </label>
            <label>Internal note<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} /></label>
            {error && <p className="error" role="alert">{error}</p>}
            <div className="buttons">
              <button type="button" className="approve" disabled={busy} onClick={() => decide('approve')}>Approve <kbd>a</kbd></button>
              <button type="button" className="reject" disabled={busy} onClick={() => decide('reject')}>Reject <kbd>r</kbd></button>
            </div>
          </div>
        )}
      </section>

      <section className="card">
        <h2>History</h2>
        <ol className="history">
          <li>{new Date(item.created_at).toLocaleString()} · flagged by the pipeline</li>
          {history.map((h, i) => <li key={i}>{new Date(h.at).toLocaleString()} · {h.actor_label} · {h.action}</li>)}
        </ol>
      </section>
    </div>
  );
}
