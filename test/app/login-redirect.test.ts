/**
 * The login page's `next` is followed only to a path on the console's own origin. Every way a
 * browser can be talked into another host is refused (the value is what the loader sees, after
 * the query string's one percent-decoding); plain console paths pass unchanged.
 */
import { DEFAULT_AFTER_LOGIN, safeNextPath } from '../../app/services/login-redirect';

const refused: [why: string, next: string | null | undefined][] = [
  ['absent', null],
  ['absent (undefined)', undefined],
  ['empty', ''],
  ['scheme-relative', '//evil.example'],
  ['scheme-relative, three slashes', '///evil.example'],
  ['backslash after the slash (browsers read it as /)', '/\\evil.example'],
  ['backslash first', '\\evil.example'],
  ['two backslashes', '\\\\evil.example'],
  ['slash, backslash, slash', '/\\/evil.example'],
  ['absolute http URL', 'http://evil.example/queues'],
  ['absolute https URL', 'https://evil.example'],
  ['javascript: URL', 'javascript:alert(document.cookie)'],
  ['javascript: URL, upper case', 'JavaScript:alert(1)'],
  ['data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['relative path (no leading slash)', 'evil.example'],
  ['tab between the slashes (browsers strip it)', '/\t/evil.example'],
  ['newline between the slashes', '/\n/evil.example'],
  ['carriage return between the slashes', '/\r/evil.example'],
  ['leading space (browsers trim it)', ' //evil.example'],
  ['leading tab before a scheme-relative URL', '\t//evil.example'],
  ['NUL byte', '/queues\u0000//evil.example'],
  ['DEL character', '/\u007f/evil.example'],
  ['dot segments that climb to a scheme-relative path', '/a/../..//evil.example'],
  ['one dot segment before a double slash', '/.//evil.example'],
  ['encoded dot segments before a double slash', '/%2e%2e//evil.example'],
  ['a directory then .. then a double slash', '/queues/..//evil.example'],
  ['backslash later in the path', '/queues\\..\\..\\evil.example'],
];

it.each(refused)('refuses next that is %s', (_why, next) => {
  expect(safeNextPath(next)).toBe(DEFAULT_AFTER_LOGIN);
});

const accepted: [next: string, expected: string][] = [
  ['/queues', '/queues'],
  ['/queues/appeals?view=mine#top', '/queues/appeals?view=mine#top'],
  ['/review/8c5f6d7e-1b2a-4c3d-9e8f-001122334455', '/review/8c5f6d7e-1b2a-4c3d-9e8f-001122334455'],
  // Encoded separators stay encoded: as a Location they are path characters on this origin.
  ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ['/%5Cevil.example', '/%5Cevil.example'],
  ['/audit?actor=a%40b.example', '/audit?actor=a%40b.example'],
  // Harmless dot segments are resolved, so the answer is the path the browser would go to.
  ['/policy/./drafts', '/policy/drafts'],
  ['/', '/'],
];

it.each(accepted)('follows the same-origin path %s', (next, expected) => {
  expect(safeNextPath(next)).toBe(expected);
});

it('uses the fallback it is given', () => {
  expect(safeNextPath('//evil.example', '/feed')).toBe('/feed');
});
