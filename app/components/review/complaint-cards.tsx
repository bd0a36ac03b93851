/** What a creator or the app's users said about the item: an appeal's statement, and the user reports of a video. */
import type { ReviewItemDetail } from './review-data';

export function AppealCard({ appeal, request }: { appeal: NonNullable<ReviewItemDetail['appeal']>; request: ReviewItemDetail['request'] }) {
  return (
    <section className="card">
      <h2>Appeal</h2>
      <blockquote className="prompt">{appeal.statement}</blockquote>
      <p className="muted">Original outcome: {request.status} — {request.status_reason ?? 'no reason recorded'}</p>
    </section>
  );
}

export function UserReports({ reports }: { reports: ReviewItemDetail['reports'] }) {
  return (
    <section className="card">
      <h2>User reports ({reports.length})</h2>
      <table className="grid compact">
        <thead><tr><th>Reporter</th><th>Reason</th><th>Details</th><th>Status</th><th>When</th></tr></thead>
        <tbody>{reports.map((r, i) => <tr key={i}><td>@{r.handle}{r.reports_muted_at ? ' (muted)' : ''}</td><td>{r.reason}</td><td>{r.details ?? ''}</td><td>{r.status}</td><td>{new Date(r.created_at).toLocaleString()}</td></tr>)}</tbody>
      </table>
    </section>
  );
}
