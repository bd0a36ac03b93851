/**
 * Cross-site request forgery, refused in one place for every route: a request that may change
 * something (any method but GET, HEAD and OPTIONS) must come from a page of the console's own
 * origin. The HTTP server registers `refuseCrossSiteWrites` before the Remix handler, so Remix
 * actions, resource routes (`/logout`, `/api/trpc`, `/api/verify`) and routes added later are all
 * covered without a check of their own. The session cookie's SameSite=Lax is the first defence;
 * this is the second, and the one that also covers same-site sibling hosts.
 *
 * What is read, in order (the OWASP CSRF Prevention Cheat Sheet's "verifying origin with standard
 * headers", with Fetch Metadata as its alternative signal):
 *   1. `Origin`. The Fetch Standard has browsers send it on every request whose method is neither
 *      GET nor HEAD, cross-origin or not. It must name this host; `Origin: null` (a sandboxed
 *      frame, a `data:` page, a redirect chain, or a page whose referrer policy hides it) says
 *      nothing about where the request came from and is refused.
 *   2. `Sec-Fetch-Site`, when `Origin` is absent: `same-origin` or `none` (the user's own action)
 *      pass; `same-site`, `cross-site` or anything else is refused.
 *   3. `Referer`, when both are absent: its host must be this host.
 *   4. None of the three: allowed. Every browser Loupe supports sends `Origin` on such a request,
 *      so a request without any of them was not made by a browser on someone's behalf; it is a
 *      script (curl, a Node client, the documented `POST /api/verify` callers) acting with its
 *      own credentials, which a forgery check cannot and need not stop. Refusing them would break
 *      the public API and protect nobody. (Go's net/http CrossOriginProtection draws the same line.)
 *
 * "This host" is the request's Host header, or, behind reverse proxies the operator declared
 * (LOUPE_TRUSTED_PROXIES), the first X-Forwarded-Host. Schemes are not compared: behind a
 * TLS-terminating proxy the console itself sees plain HTTP.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** Methods that change nothing, so a cross-site one is harmless (RFC 9110 §9.2.1 safe methods Loupe serves). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sentences of the refusals; both say what to do. */
export const NULL_ORIGIN_REFUSAL =
  'This request came from a page that hides its origin (Origin: null), so it may not change anything; open the console at its own address and try again.';
export const CROSS_SITE_REFUSAL =
  'Requests from another site may not change anything in Loupe; open the console at its own address and try again.';

/** How the HTTP server runs: whether X-Forwarded-Host is believed (only behind declared proxies). */
export interface OriginCheckOptions {
  trustForwardedHost: boolean;
}

/** The parts of a request the check reads (a node IncomingMessage has them). */
export interface OriginCheckRequest {
  method?: string | undefined;
  headers: IncomingHttpHeaders;
}

/**
 * Null when the request may go on; otherwise the refusal sentence (answered with 403).
 * Never throws, whatever the headers hold.
 */
export function crossSiteRefusal(request: OriginCheckRequest, options: OriginCheckOptions): string | null {
  if (SAFE_METHODS.has((request.method ?? 'GET').toUpperCase())) return null;
  const hosts = expectedHosts(request.headers, options);
  const origin = single(request.headers.origin);
  if (origin !== undefined) {
    if (origin.trim() === 'null') return NULL_ORIGIN_REFUSAL;
    return sameHost(origin, hosts) ? null : CROSS_SITE_REFUSAL;
  }
  const fetchSite = single(request.headers['sec-fetch-site']);
  if (fetchSite !== undefined) {
    const site = fetchSite.trim().toLowerCase();
    return site === 'same-origin' || site === 'none' ? null : CROSS_SITE_REFUSAL;
  }
  const referer = single(request.headers.referer);
  if (referer !== undefined) return sameHost(referer, hosts) ? null : CROSS_SITE_REFUSAL;
  return null;
}

/**
 * Express-style middleware (plain node types, so any connect-compatible server can use it): passes
 * the request on, or answers 403 with the sentence, as JSON `{ "error": { "message" } }` under
 * `/api/` (the APIs' error shape) and as plain text elsewhere.
 */
export function refuseCrossSiteWrites(options: OriginCheckOptions) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const refusal = crossSiteRefusal(request, options);
    if (refusal === null) return next();
    const api = (request.url ?? '').startsWith('/api/');
    response.statusCode = 403;
    response.setHeader('Content-Type', api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.end(api ? JSON.stringify({ error: { message: refusal } }) : refusal);
  };
}

/**
 * The host (host[:port], as written by the client) this request may come from: behind a declared
 * proxy, the first X-Forwarded-Host *replaces* Host, as it does for Remix's own form-post check (which
 * compares Origin with that one host only; accepting Host as well let such posts through to a 500).
 */
function expectedHosts(headers: IncomingHttpHeaders, options: OriginCheckOptions): string[] {
  const forwarded = single(headers['x-forwarded-host']);
  if (options.trustForwardedHost && forwarded) return [forwarded.split(',')[0]!.trim()].filter((host) => host !== '');
  return headers.host ? [headers.host.trim()].filter((host) => host !== '') : [];
}

/**
 * Whether `url` (an Origin or a Referer) is an http(s) URL on one of `hosts`. Each host is read
 * with the URL's own scheme, so `example.org:443` and `https://example.org` agree; anything that
 * does not parse is not the same host.
 */
function sameHost(url: string, hosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return hosts.some((host) => {
    try {
      return new URL(`${parsed.protocol}//${host}`).host === parsed.host;
    } catch {
      return false;
    }
  });
}

/** One header value: node joins most repeated headers, but a few arrive as arrays. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
