/** A prompt with the spans the policy matched marked, each titled with the rule that matched it. */

/** One matched span of a prompt: UTF-16 offsets (end exclusive) and the rule that matched there. */
export interface Span {
  start: number;
  end: number;
  ruleId: string;
  category: string;
  action: string;
}

export function HighlightedPrompt({ text, matches }: { text: string; matches: Span[] }) {
  const ordered = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: React.ReactNode[] = [];
  let cursor = 0;
  for (const match of ordered) {
    if (match.start < cursor) continue; // overlapping matches: the first, longest one is shown
    if (match.start > cursor) parts.push(text.slice(cursor, match.start));
    parts.push(
      <mark key={`${match.start}-${match.ruleId}`} className={`hit ${match.action}`} title={`${match.ruleId} · ${match.category} · ${match.action}`}>
        {text.slice(match.start, match.end)}
      </mark>,
    );
    cursor = match.end;
  }
  if (cursor < text.length) parts.push(text.slice(cursor));
  return <blockquote className="prompt">{parts}</blockquote>;
}
