/**
 * Evidence files of likeness complaints, for the review screen: staff who work the likeness queue
 * only. They are complainants' private documents, so everyone else (the public, other staff roles)
 * gets the same 404 as for a file that does not exist.
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node';
import { evidenceFileForStaff } from '../services/likeness-complaints.server';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const evidence = await evidenceFileForStaff(context.db, await staffForRequest(context.db, request), params.file ?? '');
  if (!evidence || !(await context.media.exists(evidence.storageKey))) return new Response('Not found', { status: 404 });
  return new Response(createReadableStreamFromReadable(await context.media.read(evidence.storageKey)), {
    headers: {
      'Content-Type': evidence.mimeType,
      'Content-Length': String(evidence.byteSize),
      // The type was sniffed from the bytes at filing; the browser must not guess another.
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      // A PDF opens in the browser's viewer, never as a page of Loupe's origin running scripts.
      'Content-Security-Policy': "sandbox; default-src 'none'",
    },
  });
}
