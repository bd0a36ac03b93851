/**
 * One endpoint of the app-facing API, described once: its method and path, the zod schemas of its
 * path parameters, query, body and answer, and the handler that makes one service call. The
 * dispatcher (dispatch.server.ts) validates with the same schemas the OpenAPI description
 * (openapi.server.ts) is generated from, so the document cannot promise what the server refuses.
 */
import type { z } from 'zod';
import type { AppContext } from '../../context';

/** The HTTP methods the API uses. */
export type ApiMethod = 'get' | 'post' | 'put' | 'delete';

/** What a handler receives: the server's context, the caller, and the validated input. */
export interface ApiCall<Params, Query, Body> {
  ctx: AppContext;
  /** The acting creator named by the `Loupe-Creator` header; they exist (the dispatcher checked). */
  creatorId: string;
  /** The app client whose key was presented. */
  appClient: { id: string; name: string };
  params: Params;
  query: Query;
  body: Body;
}

/** An endpoint; build one with `endpoint()` so its handler is typed by its schemas. */
export interface ApiEndpoint {
  method: ApiMethod;
  /** Below /api/v1, OpenAPI style: `/requests/{requestId}`. */
  path: string;
  /** The OpenAPI operationId, camelCase. */
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** 200 unless something is created (201) or started (202). */
  status: 200 | 201 | 202;
  handle(call: ApiCall<unknown, unknown, unknown>): Promise<unknown>;
}

/** Describes an endpoint; the handler's input types follow from the schemas given. */
export function endpoint<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(definition: {
  method: ApiMethod;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 201 | 202;
  handle(
    call: ApiCall<P extends z.ZodObject ? z.output<P> : Record<string, never>, Q extends z.ZodObject ? z.output<Q> : Record<string, never>, B extends z.ZodType ? z.output<B> : undefined>,
  ): Promise<z.input<R>>;
}): ApiEndpoint {
  return { ...definition, status: definition.status ?? 200, handle: definition.handle as ApiEndpoint['handle'] };
}
