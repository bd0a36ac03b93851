/**
 * Where the login page sends someone afterwards: the `next` parameter, but only when it is a path
 * on the console's own origin. Anything else would make `/login?next=...` an open redirect, a link
 * on Loupe's own address that lands a phished reviewer on another site.
 *
 * Browsers are lenient in ways a prefix check misses (WHATWG URL Standard, "URL parsing"): they
 * drop ASCII tab and newline anywhere in a URL, trim leading and trailing control characters and
 * spaces, and read `\` as `/` in http(s) URLs, so `/\evil.example`, `/\tevil` and ` //evil` all
 * mean another host. So the rule is an allow-list rather than a list of known tricks:
 *   1. no control character, white space or backslash anywhere (a real console path has none; the
 *      console's own links percent-encode them);
 *   2. exactly one leading `/`, and not `//` (a scheme-relative URL names a host);
 *   3. resolved against a placeholder origin, the result is still on that origin, and its path
 *      does not begin with `//` either (dot segments can make one: `/a/../..//x` resolves to `//x`,
 *      which as a Location header names the host `x`).
 * The answer is the parsed path, query and fragment, so what the browser is told is what was checked.
 */

/** The page a login lands on when `next` is absent or refused. */
export const DEFAULT_AFTER_LOGIN = '/queues';

/** An origin no real request has; only used to resolve `next` and compare origins. */
const PLACEHOLDER_ORIGIN = 'http://console.loupe.invalid';

/** Control characters (C0, DEL, C1), white space and backslash: what browsers strip, trim or reinterpret in a URL. */
const UNSAFE_CHARACTER = /[\p{Cc}\s\\]/u;

/**
 * `next` as a same-origin path (`/queues?tab=mine#top`), or `fallback` when it is missing, empty,
 * or could lead anywhere else: an absolute URL (`https://x`, `javascript:...`), a scheme-relative
 * one (`//x`), a backslash form (`/\x`, `\x`), or one with a tab, newline or other control character.
 * Never throws.
 */
export function safeNextPath(next: string | null | undefined, fallback: string = DEFAULT_AFTER_LOGIN): string {
  if (!next || UNSAFE_CHARACTER.test(next)) return fallback;
  if (!next.startsWith('/') || next.startsWith('//')) return fallback;
  let url: URL;
  try {
    url = new URL(next, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== PLACEHOLDER_ORIGIN || path.startsWith('//')) return fallback;
  return path;
}
