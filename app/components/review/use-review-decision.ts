/**
 * The decision form's state and its submission: the chosen decision, its policy reason (picked on
 * purpose: a decision without one is not sent), the notes, and "submit & next", which asks the
 * server for the next item under a lease. Escalating is not a decision and may go without a reason.
 */
import { useNavigate, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ESCALATION_REASONS } from '../../../policies/review';
import { errorMessage, trpcClient } from '../../trpc/client';
import { labelOf, labelsFor, reasonNeeded, reasonsFor, type Choice } from './decision-choices';

/** What the hook needs to know about the item and the reviewer's session. */
export interface ReviewDecisionOptions {
  item: { id: string; version: number; kind: string };
  /** The reviewer may decide now: their role works the queue, the item is open, nobody else holds it. */
  mayAct: boolean;
  /** The queue of a "Start reviewing" session (`all` for every queue), or null outside one. */
  session: string | null;
  /** Where the page shows an error sentence (shared with the lease and wellness controls). */
  setError: (message: string | null) => void;
  /** Issue 13: a copyright claim's per-entity rules, sent with an approval (null: as requested). */
  entityDecisions?: { position: number; rule: 'allow' | 'review' | 'block' | null }[] | null;
}

/** The decision form's state, its setters, `submit` and `pickReason` (the digit keys). */
export function useReviewDecision({ item, mayAct, session, setError, entityDecisions }: ReviewDecisionOptions) {
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [choice, setChoice] = useState<Choice>('approve');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [creatorNote, setCreatorNote] = useState('');
  const [reasonProblem, setReasonProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const labels = useMemo(() => labelsFor(item.kind), [item.kind]);

  // A new item: reset the form.
  useEffect(() => {
    setChoice('approve');
    setReason('');
    setNote('');
    setCreatorNote('');
    setReasonProblem(null);
  }, [item.id]);

  /** A different decision chosen in the list: its reasons differ, so the reason is chosen again. */
  const chooseDecision = useCallback((next: Choice) => {
    setChoice(next);
    setReason('');
    setReasonProblem(null);
  }, []);

  const chooseReason = useCallback((next: string) => {
    setReason(next);
    setReasonProblem(null);
  }, []);

  /** Digit n picks the n-th reason of the chosen decision (the list shows the numbers). */
  const pickReason = useCallback((digit: number) => {
    const reasons = reasonsFor(choice, item.kind);
    const picked = reasons[digit - 1];
    if (picked === undefined) {
      setReasonProblem(`There is no reason ${digit} for ${labelOf(choice, labels).toLowerCase()}: press 1–${reasons.length}.`);
      return;
    }
    setReason(picked);
    setReasonProblem(null);
  }, [choice, labels, item.kind]);

  const openNext = useCallback(async () => {
    const next = await trpcClient.review.start.mutate(session && session !== 'all' ? { queueId: session } : {});
    if (next.itemId) navigate(`/review/${next.itemId}?session=${session ?? 'all'}`);
    else navigate('/queues');
  }, [navigate, session]);

  const submit = useCallback(
    async (decision: Choice, thenNext: boolean) => {
      if (!mayAct || busy) return;
      const hasReason = reason !== '' && reasonsFor(decision, item.kind).includes(reason);
      if (!hasReason && decision !== 'escalate') {
        // A decision carries a policy reason: nothing is sent until the reviewer picks one on purpose.
        setChoice(decision);
        setReason('');
        setReasonProblem(reasonNeeded(reasonsFor(decision, item.kind).length, labelOf(decision, labels)));
        reasonSelect.current?.focus();
        return;
      }
      // A rejected complainant is told why in the reviewer's own words (the server refuses it without them too).
      if (item.kind === 'likeness_complaint' && decision === 'reject' && creatorNote.trim() === '') {
        setChoice(decision);
        setReasonProblem('Write the reason for the complainant (they receive it with the decision), then reject again.');
        return;
      }
      if (item.kind === 'copyright_claim' && decision === 'reject' && creatorNote.trim() === '') {
        setChoice(decision);
        setReasonProblem('Write the reason for the claimant (they read it on their status page), then reject again.');
        return;
      }
      // Escalating is not a decision; without a chosen reason it asks for a senior opinion.
      const chosen = hasReason ? reason : ESCALATION_REASONS[0];
      setBusy(true);
      setError(null);
      try {
        if (decision === 'escalate') {
          await trpcClient.review.escalate.mutate({ itemId: item.id, reason: note ? `${chosen}: ${note}` : chosen, expectedVersion: item.version });
        } else {
          await trpcClient.review.decide.mutate({
            itemId: item.id, decision, reason: chosen, note: note || null, creatorNote: creatorNote || null, expectedVersion: item.version,
            ...(decision === 'approve' && entityDecisions && entityDecisions.length > 0 ? { entityDecisions } : {}),
          });
        }
        if (thenNext || session) await openNext();
        else navigate('/queues');
      } catch (caught) {
        setError(errorMessage(caught));
        revalidator.revalidate();
      } finally {
        setBusy(false);
      }
    },
    [mayAct, busy, reason, labels, note, creatorNote, item.id, item.version, item.kind, session, openNext, navigate, revalidator, setError, entityDecisions],
  );

  return {
    choice, chooseDecision, reason, chooseReason, note, setNote, creatorNote, setCreatorNote, reasonProblem, reasonSelect, busy, labels,
    submit, pickReason,
  };
}

/** The decision form's state and actions, as `useReviewDecision` returns them. */
export type ReviewDecision = ReturnType<typeof useReviewDecision>;
