/** The item's history, oldest first: every step of its workflow and every staff action, with who and when. */
import type { ReviewItemDetail } from './review-data';

export function HistoryTimeline({ timeline }: { timeline: ReviewItemDetail['timeline'] }) {
  return (
    <section className="card">
      <h2>History</h2>
      <ol className="history" data-testid="timeline">
        {timeline.map((event, i) => <li key={i}>{new Date(event.at).toLocaleString()} · {event.who} · {event.what}</li>)}
      </ol>
    </section>
  );
}
