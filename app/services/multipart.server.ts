/**
 * Reads a `multipart/form-data` request body as it streams in, with limits enforced while reading
 * (never after buffering): files go to disk or memory as the caller asks, and a file over its limit
 * stops the read at once. Parsing is `@fastify/busboy`'s (docs/decisions/0008-multipart-parser.md):
 * Remix v2's `unstable_parseMultipartFormData` refuses every upload on Node.js 24.
 *
 * Errors are typed so each route answers with its own sentence: `UploadTooLargeError` (413) and
 * `MalformedUploadError` (400). Neither ever carries the parser's own message to a user.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { randomUUID } from 'node:crypto';
import Busboy, { type BusboyFileStream } from '@fastify/busboy';

/** Limits on one multipart body. Bytes are raw bytes of the part's content. */
export interface MultipartLimits {
  /** Largest accepted file part, in bytes; one byte more and the read stops with `UploadTooLargeError`. */
  maxFileBytes: number;
  /** How many file parts may arrive (files in fields not asked for count too). */
  maxFiles: number;
  /** How many plain (non-file) fields may arrive. */
  maxFields: number;
  /** Largest plain field value, in bytes. */
  maxFieldBytes: number;
}

/** Where accepted files go: streamed into `directory` under a random name, or held in memory. */
export type FileDestination = { kind: 'disk'; directory: string } | { kind: 'memory' };

/** One file part that was accepted: on disk (`path`) or in memory (`bytes`), by the destination asked for. */
export interface ReceivedFile {
  field: string;
  /** The client's file name, as sent (never used as a path). */
  filename: string;
  mimeType: string;
  /** Bytes received. */
  size: number;
  path?: string;
  bytes?: Buffer;
}

/** The parsed form: plain fields by name (the first value wins) and the accepted files in arrival order. */
export interface MultipartForm {
  fields: Map<string, string>;
  files: ReceivedFile[];
}

/** The body broke a size limit. `limitBytes` is the limit that was exceeded. */
export class UploadTooLargeError extends Error {
  /** The plain fields read before the limit was broken, so a form can be given back as typed. */
  fieldsRead: Map<string, string> = new Map();

  constructor(readonly limitBytes: number, readonly part: 'file' | 'field') {
    super(`The ${part} is larger than ${limitBytes} bytes.`);
    this.name = 'UploadTooLargeError';
  }
}

/** The body is not a readable multipart form (no boundary, cut short, too many parts...). `message` is a plain sentence. */
export class MalformedUploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedUploadError';
  }
}

/** True when the request says it carries multipart form data. */
export function isMultipartRequest(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Parses `request`'s multipart body. Files in `fileFields` go to `destination`; files in any other
 * field are read and dropped. Resolves once every accepted file is fully written.
 *
 * @throws UploadTooLargeError when a file or field exceeds `limits` (parsing stops there and the rest
 *   of the body is left unread; a partly written file is left in the
 *   caller's directory, which the caller removes)
 * @throws MalformedUploadError when the body is not a complete multipart form within the part counts
 */
export async function readMultipartForm(
  request: Request,
  options: { fileFields: readonly string[]; limits: MultipartLimits; destination: FileDestination },
): Promise<MultipartForm> {
  const contentType = request.headers.get('content-type');
  if (!contentType || !request.body) throw new MalformedUploadError('The request has no multipart form body.');
  const { limits, destination } = options;

  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles,
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes,
        parts: limits.maxFiles + limits.maxFields,
      },
    });
  } catch {
    // Busboy throws synchronously on a content type without a boundary.
    throw new MalformedUploadError('The multipart form has no boundary in its Content-Type header.');
  }

  const form: MultipartForm = { fields: new Map(), files: [] };
  const writes: Promise<void>[] = [];
  const body = Readable.fromWeb(request.body as unknown as NodeWebReadableStream);

  return new Promise<MultipartForm>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      if (error instanceof UploadTooLargeError) error.fieldsRead = new Map(form.fields);
      // Stop parsing; the rest of the body is left unread. Behind the console's HTTP server the
      // answer goes out and the server drops the rest (scripts/stack/remix-handler.ts), so a client
      // still sending reads the refusal instead of a reset.
      body.unpipe(parser);
      reject(error);
    };

    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) return fail(new UploadTooLargeError(limits.maxFieldBytes, 'field'));
      if (!form.fields.has(name)) form.fields.set(name, value);
    });
    parser.on('file', (field, stream, filename, _encoding, mimeType) => {
      if (!options.fileFields.includes(field)) {
        stream.resume();
        return;
      }
      stream.on('limit', () => fail(new UploadTooLargeError(limits.maxFileBytes, 'file')));
      writes.push(
        receiveFile(stream, destination).then(
          (received) => {
            if (stream.truncated) return fail(new UploadTooLargeError(limits.maxFileBytes, 'file'));
            form.files.push({ field, filename, mimeType, ...received });
          },
          () => fail(new MalformedUploadError('The upload was cut off before the file was complete.')),
        ),
      );
    });
    parser.on('partsLimit', () => fail(new MalformedUploadError('The form has more parts than Loupe accepts.')));
    parser.on('filesLimit', () => fail(new MalformedUploadError(`The form has more than ${limits.maxFiles} file(s).`)));
    parser.on('fieldsLimit', () => fail(new MalformedUploadError('The form has more fields than Loupe accepts.')));
    parser.on('error', () => fail(new MalformedUploadError('The upload is not a complete multipart form.')));
    parser.on('finish', () => {
      void Promise.all(writes).then(() => {
        if (settled) return;
        settled = true;
        resolve(form);
      });
    });
    body.on('error', () => fail(new MalformedUploadError('The upload was cut off before it was complete.')));
    body.pipe(parser);
  });
}

async function receiveFile(stream: BusboyFileStream, destination: FileDestination): Promise<{ size: number; path?: string; bytes?: Buffer }> {
  if (destination.kind === 'disk') {
    const filePath = path.join(destination.directory, `${randomUUID()}.upload`);
    await pipeline(stream, createWriteStream(filePath, { flags: 'wx' }));
    return { size: stream.bytesRead, path: filePath };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return { size: bytes.length, bytes };
}
