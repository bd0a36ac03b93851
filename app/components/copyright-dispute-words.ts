/** Words the copyright dispute pages share (issue 13): each state in a few words, and the time left until a deadline. */
import type { CopyrightDisputeState } from '../../policies/copyright/disputes';

/** What each state means, in a few words. */
export const DISPUTE_STATE_WORDS: Record<CopyrightDisputeState, string> = {
  awaiting_claimant: 'waiting for the claimant',
  appeal_window: 'claim upheld: creator may appeal',
  awaiting_appeal_answer: 'appealed: waiting for the claimant',
  with_legal: 'with legal',
  released: 'released',
  upheld: 'upheld',
};

/** "3 d 4 h left", "12 min left" or "passed": the time left until an ISO instant. */
export function timeLeft(deadline: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(deadline).getTime() - now) / 1000);
  if (seconds <= 0) return 'passed';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h left`;
  if (hours > 0) return `${hours} h ${minutes} min left`;
  return minutes > 0 ? `${minutes} min left` : `${seconds} s left`;
}

