/**
 * One HTTP request exactly as written, through node:http rather than fetch: fetch refuses methods
 * such as TRACE, normalises paths and never reports a response body that broke off half-way, and
 * the hostile-input tests need all three.
 */
import http from 'node:http';

/** What came back: the status, headers, the whole body as text, and whether it arrived complete. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** False when the connection closed before the body's end (a stream that failed after its headers). */
  complete: boolean;
}

export interface RawRequest {
  method: string;
  /** The request target as sent, percent-encoding and all (not normalised). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * A fresh connection for every request: a reused keep-alive socket that the server closed after an
 * early refusal would read as "socket hang up", hiding which request really failed.
 */
const agent = new http.Agent({ keepAlive: false, maxSockets: 4 });

/**
 * Sends `request` to `baseUrl` (http://host:port) and reads the answer. Rejects when no answer
 * comes within `timeoutMs` or the connection fails before a status line arrives.
 */
export function rawRequest(baseUrl: string, request: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: hostname, port, method: request.method, path: request.path, headers: request.headers, agent, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        let complete = false;
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => (complete = true));
        // A body that breaks off surfaces here as ECONNRESET; `complete` stays false and says so.
        response.on('error', () => undefined);
        response.on('close', () => {
          complete &&= response.complete;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), complete });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`No answer within ${timeoutMs} ms to ${request.method} ${request.path}.`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Closes any connection still open (call after the tests, so the test process does not wait for them). */
export function closeRawConnections(): void {
  agent.destroy();
}
