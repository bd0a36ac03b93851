/**
 * Files of copyright claims (issue 13), for the console and the claim's review screen: staff whose
 * role may read claims only (ROLE_SETS.copyright_claims). Proof documents are claimants' private
 * documents, so everyone else (the public, other staff roles) gets the same 404 as for a file that
 * does not exist.
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node';
import { claimFileForStaff } from '../services/copyright-claims.server';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const file = await claimFileForStaff(context.db, await staffForRequest(context.db, request), params.file ?? '');
  if (!file || !(await context.media.exists(file.storageKey))) return new Response('Not found', { status: 404 });
  return new Response(createReadableStreamFromReadable(await context.media.read(file.storageKey)), {
    headers: {
      'Content-Type': file.mimeType,
      'Content-Length': String(file.byteSize),
      // The type was sniffed from the bytes at filing; the browser must not guess another.
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      // A PDF opens in the browser's viewer, never as a page of Loupe's origin running scripts.
      'Content-Security-Policy': "sandbox; default-src 'none'",
    },
  });
}
