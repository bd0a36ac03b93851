/**
 * Opaque keyset cursors for paged lists (the public feed, review queues): the position after the
 * last row shown, as base64url of its JSON, so a page link carries it without escaping. A cursor
 * is checked against the shape its list expects when it comes back; anything else (edited,
 * truncated, from another list) is refused instead of being put into SQL.
 */
import type { z } from 'zod';

/** A cursor that does not decode to the shape its list expects; the message is the sentence for the caller. */
export class InvalidCursor extends Error {
  override name = 'InvalidCursor';
}

/** Encodes a position (any JSON value: a tuple of sort value and id, or an object) as an opaque cursor. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position inside `raw` when it has `shape`, or null when it is not a cursor of this list. Never throws. */
export function decodeCursor<T>(raw: string, shape: z.ZodType<T>): T | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = shape.safeParse(value);
  return parsed.success ? parsed.data : null;
}
