/**
 * Queue page filters live in the URL (shareable, back-button friendly); this turns search params
 * into the tRPC list input and back. Pure, so the loader and the page share it.
 */
export const QUEUE_SORT_COLUMNS = ['due_at', 'created_at', 'priority'] as const;
export type QueueSortColumn = (typeof QUEUE_SORT_COLUMNS)[number];

export interface QueueListInput {
  queueId?: string;
  kind?: 'prompt' | 'clip' | 'appeal' | 'report';
  state: 'open' | 'approved' | 'rejected' | 'cancelled' | 'any';
  creatorHandle?: string;
  overdueOnly: boolean;
  claim: 'any' | 'unclaimed' | 'mine' | 'claimed';
  sort: QueueSortColumn;
  direction: 'asc' | 'desc';
  limit: number;
  cursor: string | null;
}

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

export function queueListInput(params: URLSearchParams, queueId?: string): QueueListInput {
  const kind = params.get('kind');
  return {
    queueId,
    kind: kind === 'prompt' || kind === 'clip' || kind === 'appeal' || kind === 'report' ? kind : undefined,
    state: pick(params.get('state'), ['open', 'approved', 'rejected', 'cancelled', 'any'] as const, 'open'),
    creatorHandle: params.get('creator')?.trim() || undefined,
    overdueOnly: params.get('overdue') === '1',
    claim: pick(params.get('claim'), ['any', 'unclaimed', 'mine', 'claimed'] as const, 'any'),
    sort: pick(params.get('sort'), QUEUE_SORT_COLUMNS, 'due_at'),
    direction: pick(params.get('dir'), ['asc', 'desc'] as const, 'asc'),
    limit: Math.min(200, Math.max(1, Number(params.get('limit')) || 100)),
    cursor: params.get('cursor'),
  };
}

/** A copy of the params with some changed; any filter or sort change starts again at the first page. */
export function withParams(params: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  if (!('cursor' in changes)) next.delete('cursor');
  const text = next.toString();
  return text ? `?${text}` : '';
}
