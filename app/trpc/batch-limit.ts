/**
 * The most procedure calls one tRPC batch request may carry. The browser's client splits larger
 * batches into several requests (`maxItems`), and the HTTP server refuses a longer batch with 413
 * before anything is parsed or run (app/services/body-limits.server.ts), so one request cannot
 * make the server do unbounded work (a hundred password hashes in one POST, for example). The
 * console's busiest page sends fewer than ten calls at once; 16 leaves room.
 */
export const MAX_BATCH_CALLS = 16;
