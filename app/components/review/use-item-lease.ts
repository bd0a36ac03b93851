/**
 * The reviewer's lease on an item from the review screen: claim, hold past the lease, release,
 * hand over to a colleague, end someone else's claim (admins), and renewal every minute while the
 * reviewer holds the item with the page open (leases expire on their own otherwise:
 * db/queries/review-leases.ts).
 */
import { useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, trpcClient } from '../../trpc/client';

/** How often a held lease is renewed: well inside the lease's length, so a reviewer who reads slowly keeps it. */
const RENEW_EVERY_MS = 60_000;

/** What a reviewer can do to an item's lease from its page. */
export type LeaseAction = 'claim' | 'hold' | 'release' | 'handOver' | 'forceRelease';

/** Lease actions and the sentence confirming a hand-over; errors go to `setError`. */
export function useItemLease(options: { itemId: string; mine: boolean; open: boolean; setError: (message: string | null) => void }) {
  const { itemId, mine, open, setError } = options;
  const revalidator = useRevalidator();
  const [info, setInfo] = useState<string | null>(null);

  // While you hold the item and the page is open, your lease is renewed.
  const renewing = useRef<ReturnType<typeof setInterval> | null>(null);
  useEffect(() => {
    if (!mine || !open) return;
    renewing.current = setInterval(() => {
      trpcClient.review.renew.mutate({ itemId }).catch((caught) => setError(errorMessage(caught)));
    }, RENEW_EVERY_MS);
    return () => {
      if (renewing.current) clearInterval(renewing.current);
    };
  }, [mine, open, itemId, setError]);

  /** Runs one lease action; `colleagueId` is the hand-over's recipient (empty: the reviewer is asked to choose). */
  const leaseAction = useCallback(async (action: LeaseAction, colleagueId = '') => {
    setError(null);
    setInfo(null);
    try {
      if (action === 'claim') await trpcClient.review.claim.mutate({ itemId });
      if (action === 'hold') await trpcClient.review.hold.mutate({ itemId });
      if (action === 'release') await trpcClient.review.release.mutate({ itemId });
      if (action === 'forceRelease') await trpcClient.review.forceRelease.mutate({ itemId });
      if (action === 'handOver') {
        if (!colleagueId) throw new Error('Choose the colleague to send this item to.');
        await trpcClient.review.handOver.mutate({ itemId, colleagueId });
        setInfo('Sent. It is theirs now; they will find it under “Claim: mine”.');
      }
      revalidator.revalidate();
    } catch (caught) {
      setError(caught instanceof Error && !('shape' in caught) ? caught.message : errorMessage(caught));
    }
  }, [itemId, revalidator, setError]);

  return { info, leaseAction };
}
