/** Keyset cursors: what is encoded comes back when it has the list's shape; anything else is refused, never thrown. */
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../db/queries/keyset-cursor';
import { decodeFeedCursor } from '../../db/queries/feed';

const tuple = z.tuple([z.string(), z.string().uuid()]);
const ID = '0b6f7c1e-5d1a-4c1e-9d2a-3f4b5c6d7e8f';

it('round-trips a position through an opaque, URL-safe cursor', () => {
  const cursor = encodeCursor(['2026-01-02 03:04:05.123456+00', ID]);
  expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(decodeCursor(cursor, tuple)).toEqual(['2026-01-02 03:04:05.123456+00', ID]);
});

it.each([
  ['not base64 json', '%%%'],
  ['another shape', encodeCursor({ publishedAt: '2026-01-02T00:00:00Z', id: ID })],
  ['a bad id', encodeCursor(['2026-01-02', 'x'])],
  ['empty', ''],
])('refuses %s with null', (_label, raw) => {
  expect(decodeCursor(raw, tuple)).toBeNull();
});

it('reads back the feed cursor shape and refuses a date that is not one', () => {
  expect(decodeFeedCursor(encodeCursor({ publishedAt: '2026-01-02T00:00:00.000Z', id: ID }))).toEqual({ publishedAt: '2026-01-02T00:00:00.000Z', id: ID });
  expect(decodeFeedCursor(encodeCursor({ publishedAt: 'yesterday', id: ID }))).toBeNull();
});
