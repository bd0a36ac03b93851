/**
 * The review screen's keyboard shortcuts (the map is app/components/keyboard-map.tsx): digits pick
 * a policy reason, letters decide, move between items, claim, hold and reveal media. Shortcuts are
 * off while typing in a field, except digits in the reason list itself.
 */
import { useNavigate } from '@remix-run/react';
import { useEffect, type RefObject } from 'react';
import type { Choice } from './decision-choices';
import type { LeaseAction } from './use-item-lease';

/** Where typed characters belong to a field rather than to the review shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return element !== null && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/** What the shortcuts act on; every callback is the page's own. */
export interface ReviewKeyboardOptions {
  mayAct: boolean;
  canDecide: boolean;
  open: boolean;
  /** Someone holds a lease on the item (`c` claims only an unclaimed item). */
  leased: boolean;
  /** The reviewer holds the lease (`h` holds it past its end). */
  mine: boolean;
  choice: Choice;
  neighbours: { previous: string | null; next: string | null };
  session: string | null;
  reasonSelect: RefObject<HTMLSelectElement | null>;
  pickReason: (digit: number) => void;
  submit: (decision: Choice, thenNext: boolean) => Promise<void>;
  leaseAction: (action: LeaseAction) => Promise<void>;
  toggleKeys: () => void;
  closeKeys: () => void;
  toggleRevealed: () => void;
}

/** Listens for the shortcuts on the window while the page is mounted. */
export function useReviewKeyboard(options: ReviewKeyboardOptions): void {
  const navigate = useNavigate();
  const {
    mayAct, canDecide, open, leased, mine, choice, neighbours, session, reasonSelect, pickReason, submit, leaseAction, toggleKeys, closeKeys,
    toggleRevealed,
  } = options;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const key = event.key;
      // Digits pick a reason, also from the reason list itself (focused when a decision lacked one).
      if (/^[1-9]$/.test(key) && mayAct && (target === reasonSelect.current || !isTypingTarget(target))) {
        event.preventDefault();
        pickReason(Number(key));
        if (target === reasonSelect.current) reasonSelect.current?.blur();
        return;
      }
      // Shortcuts are off while typing in a field.
      if (isTypingTarget(target)) return;
      if (key === '?') toggleKeys();
      else if (key === 'Escape') closeKeys();
      else if (key === 'v') toggleRevealed();
      else if (key === 'j' && neighbours.next) navigate(`/review/${neighbours.next}${session ? `?session=${session}` : ''}`);
      else if (key === 'k' && neighbours.previous) navigate(`/review/${neighbours.previous}${session ? `?session=${session}` : ''}`);
      else if (key === 'a') void submit('approve', false);
      else if (key === 'r') void submit('reject', false);
      else if (key === 'e') void submit('escalate', false);
      else if (key === 'n') void submit(choice, true);
      else if (key === 'c' && !leased && canDecide && open) void leaseAction('claim');
      else if (key === 'h' && mine) void leaseAction('hold');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit, choice, neighbours, navigate, session, leased, mine, canDecide, open, leaseAction, mayAct, pickReason, reasonSelect, toggleKeys, closeKeys, toggleRevealed]);
}
