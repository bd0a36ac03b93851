/** The console's HTTP server: static assets plus the Remix request handler, given the process's AppContext. */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import express from 'express';
import type { AppContext } from '../../app/context';
import type { BodyReadRules } from '../../app/services/body-limits.server';
import { answerEdgeErrors, refuseUnservableRequests } from '../../app/services/http-edge.server';
import { refuseCrossSiteWrites } from '../../app/services/origin-check.server';
import { remixHandler } from './remix-handler';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export interface HttpServerOptions {
  context: AppContext;
  host: string;
  port: number;
  /** Reverse proxies in front of the console whose X-Forwarded-For is believed (LOUPE_TRUSTED_PROXIES). */
  trustedProxies?: number;
  /** How fast request bodies must arrive (tests shorten it); defaults: BODY_READ_RULES. */
  bodyReading?: Partial<BodyReadRules>;
}

/**
 * `http://<address>:<port>` of the local end of a client's connection: an address this server
 * listens on, so the server can call itself there. Null when the socket has no address.
 */
function socketOrigin(socket: Socket): string | null {
  const { localAddress, localPort } = socket;
  if (!localAddress || !localPort) return null;
  const host = localAddress.startsWith('::ffff:') ? localAddress.slice('::ffff:'.length) : localAddress;
  return `http://${host.includes(':') ? `[${host}]` : host}:${localPort}`;
}

export async function startHttpServer(options: HttpServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const buildPath = path.join(PROJECT_ROOT, 'build', 'index.js');
  const build = (await import(pathToFileURL(buildPath).href).catch((error: Error) => {
    throw new Error(`The console is not built (${error.message}). Run \`npm run build\` first; \`npm start\` does it for you.`);
  })) as ServerBuild;

  const app = express();
  app.disable('x-powered-by');
  // req.ip is then the client as the last trusted proxy saw it; with 0 proxies, the TCP peer. A client
  // can write any X-Forwarded-For it likes, so only hops the operator declared are believed.
  app.set('trust proxy', options.trustedProxies ?? 0);
  // Methods no route serves and Host headers that make no URL, refused before anything reads them; an
  // X-Forwarded-Host nobody vouches for, dropped (app/services/http-edge.server.ts).
  app.use(refuseUnservableRequests({ trustForwardedHeaders: (options.trustedProxies ?? 0) > 0 }));
  app.use('/build', express.static(path.join(PROJECT_ROOT, 'public', 'build'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(path.join(PROJECT_ROOT, 'public'), { maxAge: '1h', index: false }));
  // Every state-changing request, on every route, from the console's own origin (app/services/origin-check.server.ts).
  app.use(refuseCrossSiteWrites({ trustForwardedHost: (options.trustedProxies ?? 0) > 0 }));
  app.all(
    '*',
    // Remix, with every request body held to its route's size and speed limits (scripts/stack/remix-handler.ts).
    remixHandler({
      build,
      // clientAddress: who the client is, for per-client rate limits (login, POST /api/verify).
      // serverOrigin: this server as it was reached, from the socket (never a header), for the demo
      // creator app's calls to the app API (app/services/app-api/demo-app.server.ts).
      getLoadContext: (req) => ({ ...options.context, clientAddress: req.ip ?? null, serverOrigin: socketOrigin(req.socket) }) as AppLoadContext,
      bodyReading: options.bodyReading,
    }),
  );
  // Whatever fails outside every route is answered with a sentence, never Express's page with a stack trace.
  app.use(answerEdgeErrors());

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host, () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${options.port} is in use: stop the other server or set PORT.`) : error),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${['0.0.0.0', '127.0.0.1', '::'].includes(options.host) ? 'localhost' : options.host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open; idle ones go now, busy ones get a moment to finish.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
