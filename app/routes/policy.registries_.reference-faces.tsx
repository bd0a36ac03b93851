/**
 * Upload of a protected person's reference face photo (issue 12), posted by the "Reference faces"
 * form of /policy/registries: a multipart form with the registry entry (`personId`) and the photo
 * (`file`). The role is checked before the body is read (legal and admins); the cross-site check and
 * the body limit are the HTTP edge's, for every route. One call: uploadReferenceFace. Answers JSON
 * ({ ok, imageId } or { ok: false, error } with a 4xx status), which the page's fetcher shows.
 */
import { json, type ActionFunctionArgs } from '@remix-run/node';
import { roleMayDo } from '../../policies/staff-access';
import { MalformedUploadError, readMultipartForm, UploadTooLargeError } from '../services/multipart.server';
import { REFERENCE_FACE_MAX_BYTES, REFERENCE_FACE_TOO_LARGE, uploadReferenceFace } from '../services/reference-faces.server';
import { ServiceRefusal } from '../services/refusal';
import { staffCallerFor } from '../trpc/caller.server';

const HTTP_STATUS = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, TOO_MANY_REQUESTS: 429 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Nothing to show at this address: the form lives on /policy/registries. */
export function loader() {
  return new Response('Not found', { status: 404 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { staff } = await staffCallerFor(request, context);
  const refuse = (status: number, error: string) => json({ ok: false as const, error }, { status });
  if (!roleMayDo(staff.role, 'reference_faces')) return refuse(403, 'Your role may not upload reference faces; ask legal or an admin.');
  let personId: string | undefined;
  let bytes: Buffer | undefined;
  try {
    const form = await readMultipartForm(request, {
      fileFields: ['file'],
      limits: { maxFileBytes: REFERENCE_FACE_MAX_BYTES, maxFiles: 1, maxFields: 2, maxFieldBytes: 100 },
      destination: { kind: 'memory' },
    });
    personId = form.fields.get('personId');
    bytes = form.files[0]?.bytes;
  } catch (error) {
    if (error instanceof UploadTooLargeError) return refuse(413, error.part === 'file' ? REFERENCE_FACE_TOO_LARGE : 'A form field is too long.');
    if (error instanceof MalformedUploadError) return refuse(400, `${error.message} Try sending the form again.`);
    throw error;
  }
  if (!personId || !UUID.test(personId)) return refuse(400, 'Choose the registry entry the photo shows.');
  if (!bytes?.length) return refuse(400, 'Choose a JPEG or PNG photo to upload.');
  try {
    const { imageId } = await uploadReferenceFace(context, staff, { personId, bytes });
    return json({ ok: true as const, imageId });
  } catch (error) {
    if (error instanceof ServiceRefusal) return refuse(HTTP_STATUS[error.code], error.message);
    throw error;
  }
}
