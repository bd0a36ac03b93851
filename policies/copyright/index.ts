/** Copyright policy (issue 13): rules, stance, and (added by each part) bank matching, flood quarantine and dispute deadlines. */
export * from './types';
export * from './disputes';
export * from './claims';
export * from './bank-match';
export * from './flood';
