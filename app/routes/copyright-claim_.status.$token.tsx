/**
 * /copyright-claim/status/<token>: the claimant's private page for one copyright claim (issue 13).
 * No login: the token in the link is the key (only its hash is stored). The page says where the
 * claim is and, once decided, each entity's rule, what approval did (banks, the rescan), or the
 * reviewer's reason for a rejection.
 */
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { claimRescanSentence, getCopyrightClaimStatus } from '../services/copyright-claims.server';
import { ServiceRefusal } from '../services/refusal';

export const meta: MetaFunction = () => [{ title: 'Your copyright claim · Loupe' }, { name: 'robots', content: 'noindex' }];

/** The link is the key: it must not sit in a shared cache. */
const PRIVATE_HEADERS = { 'Cache-Control': 'private, no-store' };

export const headers: HeadersFunction = () => PRIVATE_HEADERS;

const STATE_WORDS = {
  received: 'Received: we are recording your claim.',
  in_review: 'In review: our legal team is looking at your claim.',
  approved: 'Approved.',
  rejected: 'Not approved.',
  withdrawn: 'Withdrawn.',
} as const;

/** The status, or the refusal's sentence with 404. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const filed = new URL(request.url).searchParams.get('filed') === '1';
  try {
    const status = await getCopyrightClaimStatus(context.db, params.token ?? '');
    return json({ ok: true as const, status, filed }, { headers: PRIVATE_HEADERS });
  } catch (error) {
    if (error instanceof ServiceRefusal) return json({ ok: false as const, error: error.message }, { status: 404, headers: PRIVATE_HEADERS });
    throw error;
  }
}

export default function CopyrightClaimStatusPage() {
  const data = useLoaderData<typeof loader>();
  if (!data.ok) {
    return (
      <div className="page narrow">
        <h1>Your copyright claim</h1>
        <p className="error" role="alert">{data.error}</p>
        <p><Link to="/copyright-claim">File a claim</Link></p>
      </div>
    );
  }
  const { status, filed } = data;
  return (
    <div className="page narrow">
      <h1>Your copyright claim</h1>
      {filed && <p className="ok" role="status">Thank you: your claim was sent. Keep this page&apos;s address: it is the only way to follow your claim here.</p>}
      <section className="card stack" data-claim-state={status.state}>
        <p><span className={`state ${status.state}`}>{status.state.replace('_', ' ')}</span> {STATE_WORDS[status.state]}</p>
        <p className="muted">Filed {new Date(status.filedAt).toLocaleString()}{status.decidedAt ? ` · decided ${new Date(status.decidedAt).toLocaleString()}` : ''}</p>
        <table className="grid">
          <thead><tr><th>Character, work or brand</th><th>Kind</th><th>You asked</th><th>Decided</th></tr></thead>
          <tbody>
            {status.entities.map((entity) => (
              <tr key={entity.name}>
                <td>{entity.name}</td><td>{entity.kind}</td><td>{entity.requestedRule}</td>
                <td>{entity.leftOut ? 'left out of the approval' : entity.approvedRule ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {status.state === 'approved' && (
          <p>
            New video requests naming what was approved now follow its rule.
            {status.outcome && status.outcome.bankIds.length > 0 && ` Your reference media gave ${status.outcome.hashes} fingerprint(s).`}
            {status.rescan && ` ${claimRescanSentence(status.rescan)}`}
            {status.decisionReason && ` Reason: ${status.decisionReason}`}
          </p>
        )}
        {status.state === 'rejected' && <p>Reason: {status.decisionReason}</p>}
      </section>
    </div>
  );
}
