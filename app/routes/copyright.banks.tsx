/**
 * /copyright/banks (issue 13): the hash banks and their flood alerts. Everyone who may read sees
 * every bank (kind, work, owner, cut-off, on/off, hashes, matches in the last day) and the open
 * flood alerts; legal and admins create imported banks, import hash lists (CSV or JSON, read in the
 * browser and sent as text), switch banks on (which starts a rescan) and off, change cut-offs, and
 * confirm or release a quarantined hash. The loader makes one call; every change is one mutation.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { roleMayDo } from '../../policies/staff-access';
import { CopyrightTabs } from '../components/copyright-tabs';
import { trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';
import { useConsoleAction } from '../trpc/use-console-action';

export const meta: MetaFunction = () => [{ title: 'Hash banks · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  return { ...(await orHttpError(trpc.hashBanks.list())), mayChange: roleMayDo(staff.role, 'copyright_banks'), maySetRule: roleMayDo(staff.role, 'admin') };
}

const hours = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds} s`);

export default function CopyrightBanks() {
  const { banks, alerts, floodRule, mayChange, maySetRule } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const action = useConsoleAction();
  const { busy, error } = action;
  const [notice, setNotice] = useState<string | null>(null);
  const run = (mutation: () => Promise<string | null | void>) =>
    action.run(async () => {
      setNotice((await mutation()) ?? null);
      revalidator.revalidate();
    });
  const [created, setCreated] = useState({ name: '', kind: 'positive' as 'positive' | 'negative', owner: '', rule: '' as '' | 'allow' | 'review' | 'block', cutoff: 31, note: '' });
  const [importBank, setImportBank] = useState('');
  const [alertNote, setAlertNote] = useState('');
  const [rule, setRule] = useState(floodRule);
  const importable = banks.filter((bank) => bank.source === 'import');

  return (
    <div className="page">
      <h1>Hash banks</h1>
      <CopyrightTabs />
      <p className="muted">
        Banks of PDQ hashes: a rights holder&apos;s reference media, or imported lists. A clip frame within a bank&apos;s cut-off of one of its hashes
        matches; the work&apos;s rule decides (block, or the copyright queue). A <strong>negative</strong> bank (public domain, licensed uses) cancels the
        positive matches of the frame it matches. Switching a bank on rescans every published video against it.
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}

      <section className="card">
        <h2>Flood quarantine</h2>
        <p className="muted small">
          A bank hash that suddenly matches far more clips than it usually does is quarantined: its new matches are held, not acted on, until a person
          confirms it (the matches were real: it acts again, held matches are listed) or releases it (a bad hash: disabled, held matches cancelled).
        </p>
        <p className="small" data-testid="flood-rule">
          {`The rule: at least ${floodRule.minRecentMatches} pipeline matches of one hash in ${hours(floodRule.windowSeconds)}, and more than ${floodRule.rateMultiple} times its usual rate over the ${hours(floodRule.baselineSeconds)} before. Rescan matches are not counted.`}
        </p>
        {maySetRule && (
          <form className="inline" onSubmit={(e) => {
            e.preventDefault();
            run(async () => {
              await trpcClient.hashBanks.setFloodRule.mutate(rule);
              return 'The flood rule is changed; the next bank check uses it.';
            });
          }}>
            <label>Window (s) <input type="number" min={60} value={rule.windowSeconds} onChange={(e) => setRule({ ...rule, windowSeconds: Number(e.target.value) })} /></label>{' '}
            <label>At least <input type="number" min={2} value={rule.minRecentMatches} onChange={(e) => setRule({ ...rule, minRecentMatches: Number(e.target.value) })} /></label>{' '}
            <label>Baseline (s) <input type="number" min={3600} value={rule.baselineSeconds} onChange={(e) => setRule({ ...rule, baselineSeconds: Number(e.target.value) })} /></label>{' '}
            <label>Times the usual rate <input type="number" min={1} step="any" value={rule.rateMultiple} onChange={(e) => setRule({ ...rule, rateMultiple: Number(e.target.value) })} /></label>{' '}
            <button type="submit" disabled={busy}>Save rule</button>
          </form>
        )}
        {alerts.length === 0 ? <p className="empty">No open flood alerts.</p> : (
          <>
            {mayChange && (
              <label>Why (for the audit log) <input value={alertNote} onChange={(e) => setAlertNote(e.target.value)} placeholder="e.g. a generic gradient frame" /></label>
            )}
            <table className="grid compact">
              <thead><tr><th>Raised</th><th>Bank</th><th>Hash</th><th>What the rule saw</th><th>Held matches</th><th></th></tr></thead>
              <tbody>
                {alerts.map((alert) => (
                  <tr key={alert.id} data-alert-id={alert.id}>
                    <td className="nowrap">{new Date(alert.raisedAt).toLocaleString()}</td>
                    <td>{alert.bankName}</td>
                    <td><code title={alert.hashHex}>{alert.hashHex.slice(0, 16)}…</code></td>
                    <td>{`${alert.recentMatches} matches in ${hours(alert.windowSeconds)}; ${alert.baselineMatches} in the ${hours(alert.baselineSeconds)} before`}</td>
                    <td>{alert.heldMatches}</td>
                    <td>
                      {mayChange && (
                        <>
                          <button type="button" className="approve" disabled={busy} onClick={() => run(async () => {
                            const { heldMatches } = await trpcClient.hashBanks.decideFloodAlert.mutate({ alertId: alert.id, decision: 'confirm', note: alertNote });
                            return `Confirmed: the hash acts again. ${heldMatches.length} held match${heldMatches.length === 1 ? '' : 'es'} to act on: ${heldMatches.map((m) => m.requestId ?? m.videoId).join(', ') || 'none'}.`;
                          })}>Confirm</button>{' '}
                          <button type="button" className="reject" disabled={busy} onClick={() => run(async () => {
                            await trpcClient.hashBanks.decideFloodAlert.mutate({ alertId: alert.id, decision: 'release', note: alertNote });
                            return 'Released: the hash is disabled and its held matches cancelled.';
                          })}>Release</button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="card">
        <h2>Banks</h2>
        {banks.length === 0 ? <p className="empty">No banks yet: an approved claim with reference media makes one, or create an imported bank below.</p> : (
          <table className="grid compact">
            <thead><tr><th>Name</th><th>Kind</th><th>Work</th><th>Owner</th><th>Cut-off (bits)</th><th>Hashes</th><th>Matches (24 h)</th><th>On</th></tr></thead>
            <tbody>
              {banks.map((bank) => (
                <tr key={bank.id} data-bank-id={bank.id}>
                  <td>{bank.name}<div className="muted small">{bank.source === 'import' ? 'imported list' : 'reference media'}</div></td>
                  <td><span className={`tag ${bank.kind === 'negative' ? 'allow' : 'block'}`}>{bank.kind}</span></td>
                  <td>{bank.entityName ?? (bank.rule ? <span className="muted">no work; rule: {bank.rule}</span> : '—')}</td>
                  <td>{bank.owner}</td>
                  <td>
                    {mayChange ? (
                      <input type="number" min={0} max={31} defaultValue={bank.cutoff} aria-label={`Cut-off of ${bank.name}`} disabled={busy}
                        onBlur={(e) => {
                          const cutoff = Number(e.target.value);
                          if (cutoff !== bank.cutoff) run(async () => {
                            await trpcClient.hashBanks.setCutoff.mutate({ bankId: bank.id, cutoff });
                            return `The cut-off of ${bank.name} is now ${cutoff} bits.`;
                          });
                        }} />
                    ) : bank.cutoff}
                  </td>
                  <td>{bank.hashCount}</td>
                  <td>{bank.matchesLastDay}</td>
                  <td>
                    {mayChange ? (
                      <input type="checkbox" checked={bank.enabled} disabled={busy} aria-label={`${bank.name} switched on`}
                        onChange={(e) => run(async () => {
                          const { rescanId } = await trpcClient.hashBanks.setEnabled.mutate({ bankId: bank.id, enabled: e.target.checked });
                          return rescanId ? `${bank.name} is on; a rescan of the published videos started (see Rescans).` : `${bank.name} is ${e.target.checked ? 'on' : 'off'}.`;
                        })} />
                    ) : bank.enabled ? 'on' : 'off'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {mayChange && (
        <section className="card">
          <h2>Create an imported bank</h2>
          <form className="stack" onSubmit={(e) => {
            e.preventDefault();
            run(async () => {
              await trpcClient.hashBanks.create.mutate({ name: created.name, kind: created.kind, owner: created.owner, rule: created.rule || null, cutoff: created.cutoff, note: created.note || null });
              setCreated({ ...created, name: '', note: '' });
              return `Bank "${created.name}" created, switched off: import its hashes, then switch it on.`;
            });
          }}>
            <label>Name <input required value={created.name} onChange={(e) => setCreated({ ...created, name: e.target.value })} /></label>
            <label>Kind <select value={created.kind} onChange={(e) => setCreated({ ...created, kind: e.target.value as 'positive' | 'negative' })}>
              <option value="positive">positive (a match means the work is shown)</option>
              <option value="negative">negative (public domain or licensed: cancels a match)</option>
            </select></label>
            <label>Owner <input required value={created.owner} onChange={(e) => setCreated({ ...created, owner: e.target.value })} placeholder="the rights holder, or the team that supplied the list" /></label>
            {created.kind === 'positive' && (
              <label>Rule (a positive bank with no work needs one) <select value={created.rule} onChange={(e) => setCreated({ ...created, rule: e.target.value as '' | 'allow' | 'review' | 'block' })}>
                <option value="">choose…</option><option value="block">block</option><option value="review">review (copyright queue)</option><option value="allow">allow</option>
              </select></label>
            )}
            <label>Cut-off in bits (0–31; PDQ&apos;s guidance is 31) <input type="number" min={0} max={31} value={created.cutoff} onChange={(e) => setCreated({ ...created, cutoff: Number(e.target.value) })} /></label>
            <label>Note <input value={created.note} onChange={(e) => setCreated({ ...created, note: e.target.value })} /></label>
            <button type="submit" disabled={busy}>Create bank</button>
          </form>
        </section>
      )}

      {mayChange && importable.length > 0 && (
        <section className="card">
          <h2>Import hashes</h2>
          <p className="muted small">
            CSV with a header row <code>hash,quality,note</code> (quality and note optional), or JSON: an array of <code>{'{ "hash": "…" }'}</code> objects.
            One PDQ hash (64 hex digits) per row. A file with any bad row imports nothing; every bad line is named.
          </p>
          <label>Bank <select value={importBank} onChange={(e) => setImportBank(e.target.value)}>
            <option value="">choose…</option>
            {importable.map((bank) => <option key={bank.id} value={bank.id}>{bank.name}</option>)}
          </select></label>
          <label>File <input type="file" accept=".csv,.json,text/csv,application/json" disabled={busy || !importBank} onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            e.target.value = '';
            run(async () => {
              const report = await trpcClient.hashBanks.importHashes.mutate({ bankId: importBank, fileName: file.name, text: await file.text() });
              return `${file.name}: ${report.added} hash${report.added === 1 ? '' : 'es'} added, ${report.alreadyInBank} already in the bank.`;
            });
          }} /></label>
        </section>
      )}
    </div>
  );
}
