/**
 * Prompts whose verdict a draft would change (from shadow runs or backtests): the transition,
 * and the prompt with the spans each policy matched highlighted, so the manager sees why.
 */
import { HighlightedPrompt, type Span } from './highlighted-prompt';

export interface VerdictChangeRow {
  /** The row's request id (shadow runs and backtests), also on the row as `data-key`. */
  key: string;
  prompt: string;
  from: string;
  to: string;
  /** Spans of the policy that decided each side; the draft's side is shown when it flags something. */
  fromMatches: Span[];
  toMatches: Span[];
  note?: string;
}

export function TransitionCounts({ transitions }: { transitions: Record<string, number> }) {
  const entries = Object.entries(transitions).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return <p className="muted">Nothing screened yet.</p>;
  return (
    <div className="transitions">
      {entries.map(([key, n]) => {
        const [from, to] = key.split('→');
        return (
          <span key={key} className={`transition ${from === to ? 'same' : 'changed'}`}>
            <span className={`tag ${from}`}>{from}</span> → <span className={`tag ${to}`}>{to}</span> <strong>{n}</strong>
          </span>
        );
      })}
    </div>
  );
}

export function VerdictChanges({ rows, empty }: { rows: VerdictChangeRow[]; empty: string }) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="grid compact verdict-changes">
      <thead>
        <tr><th>Verdict</th><th>Live policy matched</th><th>Draft matched</th></tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key} data-change={`${row.from}→${row.to}`}>
            <td className="nowrap">
              <span className={`tag ${row.from}`}>{row.from}</span> → <span className={`tag ${row.to}`}>{row.to}</span>
              {row.note && <div className="muted small">{row.note}</div>}
            </td>
            <td><HighlightedPrompt text={row.prompt} matches={row.fromMatches} /></td>
            <td><HighlightedPrompt text={row.prompt} matches={row.toMatches} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
