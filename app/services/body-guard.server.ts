/**
 * A pass-through stream that holds one request body to its limits while it is read: at most
 * `maxBytes`, at least `rules.minBytesPerWindow` per `rules.windowMs` while the reader wants more,
 * and complete within `rules.deadlineMs` (the numbers and their reasons: app/services/body-limits.server.ts).
 * At the first breach it records why (`breach`) and fails with `BodyLimitBreached`, so whoever
 * reads the body stops at once, and the HTTP server answers with the refusal instead of the route.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { BodyReadRules } from './body-limits.server';

/** The body broke a limit; `reason` says which. */
export class BodyLimitBreached extends Error {
  constructor(readonly reason: 'too_large' | 'too_slow') {
    super(reason === 'too_large' ? 'The request body is larger than allowed.' : 'The request body arrived too slowly.');
    this.name = 'BodyLimitBreached';
  }
}

export class BodyGuard extends Transform {
  /** Why the body was cut, or null while it keeps to its limits. */
  breach: BodyLimitBreached['reason'] | null = null;
  private received = 0;
  private receivedAtWindowStart = 0;
  private readonly window: NodeJS.Timeout;
  private readonly deadline: NodeJS.Timeout;

  constructor(readonly maxBytes: number, readonly rules: BodyReadRules) {
    super();
    this.window = setInterval(() => this.checkRate(), rules.windowMs);
    this.deadline = setTimeout(() => this.cut('too_slow'), rules.deadlineMs);
    // The timers must never keep a process alive on their own.
    this.window.unref();
    this.deadline.unref();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) {
      callback();
      this.cut('too_large');
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.stop();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stop();
    callback(error);
  }

  /** Stops the timers: the body is complete, or nobody will read it any more (the route has answered). */
  stop(): void {
    clearInterval(this.window);
    clearTimeout(this.deadline);
  }

  /**
   * End of a window: too few bytes arrived while the reader was ready for more. A window in which
   * the reader's buffer was full (it was busy, not the client) is not held against the client.
   */
  private checkRate(): void {
    const arrived = this.received - this.receivedAtWindowStart;
    this.receivedAtWindowStart = this.received;
    const readerBusy = this.isPaused() || this.readableLength >= this.readableHighWaterMark;
    if (!readerBusy && arrived < this.rules.minBytesPerWindow) this.cut('too_slow');
  }

  private cut(reason: BodyLimitBreached['reason']): void {
    if (this.breach || this.destroyed) return;
    this.breach = reason;
    this.destroy(new BodyLimitBreached(reason));
  }
}
