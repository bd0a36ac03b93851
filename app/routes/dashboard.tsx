import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { roleMayDo } from '../../policies/staff-access';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const days = Math.min(90, Math.max(1, Number(new URL(request.url).searchParams.get('days')) || 14));
  const data = await orHttpError(trpc.metrics.dashboard({ days }));
  return { ...data, daysShown: days, mayExport: roleMayDo(staff.role, 'audit') };
}

const COLORS = ['#7aa2ff', '#49c28a', '#ff6b6b', '#f3b64c', '#c792ea', '#89ddff', '#f78c6c', '#a3be8c', '#d08770', '#b48ead'];

/** Charts measure the DOM, so they render after hydration; the tables carry the same figures for the server render. */
function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

export default function Dashboard() {
  const { days, pending, blockRates, automation, appeals, throughput, generationCosts, daysShown, mayExport } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const mounted = useMounted();
  const queueIds = useMemo(() => [...new Set(days.map((d) => d.queue_id))], [days]);
  const [queue, setQueue] = useState(params.get('queue') ?? 'all');

  const perDay = useMemo(() => {
    const byDay = new Map<string, { day: string; inbound: number; decided: number; escalations: number; p50: number | null; p90: number | null }>();
    for (const row of days) {
      if (queue !== 'all' && row.queue_id !== queue) continue;
      const entry = byDay.get(row.day) ?? { day: row.day.slice(5), inbound: 0, decided: 0, escalations: 0, p50: null, p90: null };
      entry.inbound += row.inbound;
      entry.decided += row.decided;
      entry.escalations += row.escalations;
      if (row.p50_minutes !== null) entry.p50 = Math.max(entry.p50 ?? 0, row.p50_minutes);
      if (row.p90_minutes !== null) entry.p90 = Math.max(entry.p90 ?? 0, row.p90_minutes);
      byDay.set(row.day, entry);
    }
    return [...byDay.values()];
  }, [days, queue]);

  const totalPending = pending.reduce((sum, q) => sum + q.pending, 0);
  const totalOverdue = pending.reduce((sum, q) => sum + q.overdue, 0);
  const decided = days.reduce((sum, d) => sum + d.decided, 0);

  return (
    <div className="page">
      <h1>Dashboard <span className="muted small">last {daysShown} days</span></h1>
      <p className="queue-tabs">
        {[7, 14, 30, 90].map((d) => <Link key={d} to={`/dashboard?days=${d}`} className={d === daysShown ? 'active' : ''}>{d} days</Link>)}
        {mayExport && <a className="button" href="/dashboard/transparency.csv">Transparency export (CSV)</a>}
      </p>
      <div className="stats">
        <div><div className="stat">{totalPending}</div><div className="stat-label">pending now</div></div>
        <div><div className="stat bad">{totalOverdue}</div><div className="stat-label">past their SLA</div></div>
        <div><div className="stat">{decided}</div><div className="stat-label">human decisions</div></div>
        <div><div className="stat">{appeals.overturnRate === null ? '—' : `${Math.round(appeals.overturnRate * 100)}%`}</div><div className="stat-label">appeals overturned ({appeals.overturned} of {appeals.overturned + appeals.upheld}; {appeals.open} open)</div></div>
      </div>

      <section className="card">
        <h2>Pending per queue, oldest against the SLA</h2>
        <table className="grid compact" data-testid="pending-table">
          <thead><tr><th>Queue</th><th>Pending</th><th>Past SLA</th><th>Oldest pending</th><th>SLA</th></tr></thead>
          <tbody>
            {pending.map((q) => (
              <tr key={q.queue_id}>
                <td><Link to={`/queues/${q.queue_id}`}>{q.name}</Link></td><td>{q.pending}</td><td className={q.overdue > 0 ? 'bad' : ''}>{q.overdue}</td>
                <td className={q.oldest_hours !== null && q.oldest_hours > q.sla_hours ? 'overdue' : ''}>{q.oldest_hours === null ? '—' : `${q.oldest_hours} h`}</td><td>{q.sla_hours} h</td>
              </tr>
            ))}
          </tbody>
        </table>
        {mounted && (
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={pending}>
              <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
              <XAxis dataKey="name" stroke="#9aa3b2" fontSize={11} /><YAxis stroke="#9aa3b2" fontSize={11} unit=" h" />
              <Tooltip contentStyle={{ background: '#171a21', border: '1px solid #2a2f3a' }} /><Legend />
              <Bar dataKey="oldest_hours" name="oldest pending (h)" fill="#ff6b6b" />
              <Bar dataKey="sla_hours" name="SLA (h)" fill="#7aa2ff" />
            </BarChart>
          </ResponsiveContainer>
        )}
      </section>

      <div className="dashboard-grid">
        <section className="card">
          <h2>Per day: inbound, decided, escalations</h2>
          <label className="inline">Queue
            <select value={queue} onChange={(e) => setQueue(e.target.value)}>
              <option value="all">all queues</option>{queueIds.map((q) => <option key={q} value={q}>{q}</option>)}
            </select>
          </label>
          {mounted && (
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={perDay}>
                <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
                <XAxis dataKey="day" stroke="#9aa3b2" fontSize={11} /><YAxis stroke="#9aa3b2" fontSize={11} allowDecimals={false} />
                <Tooltip contentStyle={{ background: '#171a21', border: '1px solid #2a2f3a' }} /><Legend />
                <Bar dataKey="inbound" fill="#7aa2ff" /><Bar dataKey="decided" fill="#49c28a" /><Bar dataKey="escalations" fill="#f3b64c" />
              </BarChart>
            </ResponsiveContainer>
          )}
        </section>
        <section className="card">
          <h2>Decision time (minutes, p50 / p90)</h2>
          {mounted && (
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={perDay}>
                <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
                <XAxis dataKey="day" stroke="#9aa3b2" fontSize={11} /><YAxis stroke="#9aa3b2" fontSize={11} />
                <Tooltip contentStyle={{ background: '#171a21', border: '1px solid #2a2f3a' }} /><Legend />
                <Line dataKey="p50" name="p50" stroke="#49c28a" connectNulls /><Line dataKey="p90" name="p90" stroke="#ff6b6b" connectNulls />
              </LineChart>
            </ResponsiveContainer>
          )}
        </section>
        <section className="card">
          <h2>Automated vs human decisions</h2>
          {mounted && (
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={automation.map((a) => ({ ...a, day: a.day.slice(5) }))}>
                <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
                <XAxis dataKey="day" stroke="#9aa3b2" fontSize={11} /><YAxis stroke="#9aa3b2" fontSize={11} allowDecimals={false} />
                <Tooltip contentStyle={{ background: '#171a21', border: '1px solid #2a2f3a' }} /><Legend />
                <Bar dataKey="automated" stackId="d" fill="#7aa2ff" /><Bar dataKey="human" stackId="d" fill="#f3b64c" />
              </BarChart>
            </ResponsiveContainer>
          )}
        </section>
        <section className="card">
          <h2>Block rate by policy category</h2>
          {blockRates.length === 0 ? <p className="muted">No blocks or rejections in this period.</p> : mounted && (
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={blockRates.map((b) => ({ ...b, percent: Math.round(b.rate * 1000) / 10 }))} layout="vertical">
                <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
                <XAxis type="number" stroke="#9aa3b2" fontSize={11} unit="%" /><YAxis type="category" dataKey="category" stroke="#9aa3b2" fontSize={11} width={110} />
                <Tooltip contentStyle={{ background: '#171a21', border: '1px solid #2a2f3a' }} />
                <Bar dataKey="percent" name="blocked or rejected (% of requests)" fill={COLORS[2]} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </section>
      </div>

      <section className="card" data-testid="generation-costs">
        <h2>Generation cost</h2>
        {generationCosts.length === 0 ? <p className="muted">No clips were made at a paid video provider in this period (the procedural stand-in costs nothing).</p> : (
          <table className="grid compact">
            <thead><tr><th>Provider</th><th>Clips</th><th>Billed seconds</th><th>Cost (USD, at the configured price)</th></tr></thead>
            <tbody>{generationCosts.map((c) => <tr key={c.provider}><td>{c.provider}</td><td>{c.jobs}</td><td>{c.seconds}</td><td>${c.costUsd}</td></tr>)}</tbody>
          </table>
        )}
      </section>

      <section className="card">
        <h2>Reviewer throughput</h2>
        {throughput.length === 0 ? <p className="muted">No human decisions in this period.</p> : (
          <table className="grid compact">
            <thead><tr><th>Reviewer</th><th>Decisions</th><th>Escalations</th><th>Median time to decision</th></tr></thead>
            <tbody>{throughput.map((t) => <tr key={t.reviewer}><td>{t.reviewer}</td><td>{t.decisions}</td><td>{t.escalations}</td><td>{t.median_minutes === null ? '—' : `${t.median_minutes} min`}</td></tr>)}</tbody>
          </table>
        )}
      </section>
    </div>
  );
}
