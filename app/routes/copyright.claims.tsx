/**
 * /copyright/claims: rights holders' copyright claims (issue 13) for legal: claimant, entities,
 * state and how many duplicate or conflict warnings each has; newest first, keyset pages
 * (`?cursor=`), optionally one state (`?state=`). Read-only: a claim is decided on its review item in
 * the copyright queue; each row opens the claim.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { CopyrightTabs } from '../components/copyright-tabs';
import { COPYRIGHT_CLAIM_STATES } from '../../policies/copyright/claims';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Copyright claims · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  const url = new URL(request.url);
  // An unknown state or a broken page link is refused with a sentence (400), as on /copyright/disputes.
  return orHttpError(trpc.copyrightClaims.list({ state: url.searchParams.get('state'), cursor: url.searchParams.get('cursor'), limit: 50 }));
}

export default function CopyrightClaims() {
  const { rows, nextCursor } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const state = params.get('state') ?? '';
  const withState = (extra: Record<string, string>) => new URLSearchParams({ ...(state ? { state } : {}), ...extra }).toString();
  return (
    <div className="page">
      <CopyrightTabs />
      <h1>Copyright claims</h1>
      <p className="muted">
        Rights holders claim characters, works and brands through the public form (<a href="/copyright-claim">/copyright-claim</a>) and the app API.
        Legal decides each in the copyright queue: approval makes the entities live with the holder&apos;s rule, banks the reference media and rescans
        published videos.
      </p>
      <nav className="filters" aria-label="Filter by state">
        <Link to="/copyright/claims" className={state === '' ? 'active' : ''}>all</Link>
        {COPYRIGHT_CLAIM_STATES.map((s) => <Link key={s} to={`/copyright/claims?state=${s}`} className={state === s ? 'active' : ''}> · {s.replace('_', ' ')}</Link>)}
      </nav>
      {rows.length === 0 ? <p className="empty">No claims{state ? ` in state ${state.replace('_', ' ')}` : ''} yet.</p> : (
        <table className="grid">
          <thead><tr><th>Filed</th><th>Claimant</th><th>Entities</th><th>Warnings</th><th>State</th><th>Review item</th></tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-claim-id={row.id}>
                <td className="nowrap"><Link to={`/copyright/claims/${row.id}`}>{new Date(row.created_at).toLocaleString()}</Link></td>
                <td>{row.claimant_organisation ?? row.claimant_name}</td>
                <td>{row.entity_names.join(', ')}</td>
                <td>{row.conflicts > 0 ? <span className="tag block">{row.conflicts} warning(s)</span> : <span className="muted">none</span>}</td>
                <td><span className={`state ${row.state}`}>{row.state.replace('_', ' ')}</span></td>
                <td>{row.item_id ? <Link to={`/review/${row.item_id}`}>open</Link> : <span className="muted">not yet</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && <p><Link to={`/copyright/claims?${withState({ cursor: nextCursor })}`}>Next page →</Link></p>}
    </div>
  );
}
