/**
 * Demo: submit a prompt as the acting creator, optionally with cameos, as a remix of a video, and with a source image for
 * image-to-video (POST /api/v1/requests; the image goes as base64, as the API takes it).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { submissionChoices } from '../../db/queries/requests';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { creator } = await requireDemo(request, context);
  // The cameos to pick from: the demo's own list; a real app knows them from its social graph.
  const { cameos } = await submissionChoices(context.db);
  return { creatorId: creator?.id ?? null, cameos };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  // An empty file input still sends a part with no bytes: that is text-to-video.
  const image = form.get('sourceImage');
  const sourceImageBase64 = image instanceof File && image.size > 0 ? Buffer.from(await image.arrayBuffer()).toString('base64') : undefined;
  const result = await api<{ requestId: string }>('POST', '/requests', {
    prompt: String(form.get('prompt') ?? ''),
    durationSeconds: Number(form.get('durationSeconds') ?? 4),
    cameoIds: form.getAll('cameoId').map(String),
    // Issue 15: a remix names the published video it builds on (refused when its owner turned remixing off).
    ...(String(form.get('remixOfVideoId') ?? '').trim() ? { remixOfVideoId: String(form.get('remixOfVideoId')).trim() } : {}),
    ...(sourceImageBase64 !== undefined ? { sourceImageBase64 } : {}),
  });
  return result.ok ? { ok: true as const, requestId: result.data.requestId } : { ok: false as const, error: result.message };
}

export default function DemoSubmit() {
  const { creatorId, cameos } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <Form method="post" action={`${location.pathname}${location.search}`} encType="multipart/form-data" className="card stack">
      <h2>Submit a prompt</h2>
      <label>Prompt<textarea name="prompt" rows={2} maxLength={2000} required placeholder="A paper boat drifting down a rainy street at dusk" /></label>
      <label>Length (seconds)<input name="durationSeconds" type="number" min={1} max={20} defaultValue={4} /></label>
      <fieldset>
        <legend>Cameos (up to 4)</legend>
        {cameos.map((c) => (
          <label key={c.id}><input type="checkbox" name="cameoId" value={c.id} /> {c.display_name} (@{c.owner_handle}, {c.access_level.replace('_', ' ')})</label>
        ))}
      </fieldset>
      <label>Remix of (optional: a published video&apos;s id)<input name="remixOfVideoId" placeholder="00000000-0000-4000-8000-000000000000" /></label>
      <label>Source image (optional: image-to-video; a photo of a person needs their verified cameo)
        <input name="sourceImage" type="file" accept="image/png,image/jpeg,image/webp" />
      </label>
      {result?.ok === false && <p className="error" role="alert">{result.error}</p>}
      {result?.ok && (
        <p className="ok" role="status" data-request-id={result.requestId}>
          Submitted: request {result.requestId}. Follow it under <Link to={`/demo/requests?as=${creatorId}`}>My requests</Link>.
        </p>
      )}
      <button type="submit" className="primary">Submit</button>
    </Form>
  );
}
