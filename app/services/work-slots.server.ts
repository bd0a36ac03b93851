/**
 * Admission to expensive public work in one process, so that no one client can crowd out the rest:
 * - at most `perClient` requests of one client in progress (counted from admission to release),
 * - at most `total` requests in progress in all,
 * - and `workers` slots for the expensive stage itself, which admitted requests take in arrival
 *   order (the wait is bounded, since at most `total` requests can be waiting).
 * A request over either of the first two counts is refused at once, before the caller counts it
 * against any quota or reads its body. Used by POST /api/verify, whose upload is cheap to receive
 * but whose inspection decodes video (app/services/verify-upload.server.ts).
 */

export interface WorkSlotLimits {
  perClient: number;
  total: number;
  workers: number;
}

/** Why a request was not admitted: its own client has enough in progress, or the whole process has. */
export type AdmissionRefusal = 'client_busy' | 'server_busy';

/** An admitted request: run its expensive stage in a worker slot, and release the admission when done (always). */
export interface Admission {
  /**
   * Runs `task` once a worker slot is free (in arrival order). Rejects with `signal`'s reason,
   * without running `task`, if the signal aborts while waiting (the client went away).
   */
  work<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Ends the admission; a second call does nothing. */
  release(): void;
}

export class WorkSlots {
  private readonly byClient = new Map<string, number>();
  private inProgress = 0;
  private working = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limits: WorkSlotLimits) {}

  /** Admits a request of `client` (an address), or says why not. */
  admit(client: string): Admission | { refused: AdmissionRefusal } {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.limits.perClient) return { refused: 'client_busy' };
    if (this.inProgress >= this.limits.total) return { refused: 'server_busy' };
    this.byClient.set(client, mine + 1);
    this.inProgress++;
    let released = false;
    return {
      work: (task, signal) => this.inWorkerSlot(task, signal),
      release: () => {
        if (released) return;
        released = true;
        this.inProgress--;
        const left = (this.byClient.get(client) ?? 1) - 1;
        if (left > 0) this.byClient.set(client, left);
        else this.byClient.delete(client);
      },
    };
  }

  /** How many requests are in progress now, in all and for `client` (for tests and diagnostics). */
  counts(client?: string): { inProgress: number; working: number; waiting: number; client: number } {
    return { inProgress: this.inProgress, working: this.working, waiting: this.waiting.length, client: client ? (this.byClient.get(client) ?? 0) : 0 };
  }

  private async inWorkerSlot<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.takeWorkerSlot(signal);
    try {
      return await task();
    } finally {
      this.working--;
      this.waiting.shift()?.();
    }
  }

  private takeWorkerSlot(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.working < this.limits.workers) {
      this.working++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const turn = () => {
        signal?.removeEventListener('abort', leave);
        this.working++;
        resolve();
      };
      const leave = () => {
        const index = this.waiting.indexOf(turn);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal!.reason);
      };
      this.waiting.push(turn);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }
}
