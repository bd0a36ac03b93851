/**
 * The Express handler that hands requests to Remix, with every request body held to its route's
 * limits while it streams in (app/services/body-limits.server.ts): a declared Content-Length over
 * the limit, or a tRPC batch of too many calls, is refused before Remix sees the request; a body
 * that grows past its limit or arrives too slowly is cut (app/services/body-guard.server.ts), and
 * the refusal replaces whatever the route made of the broken body.
 *
 * It does what `createRequestHandler` of @remix-run/express does, except that the Web `Request`'s
 * body is the guarded stream instead of the raw Node.js request, which that adapter hands Remix
 * with no way to put a limit in between.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild,
} from '@remix-run/node';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { BodyGuard } from '../../app/services/body-guard.server';
import { BODY_READ_RULES, bodyLimitFor, refusalResponse, tooManyCalls, type BodyReadRules } from '../../app/services/body-limits.server';

export interface RemixHandlerOptions {
  build: ServerBuild;
  getLoadContext: (req: ExpressRequest) => AppLoadContext;
  /** How fast bodies must arrive; tests shorten the window. Defaults: `BODY_READ_RULES`. */
  bodyReading?: Partial<BodyReadRules>;
}

/**
 * The request's URL as @remix-run/express derives it: the protocol and host name Express reports
 * (which honour its `trust proxy` setting), the port written in X-Forwarded-Host or Host, and the
 * original path and query.
 */
function requestUrl(req: ExpressRequest): URL {
  const portOf = (header: string | undefined) => Number.parseInt(header?.split(':')[1] ?? '', 10);
  const port = [portOf(req.get('x-forwarded-host')), portOf(req.get('host'))].find(Number.isSafeInteger);
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`);
}

/** Node.js's request headers as Web `Headers`, repeated headers kept. */
function webHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) result.append(name, one);
  }
  return result;
}

/** Writes Remix's `Response` to Node.js's response: status, every header (each Set-Cookie on its own), then the body streamed. */
async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // Iterating Web Headers yields each Set-Cookie separately, so appending keeps them apart.
  for (const [name, value] of response.headers) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/** The declared body length, or null when there is none (chunked, or no body). */
function declaredLength(headers: IncomingHttpHeaders): number | null {
  const value = Number(headers['content-length']);
  return headers['content-length'] !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * How long, and how much, of a refused body is still read and dropped after the refusal is sent:
 * most HTTP clients write their whole body before they read the answer, and a connection closed
 * under them while they write loses the answer (the client sees a reset). nginx's "lingering
 * close" does the same, and the numbers follow its defaults (lingering_time 30 s, lingering_timeout
 * 5 s), with a cap on bytes so the server never reads much more than the limit it refused.
 */
const LINGER_MS = 30_000;
const LINGER_IDLE_MS = 5_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/** Sends an answer (usually a refusal) while the body may still be arriving, then drops the rest of that body within the limits above. */
async function refuse(req: ExpressRequest, res: ExpressResponse, refusal: Response): Promise<void> {
  await sendResponse(res, refusal);
  if (req.complete || req.destroyed) return;
  req.unpipe();
  let dropped = 0;
  const stop = () => {
    clearTimeout(whole);
    clearTimeout(idle);
  };
  const close = () => {
    stop();
    req.socket.destroy();
  };
  const whole = setTimeout(close, LINGER_MS).unref();
  const idle = setTimeout(close, LINGER_IDLE_MS).unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
    else idle.refresh();
  });
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}

export function remixHandler(options: RemixHandlerOptions) {
  const handleRequest = createRequestHandler(options.build, process.env.NODE_ENV);
  const rules: BodyReadRules = { ...BODY_READ_RULES, ...options.bodyReading };

  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const url = requestUrl(req);
      const limit = bodyLimitFor(url);
      if (tooManyCalls(limit)) return await refuse(req, res, refusalResponse(limit, 'too_many_calls', rules));
      if ((declaredLength(req.headers) ?? 0) > limit.maxBytes) return await refuse(req, res, refusalResponse(limit, 'too_large', rules));

      let guard: BodyGuard | null = null;
      // When the client goes away before the answer is written, loaders and actions are told
      // (the request's signal), and a body still being read ends with an error instead of waiting
      // forever for bytes that will not come.
      const controller = new AbortController();
      res.on('close', () => {
        if (res.writableFinished) return;
        controller.abort();
        guard?.destroy(new Error('The client closed the connection before the answer was written.'));
      });
      const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: webHeaders(req.headers), signal: controller.signal };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        guard = new BodyGuard(limit.maxBytes, rules);
        req.pipe(guard);
        init.body = createReadableStreamFromReadable(guard);
        init.duplex = 'half';
      }

      let response = await handleRequest(new Request(url, init), options.getLoadContext(req));
      guard?.stop();
      // A route may answer before it read the whole body (an upload it refused part-way): the answer
      // goes out, and the rest of the body is dropped as for the edge's own refusals.
      if (!guard?.breach) return await (req.complete ? sendResponse(res, response) : refuse(req, res, response));
      // The route's own 413 says more precisely what was too large (the image, the file); any other
      // answer to a broken body is replaced by the refusal.
      if (!(guard.breach === 'too_large' && response.status === 413)) {
        await response.body?.cancel().catch(() => undefined);
        response = refusalResponse(limit, guard.breach, rules);
      }
      // A body too slow is not worth waiting for (its refusal closes the connection); the rest of one too large is dropped.
      if (guard.breach === 'too_slow') await sendResponse(res, response);
      else await refuse(req, res, response);
    } catch (error) {
      next(error);
    }
  };
}
