/**
 * The app-facing API's error answers: JSON `{ "error": { "code", "message" } }`, where `code` is one
 * of API_ERROR_CODES (stable, for programs) and `message` a sentence for the person reading it.
 * Bad input is always a 4xx with a sentence; `internal` (500) means a failure on Loupe's side.
 */
import { z } from 'zod';

/** Every error code, with the HTTP status it always comes with. */
export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  creator_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** The version the path names, also sent in every answer's `Loupe-Api-Version` header. */
export const API_VERSION = '1';

/** The error body's schema (for the OpenAPI description). */
export const apiErrorSchema = z
  .object({ error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string() }) })
  .meta({ id: 'Error', description: 'Every refusal: a stable code and a sentence saying what to do.' });

/** A refusal the dispatcher answers as it is (thrown inside the API layer only). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Headers every API answer carries: the version, and no caching (answers are per creator). */
export function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'Loupe-Api-Version': API_VERSION, 'Cache-Control': 'no-store', ...extra };
}

/** The JSON answer for an error. */
export function errorResponse(error: ApiError): Response {
  return Response.json({ error: { code: error.code, message: error.message } }, { status: API_ERROR_STATUS[error.code], headers: apiHeaders(error.headers) });
}
