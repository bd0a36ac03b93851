/**
 * A protected person's reference face photo, for the registry page's "Reference faces" section:
 * staff who may read the registries only (policy managers, legal, admins); everyone else, and any
 * deleted photo, gets the same 404 as a file that does not exist. The page shows it blurred until a
 * click reveals it, like review media.
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node';
import { referenceFaceFileForStaff } from '../services/reference-faces.server';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  const image = await referenceFaceFileForStaff(context.db, staff ?? null, params.file ?? '');
  if (!image || !(await context.media.exists(image.storage_key))) return new Response('Not found', { status: 404 });
  return new Response(createReadableStreamFromReadable(await context.media.read(image.storage_key)), {
    headers: {
      'Content-Type': image.mime_type,
      'Content-Length': String(await context.media.size(image.storage_key)),
      'X-Content-Type-Options': 'nosniff',
      // Private and not kept: a deleted photo must stop being shown.
      'Cache-Control': 'private, no-store',
    },
  });
}
