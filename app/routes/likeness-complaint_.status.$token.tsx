/**
 * /likeness-complaint/status/<token>: the complainant's private page for one likeness complaint.
 * No login: the token in the link is the key (only its hash is stored). The page says where the
 * complaint is and, once decided, the outcome and the reviewer's reason.
 */
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getLikenessComplaintStatus } from '../services/likeness-complaints.server';
import { ServiceRefusal } from '../services/refusal';

export const meta: MetaFunction = () => [{ title: 'Your likeness complaint · Loupe' }, { name: 'robots', content: 'noindex' }];

/**
 * The link is the key: it must not sit in a shared cache. (Nor travel to other sites as a referrer:
 * every page is served with Referrer-Policy: same-origin, app/entry.server.tsx.)
 */
const PRIVATE_HEADERS = { 'Cache-Control': 'private, no-store' };

export const headers: HeadersFunction = () => PRIVATE_HEADERS;

const STATE_WORDS = {
  received: 'Received: we are recording your complaint and looking for copies of the video.',
  in_review: 'In review: our legal team is looking at your complaint.',
  upheld: 'Upheld.',
  rejected: 'Not upheld.',
} as const;

/** The status, or the refusal's sentence with 404. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const filed = new URL(request.url).searchParams.get('filed') === '1';
  try {
    const status = await getLikenessComplaintStatus(context.db, params.token ?? '');
    return json({ ok: true as const, status, filed }, { headers: PRIVATE_HEADERS });
  } catch (error) {
    if (error instanceof ServiceRefusal) return json({ ok: false as const, error: error.message }, { status: 404, headers: PRIVATE_HEADERS });
    throw error;
  }
}

export default function LikenessComplaintStatus() {
  const data = useLoaderData<typeof loader>();
  if (!data.ok) {
    return (
      <div className="page narrow">
        <h1>Your likeness complaint</h1>
        <p className="error" role="alert">{data.error}</p>
        <p><Link to="/likeness-complaint">File a complaint</Link></p>
      </div>
    );
  }
  const { status, filed } = data;
  return (
    <div className="page narrow">
      <h1>Your likeness complaint</h1>
      {filed && <p className="ok" role="status">Thank you: your complaint was sent. Keep this page's address: it is the only way to follow your complaint here.</p>}
      <section className="card stack">
        <p><span className={`state ${status.state}`}>{status.state.replace('_', ' ')}</span> {STATE_WORDS[status.state]}</p>
        <p>About: {status.personName} · {status.videoIds.length} video(s) · filed {new Date(status.filedAt).toLocaleString()}</p>
        {status.state === 'upheld' && (
          <p>{status.takenDown} video(s) were taken down, and new videos naming {status.personName} are blocked. Reason: {status.decisionReason}</p>
        )}
        {status.state === 'upheld' && status.faceTakenDown > 0 && (
          <p>{status.faceTakenDown} more video(s) showed the same face and were taken down.</p>
        )}
        {status.state === 'rejected' && <p>Reason: {status.decisionReason}</p>}
        {status.decidedAt && <p className="muted">Decided {new Date(status.decidedAt).toLocaleString()}.</p>}
      </section>
    </div>
  );
}
