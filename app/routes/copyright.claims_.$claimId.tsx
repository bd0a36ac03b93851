/**
 * /copyright/claims/<id>: one rights holder's claim (issue 13) for legal: warnings, claimant,
 * statement, entities, proof (staff-only links), reference media behind the wellness filters, and
 * what approval did. The decision is taken on the claim's review item (keyboard shortcuts, leases,
 * per-entity rules), linked from here.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { CopyrightClaimCard } from '../components/copyright-claim-card';
import { CopyrightTabs } from '../components/copyright-tabs';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Copyright claim · Loupe' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  const [detail, wellness] = await Promise.all([
    orHttpError(trpc.copyrightClaims.detail({ claimId: params.claimId ?? '' })),
    orHttpError(trpc.review.wellness()),
  ]);
  return { detail, settings: wellness.effective };
}

export default function CopyrightClaimPage() {
  const { detail, settings } = useLoaderData<typeof loader>();
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="page">
      <CopyrightTabs />
      <p className="crumbs"><Link to="/copyright/claims">← Copyright claims</Link></p>
      {detail.item && (
        <p>
          {detail.item.state === 'open'
            ? <Link to={`/review/${detail.item.id}`} className="button primary">Decide it in the copyright queue →</Link>
            : <>Its review item was {detail.item.state}: <Link to={`/review/${detail.item.id}`}>open it</Link>.</>}
        </p>
      )}
      <CopyrightClaimCard detail={detail} settings={settings} revealed={revealed} onToggle={() => setRevealed((value) => !value)} />
    </div>
  );
}
