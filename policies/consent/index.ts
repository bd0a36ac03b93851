/**
 * Cameo consent, pure: the ledger's words (types.ts), the fold of a cameo's ledger events into its
 * state (ledger.ts), the owner's restrictions checked against a prompt (restrictions.ts), and the
 * decision whether a requester may use a cameo (decide.ts).
 */
export * from './types';
export * from './ledger';
export * from './restrictions';
export * from './decide';
