/**
 * A service's refusal of a command, with the sentence for the person who asked: the thing does not
 * exist, it is in a state that forbids the command, the input breaks a rule the schema cannot
 * express, or this staff member may not act on this particular thing (beyond the procedure's roles). Services throw it; the tRPC layer maps `code` to its error code in one place
 * (app/trpc/init.server.ts), so services never import tRPC.
 */

/** The kinds of refusal, named as tRPC (and HTTP: 404, 409, 400, 403, 429) name them. */
export type RefusalCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'FORBIDDEN' | 'TOO_MANY_REQUESTS';

/** Thrown by a service when it refuses a command; `message` is shown to the caller as written. */
export class ServiceRefusal extends Error {
  override name = 'ServiceRefusal';
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}
