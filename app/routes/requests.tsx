import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { CLIP_LIMITS } from '../../policies/generation';
import { SOURCE_IMAGE_LIMITS, SOURCE_IMAGE_TOO_LARGE, SOURCE_IMAGE_TYPES } from '../../policies/source-image';
import { isMultipartRequest, MalformedUploadError, readMultipartForm, UploadTooLargeError } from '../services/multipart.server';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';
import { roleMayDo } from '../../policies/staff-access';

export const meta: MetaFunction = () => [{ title: 'Requests · Loupe' }];

const NOT_A_FORM = 'The request could not be read as a form: send it from this page, as multipart/form-data or application/x-www-form-urlencoded.';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const canSubmit = roleMayDo(staff.role, 'submit');
  const [recent, choices] = await Promise.all([
    orHttpError(trpc.requests.recent({ limit: 100 })),
    canSubmit ? orHttpError(trpc.requests.creators()) : Promise.resolve(null),
  ]);
  return { recent, choices };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  let fields: Map<string, string>;
  let image: Buffer | undefined;
  try {
    // Held in memory up to the image limit (10 MB); a larger file is refused while it streams in.
    // A client that sends no file may post a plain urlencoded form.
    if (isMultipartRequest(request)) {
      const form = await readMultipartForm(request, {
        fileFields: ['sourceImage'],
        limits: { maxFileBytes: SOURCE_IMAGE_LIMITS.maxBytes, maxFiles: 1, maxFields: 8, maxFieldBytes: 16 * 1024 },
        destination: { kind: 'memory' },
      });
      fields = form.fields;
      // A file input left empty still sends a part: an empty file, which means "no image".
      image = form.files[0]?.bytes?.length ? form.files[0].bytes : undefined;
    } else {
      // A body that is not a form at all (JSON, plain text) is the client's mistake, not a 500.
      const form = await request.formData().catch(() => null);
      if (!form) return json({ ok: false as const, error: NOT_A_FORM }, { status: 400 });
      fields = new Map([...form.entries()].map(([name, value]) => [name, String(value)] as const));
    }
  } catch (error) {
    if (error instanceof UploadTooLargeError) return { ok: false as const, error: error.part === 'file' ? SOURCE_IMAGE_TOO_LARGE : 'A form field is too long.' };
    if (error instanceof MalformedUploadError) return { ok: false as const, error: `${error.message} Try sending the form again.` };
    throw error;
  }
  try {
    const cameo = fields.get('cameoId') ?? '';
    const result = await trpc.requests.submit({
      creatorId: fields.get('creatorId') ?? '',
      prompt: fields.get('prompt') ?? '',
      durationSeconds: Number(fields.get('durationSeconds')),
      cameoIds: cameo ? [cameo] : [],
      ...(image !== undefined ? { sourceImageBase64: image.toString('base64') } : {}),
    });
    return { ok: true as const, requestId: result.requestId };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false as const, error: error.message };
    throw error;
  }
}

export default function Requests() {
  const { recent, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="page">
      <h1>Generation requests</h1>
      {choices && (
        <Form method="post" encType="multipart/form-data" className="card stack submit-form">
          <h2>Submit a prompt (demo of the app's API)</h2>
          <label>Creator
            <select name="creatorId">{choices.creators.map((c) => <option key={c.id} value={c.id}>@{c.handle} ({c.age_band})</option>)}</select>
          </label>
          <label>Prompt<textarea name="prompt" rows={2} maxLength={2000} required placeholder="A paper boat drifting down a rainy street at dusk" /></label>
          <div className="row">
            <label>Duration (s)<input name="durationSeconds" type="number" min={1} max={CLIP_LIMITS.app.maxDurationSeconds} defaultValue={4} /></label>
            <label>Cameo
              <select name="cameoId"><option value="">none</option>{choices.cameos.map((c) => <option key={c.id} value={c.id}>{c.display_name} (@{c.owner_handle}, {c.access_level.replace('_', ' ')})</option>)}</select>
            </label>
          </div>
          <label>Source image (optional: image-to-video; PNG, JPEG or WebP up to {SOURCE_IMAGE_LIMITS.maxBytes / 1024 / 1024} MB and {SOURCE_IMAGE_LIMITS.maxSidePixels} px a side)
            <input name="sourceImage" type="file" accept={Object.keys(SOURCE_IMAGE_TYPES).join(',')} />
          </label>
          {result && !result.ok && <p className="error" role="alert">{result.error}</p>}
          {result?.ok && <p className="ok">Submitted: request <code>{result.requestId}</code> is in the pipeline.</p>}
          <button type="submit" className="primary" disabled={navigation.state !== 'idle'}>Submit through the pipeline</button>
        </Form>
      )}
      <table className="grid">
        <thead><tr><th>When</th><th>Creator</th><th>Prompt</th><th>Screening</th><th>Status</th></tr></thead>
        <tbody>
          {recent.map((r) => (
            <tr key={r.id}>
              <td>{new Date(r.created_at).toLocaleString()}</td>
              <td>@{r.handle}</td>
              <td className="prompt-cell">{r.source_image_sha256 && <span className="tag" title={`source image ${r.source_image_sha256}`}>from an image</span>} {r.prompt}</td>
              <td>{r.verdict ? <span className={`tag ${r.verdict}`}>{r.verdict}</span> : '…'} {r.categories?.join(', ')}</td>
              <td>
                <span className={`status ${r.status}`}>{r.status.replace('_', ' ')}</span>
                {r.status === 'generating' && r.job_provider && r.job_progress !== null && (
                  <div className="small" data-testid="provider-progress">
                    at {r.job_provider}, {r.job_status?.replace('_', ' ')}: <progress max={100} value={r.job_progress} /> {r.job_progress} %
                  </div>
                )}
                {r.status_reason && <div className="muted small">{r.status_reason}</div>}
                {r.video_id && r.status === 'published' && <div><Link to={`/videos/${r.video_id}`}>video</Link></div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
