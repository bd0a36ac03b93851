/**
 * Demo: the acting creator's copyright blocks and takedowns, and their disputes (issue 13): dispute
 * one (POST /api/v1/copyright-disputes), follow each dispute's state and deadline, and appeal a claim
 * the claimant upheld (POST /api/v1/copyright-disputes/{id}/appeal). Every call goes through the app API.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { DISPUTE_STATE_WORDS, timeLeft } from '../components/copyright-dispute-words';
import type { CopyrightDisputeState } from '../../policies/copyright/disputes';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type Disputable = { matchId: string; action: 'blocked' | 'taken_down'; requestId: string | null; videoId: string | null; entityName: string | null; matchedAt: string; openDisputeId: string | null };
type Dispute = {
  disputeId: string; state: CopyrightDisputeState; outcome: string | null; outcomeReason: string | null; matchAction: 'blocked' | 'taken_down';
  videoId: string | null; entityName: string | null; deadline: string | null; mayAppeal: boolean; reinstated: boolean; filedAt: string;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const result = await api<{ disputes: Dispute[]; disputable: Disputable[] }>('GET', '/copyright-disputes');
  if (!result.ok) return { disputes: [] as Dispute[], disputable: [] as Disputable[], error: result.message };
  return { ...result.data, error: null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const statement = String(form.get('statement') ?? '');
  if (form.get('intent') === 'appeal') {
    const disputeId = String(form.get('disputeId') ?? '');
    const result = await api('POST', `/copyright-disputes/${encodeURIComponent(disputeId)}/appeal`, { statement });
    return result.ok ? { message: 'Appeal sent: the claimant has 7 days to answer it.', error: null } : { message: null, error: result.message };
  }
  const result = await api('POST', '/copyright-disputes', { matchId: String(form.get('matchId') ?? ''), statement });
  return result.ok ? { message: 'Dispute sent: the claimant has until the deadline below to answer; without an answer the claim is released.', error: null } : { message: null, error: result.message };
}

export default function DemoDisputes() {
  const { disputes, disputable, error } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const open = disputable.filter((match) => !match.openDisputeId);
  const appealable = disputes.filter((dispute) => dispute.mayAppeal);
  return (
    <div className="stack">
      {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
      {result?.message && <p className="ok" role="status">{result.message}</p>}
      <Form method="post" action={`${location.pathname}${location.search}`} className="card stack">
        <h2>Dispute this takedown or block</h2>
        <p className="muted">If you have the rights to what a copyright match stopped (your own work, a licence, parody), say so: the rights holder has a deadline to answer.</p>
        <label>Copyright takedown or block
          <select name="matchId" required>
            <option value="">choose…</option>
            {open.map((match) => (
              <option key={match.matchId} value={match.matchId}>
                {match.action === 'taken_down' ? 'takedown of video' : 'block of request'} {(match.videoId ?? match.requestId ?? '').slice(0, 8)} · {match.entityName ?? 'a copyrighted work'}
              </option>
            ))}
          </select>
        </label>
        <label>Why you have the right to use it<textarea name="statement" rows={4} maxLength={4000} /></label>
        <button type="submit" className="primary" name="intent" value="dispute">Send dispute</button>
      </Form>
      {appealable.length > 0 && (
        <Form method="post" action={`${location.pathname}${location.search}`} className="card stack">
          <h2>Appeal an upheld claim</h2>
          <label>Dispute
            <select name="disputeId" required>
              {appealable.map((dispute) => <option key={dispute.disputeId} value={dispute.disputeId}>{dispute.entityName ?? 'a copyrighted work'} · appeal until {dispute.deadline ? new Date(dispute.deadline).toLocaleString() : '—'}</option>)}
            </select>
          </label>
          <label>Why the claim is wrong<textarea name="statement" rows={4} maxLength={4000} /></label>
          <button type="submit" className="primary" name="intent" value="appeal">Send appeal</button>
        </Form>
      )}
      <section className="card">
        <h2>My copyright disputes</h2>
        {disputes.length === 0 ? <p className="empty">No disputes yet.</p> : (
          <table className="grid">
            <thead><tr><th>Filed</th><th>Work</th><th>Disputed</th><th>State</th><th>Deadline</th><th>Outcome</th></tr></thead>
            <tbody>
              {disputes.map((dispute) => (
                <tr key={dispute.disputeId} data-dispute-id={dispute.disputeId}>
                  <td>{new Date(dispute.filedAt).toLocaleString()}</td>
                  <td>{dispute.entityName ?? '—'}</td>
                  <td>{dispute.matchAction === 'taken_down' ? 'takedown' : 'block'}</td>
                  <td>{DISPUTE_STATE_WORDS[dispute.state]}</td>
                  <td>{dispute.deadline ? `${new Date(dispute.deadline).toLocaleString()} (${timeLeft(dispute.deadline)})` : '—'}</td>
                  <td>{dispute.outcome ? `${dispute.outcome.replaceAll('_', ' ')}${dispute.reinstated ? ': your video is published again' : ''}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
