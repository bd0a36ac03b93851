/** Staff administration (admin only): invite, disable, re-role; org wellness defaults and the QA share. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { readOrgSetting } from '../../db/queries/org-settings';
import { STAFF_ROLES, type StaffRole } from '../../policies/staff-access';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Staff admin · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const [list, wellness] = await Promise.all([orHttpError(trpc.staff.list()), orHttpError(trpc.review.wellness())]);
  const qa = (await readOrgSetting(context.db, 'qa_sample')) as { rate?: number | null } | undefined;
  return { ...list, me: staff.id, orgWellness: wellness.defaults, qaRate: qa?.rate ?? null };
}

export default function Admin() {
  const { staff, invites, me, orgWellness, qaRate } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inviteEmail, setInviteEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<StaffRole>('reviewer');
  const [blurPx, setBlurPx] = useState(orgWellness.blurPx);
  const [greyscale, setGreyscale] = useState(orgWellness.greyscale);
  const [muted, setMuted] = useState(orgWellness.muted);
  const [qa, setQa] = useState(qaRate === null ? '' : String(qaRate * 100));

  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    try {
      await action();
      setMessage(done);
      revalidator.revalidate();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const invite = async () => {
    setError(null);
    try {
      const { invitePath } = await trpcClient.staff.createInvite.mutate({ email: inviteEmail, role: inviteRole });
      setInviteEmail('');
      setMessage(`Invite created. Send this one-time link (valid 72 hours): ${window.location.origin}${invitePath}`);
      revalidator.revalidate();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <div className="page">
      <h1>Staff administration</h1>
      {message && <p className="ok" role="status">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <section className="card">
        <h2>Invite a colleague</h2>
        <div className="row">
          <label>Work email<input type="email" value={inviteEmail} onChange={(e) => setInviteEmail(e.target.value)} /></label>
          <label>Role<select value={inviteRole} onChange={(e) => setInviteRole(e.target.value as StaffRole)}>{STAFF_ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}</select></label>
        </div>
        <button type="button" className="primary" onClick={invite}>Create invite link</button>
        {invites.length > 0 && (
          <table className="grid compact">
            <thead><tr><th>Invited</th><th>Role</th><th>Expires</th><th>Status</th></tr></thead>
            <tbody>{invites.map((i) => <tr key={`${i.email}-${String(i.created_at)}`}><td>{i.email}</td><td>{i.role}</td><td>{new Date(i.expires_at).toLocaleString()}</td><td>{i.used_at ? 'joined' : 'pending'}</td></tr>)}</tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Staff</h2>
        <table className="grid">
          <thead><tr><th>Email</th><th>Name</th><th>Role</th><th>Sessions</th><th>Status</th><th /></tr></thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id} data-staff-id={s.id}>
                <td>{s.email}</td>
                <td>{s.display_name}</td>
                <td>
                  <select aria-label={`Role of ${s.email}`} value={s.role} disabled={s.id === me}
                    onChange={(e) => run(() => trpcClient.staff.setRole.mutate({ staffId: s.id, role: e.target.value as StaffRole }), `${s.email} is now ${e.target.value.replace('_', ' ')}.`)}>
                    {STAFF_ROLES.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}
                  </select>
                </td>
                <td>{s.active_sessions ?? 0}</td>
                <td>{s.disabled_at ? <span className="bad">disabled</span> : 'active'}</td>
                <td>
                  {s.id !== me && (
                    <button type="button" onClick={() => run(() => trpcClient.staff.setDisabled.mutate({ staffId: s.id, disabled: !s.disabled_at }), s.disabled_at ? `${s.email} re-enabled.` : `${s.email} disabled; their sessions were revoked.`)}>
                      {s.disabled_at ? 'Re-enable' : 'Disable'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="columns">
        <section className="card stack">
          <h2>Wellness defaults (organisation)</h2>
          <p className="muted">What every reviewer sees unless they set their own preference on a review screen.</p>
          <label>Blur strength ({blurPx}px)<input type="range" min={0} max={60} value={blurPx} onChange={(e) => setBlurPx(Number(e.target.value))} /></label>
          <label><input type="checkbox" checked={greyscale} onChange={(e) => setGreyscale(e.target.checked)} /> Greyscale</label>
          <label><input type="checkbox" checked={muted} onChange={(e) => setMuted(e.target.checked)} /> Muted</label>
          <button type="button" onClick={() => run(() => trpcClient.review.setOrgWellness.mutate({ blurPx, greyscale, muted }), 'Wellness defaults saved.')}>Save defaults</button>
        </section>
        <section className="card stack">
          <h2>QA sample</h2>
          <p className="muted">Share of clips that would be published without review which go to the QA sample queue instead. Empty: the worker's default.</p>
          <label>Share (%)<input type="number" min={0} max={100} step={0.5} value={qa} onChange={(e) => setQa(e.target.value)} /></label>
          <button type="button" onClick={() => run(() => trpcClient.review.setQaSampleRate.mutate({ rate: qa === '' ? null : Number(qa) / 100 }), 'QA share saved.')}>Save QA share</button>
        </section>
      </div>
    </div>
  );
}
