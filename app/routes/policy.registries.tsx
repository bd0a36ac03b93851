/**
 * Registries compiled into the prompt policy: public figures (policy managers edit them). The
 * copyright opt-out requests and the works they added are read-only history since issue 13: claims
 * (/copyright/claims) replace the requests and the works registry (/copyright/works) the list.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { useState } from 'react';
import { REGISTRY_FILE_MAX_BYTES, REGISTRY_FILE_TOO_LARGE } from '../../policies/registry-import';
import { roleMayDo } from '../../policies/staff-access';
import { PolicyTabs } from '../components/policy-tabs';
import { MalformedUploadError, readMultipartForm, UploadTooLargeError } from '../services/multipart.server';
import { trpcClient } from '../trpc/client';
import { useConsoleAction } from '../trpc/use-console-action';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Policy registries · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const registries = await orHttpError(trpc.policy.registries());
  const referenceFaces = await orHttpError(trpc.policy.referenceFaces());
  return {
    ...registries,
    referenceFaces,
    mayManageReferenceFaces: roleMayDo(staff.role, 'reference_faces'),
    mayEditFigures: roleMayDo(staff.role, 'policy'),
    mayImport: roleMayDo(staff.role, 'registry_import'),
  };
}

/**
 * The protected-persons upload: a multipart form with the file (`file`) and `intent` = `preview`
 * (a dry run: counts and refusals, nothing written) or `apply`. One call: `policy.importRegistry`.
 * The cross-site check and the body limit are the HTTP edge's, for every route; the role is
 * checked before the body is read.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  if (!roleMayDo(staff.role, 'registry_import')) {
    return json({ ok: false as const, error: 'Your role may not import into the protected-persons registry; ask a policy manager, legal or an admin.' }, { status: 403 });
  }
  let fileName: string;
  let text: string;
  let intent: string | undefined;
  try {
    const form = await readMultipartForm(request, {
      fileFields: ['file'],
      limits: { maxFileBytes: REGISTRY_FILE_MAX_BYTES, maxFiles: 1, maxFields: 4, maxFieldBytes: 1024 },
      destination: { kind: 'memory' },
    });
    const file = form.files[0];
    if (!file?.bytes?.length) return json({ ok: false as const, error: 'Choose a CSV or JSON file to import.' }, { status: 400 });
    fileName = file.filename || 'upload';
    // A byte sequence that is not UTF-8 would import names with replacement characters; refuse it instead.
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
    } catch {
      return json({ ok: false as const, error: `${fileName} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs) and try again.` }, { status: 400 });
    }
    intent = form.fields.get('intent');
  } catch (error) {
    if (error instanceof UploadTooLargeError) return json({ ok: false as const, error: error.part === 'file' ? REGISTRY_FILE_TOO_LARGE : 'A form field is too long.' }, { status: 413 });
    if (error instanceof MalformedUploadError) return json({ ok: false as const, error: `${error.message} Try sending the form again.` }, { status: 400 });
    throw error;
  }
  if (intent !== 'preview' && intent !== 'apply') return json({ ok: false as const, error: 'Press Preview or Apply to send the file.' }, { status: 400 });
  try {
    const report = await trpc.policy.importRegistry({ fileName, text, dryRun: intent === 'preview' });
    return json({ ok: true as const, report });
  } catch (error) {
    if (error instanceof TRPCError) return json({ ok: false as const, error: error.message }, { status: getHTTPStatusCodeFromError(error) });
    throw error;
  }
}

/** The upload's action type, named here because the component's console helper is also called `action`. */
type UploadAction = typeof action;

const list = (text: string) => text.split(',').map((t) => t.trim()).filter(Boolean);

export default function PolicyRegistries() {
  const data = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const action = useConsoleAction();
  const { busy, error } = action;
  /** Every change here is a mutation, then (when it worked) a form reset and fresh registry data. */
  const run = (mutation: () => Promise<unknown>, reset?: () => void) =>
    action.run(async () => {
      await mutation();
      reset?.();
      revalidator.revalidate();
    });

  const [figure, setFigure] = useState({ name: '', aliases: '', status: 'living' as 'living' | 'opted_in' | 'deceased' | 'estate', cameoId: '', note: '' });
  const imported = useActionData<UploadAction>();
  const navigation = useNavigation();
  const [chosenFile, setChosenFile] = useState('');
  // Apply is offered for the file just previewed, so what is written is what was reviewed.
  const previewed = imported?.ok && imported.report.dryRun && imported.report.fileName === chosenFile;

  return (
    <div className="page">
      <h1>Policy registries</h1>
      <PolicyTabs registriesOnly={!data.mayEditFigures} />
      {error && <p className="error" role="alert">{error}</p>}

      <section className="card">
        <h2>Copyright opt-out requests (history)</h2>
        <p className="muted small">
          Since issue 13, rights holders file claims and legal decides them in the copyright queue: see{' '}
          <Link to="/copyright/claims">copyright claims</Link>, and the <Link to="/copyright/works">works registry</Link> for what prompts are screened against.
          The requests below are kept read-only as history; their approved works moved into the works registry.
        </p>
        {data.optouts.length === 0 ? <p className="muted">No requests.</p> : (
          <table className="grid compact">
            <thead><tr><th>Name</th><th>Owner</th><th>Kind</th><th>Contact / evidence</th><th>State</th></tr></thead>
            <tbody>
              {data.optouts.map((o) => (
                <tr key={o.id} data-optout-id={o.id}>
                  <td>{o.name}{o.aliases.length > 0 && <div className="muted small">also {o.aliases.join(', ')}</div>}</td>
                  <td>{o.owner}</td>
                  <td>{o.kind}</td>
                  <td className="small">{o.contact}{o.evidence && <div className="muted">{o.evidence}</div>}</td>
                  <td>
                    <span className={`tag ${o.state === 'approved' ? 'block' : o.state === 'pending' ? 'review' : ''}`}>{o.state}</span>
                    {o.decided_by_email && <div className="muted small">by {o.decided_by_email}{o.decision_note ? `: ${o.decision_note}` : ''}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {data.mayImport && (
        <section className="card">
          <h2>Import protected persons</h2>
          <p className="muted small">
            A CSV (columns id,name,aliases,living,born,died,role,estate_opted_out,opted_in; aliases separated by |) or Wikidata-style JSON
            (an array of people, or a Wikidata SPARQL result). Preview first: nothing is written until you apply the previewed file.
            Entries match by Wikidata id, else by name. See docs/protected-persons.md.
          </p>
          <Form method="post" encType="multipart/form-data" className="stack" onChange={(e) => {
            const input = e.target as HTMLInputElement;
            if (input.type === 'file') setChosenFile(input.files?.[0]?.name ?? '');
          }}>
            <label>File<input name="file" type="file" accept=".csv,.json,text/csv,application/json" required /></label>
            <div className="buttons">
              <button type="submit" name="intent" value="preview" disabled={navigation.state !== 'idle'}>Preview (dry run)</button>
              <button type="submit" name="intent" value="apply" className="primary" disabled={navigation.state !== 'idle' || !previewed}>Apply</button>
            </div>
          </Form>
          {imported && !imported.ok && <p className="error" role="alert">{imported.error}</p>}
          {imported?.ok && (
            <div className="registry-import-report" role="status">
              <p className={imported.report.dryRun ? '' : 'ok'}>
                {imported.report.dryRun ? 'Preview of' : 'Imported'} {imported.report.fileName} ({imported.report.format}):{' '}
                {imported.report.added} added, {imported.report.updated} updated, {imported.report.unchanged} unchanged, {imported.report.refused.length} refused.
                {imported.report.dryRun && ' Nothing was written.'}
              </p>
              {imported.report.refused.length > 0 && (
                <ul className="small">{imported.report.refused.slice(0, 200).map((sentence) => <li key={sentence}>{sentence}</li>)}</ul>
              )}
            </div>
          )}
        </section>
      )}

      <div className="columns">
        <section className="card">
          <h2>Copyrighted works before issue 13 ({data.works.length})</h2>
          <p className="muted small">History: these moved into the <Link to="/copyright/works">works registry</Link>, which prompt screening reads.</p>
          <table className="grid compact">
            <thead><tr><th>Name</th><th>Owner</th><th>Kind</th><th>Since</th></tr></thead>
            <tbody>
              {data.works.map((w) => (
                <tr key={w.id}><td>{w.name}{w.aliases.length > 0 && <div className="muted small">also {w.aliases.join(', ')}</div>}</td><td>{w.owner}</td><td>{w.kind}</td><td>{new Date(w.created_at).toLocaleDateString()}</td></tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card">
          <h2>Public figures ({data.figures.length})</h2>
          <table className="grid compact">
            <thead><tr><th>Name</th><th>Status</th><th>Prompts naming them</th><th>Reference faces</th></tr></thead>
            <tbody>
              {data.figures.map((f) => (
                <tr key={f.id}>
                  <td>
                    {f.name}{f.external_id && <span className="muted small"> {f.external_id}</span>}
                    {f.role && <div className="small">{f.role}</div>}
                    {f.aliases.length > 0 && <div className="muted small">also {f.aliases.join(', ')}</div>}{f.note && <div className="muted small">{f.note}</div>}
                    <div className="muted small">{`from ${f.source}`}</div>
                  </td>
                  <td>{f.living ? (f.opted_in ? `living, opted in${f.cameo_name ? ` with cameo ${f.cameo_name}` : ''}` : 'living') : f.estate_opted_out ? 'deceased, estate opted out' : 'deceased'}</td>
                  <td>
                    <span className={`tag ${(f.living && !f.opted_in) || f.estate_opted_out ? 'block' : f.opted_in ? 'review' : 'allow'}`}>
                      {(f.living && !f.opted_in) || f.estate_opted_out ? 'blocked' : f.opted_in ? 'allowed with their cameo' : 'allowed'}
                    </span>
                  </td>
                  <td>
                    <ReferenceFaces
                      person={{ id: f.id, name: f.name }}
                      images={data.referenceFaces.filter((image) => image.personId === f.id)}
                      mayManage={data.mayManageReferenceFaces}
                      busy={busy}
                      onDelete={(imageId) => run(() => trpcClient.policy.deleteReferenceFace.mutate({ imageId }))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.mayEditFigures && (
            <form
              className="stack spaced"
              onSubmit={(e) => {
                e.preventDefault();
                void run(
                  () =>
                    trpcClient.policy.savePublicFigure.mutate({
                      name: figure.name,
                      aliases: list(figure.aliases),
                      living: figure.status === 'living' || figure.status === 'opted_in',
                      optedIn: figure.status === 'opted_in',
                      cameoId: figure.status === 'opted_in' && figure.cameoId ? figure.cameoId : null,
                      estateOptedOut: figure.status === 'estate',
                      note: figure.note || null,
                    }),
                  () => setFigure({ name: '', aliases: '', status: 'living', cameoId: '', note: '' }),
                );
              }}
            >
              <h3>Add a public figure</h3>
              <div className="row">
                <label>Name<input value={figure.name} onChange={(e) => setFigure({ ...figure, name: e.target.value })} required /></label>
                <label>Aliases (comma-separated)<input value={figure.aliases} onChange={(e) => setFigure({ ...figure, aliases: e.target.value })} /></label>
              </div>
              <div className="row">
                <label>Status
                  <select value={figure.status} onChange={(e) => setFigure({ ...figure, status: e.target.value as 'living' })}>
                    <option value="living">living (blocked)</option>
                    <option value="opted_in">living, opted in as a cameo</option>
                    <option value="deceased">deceased</option>
                    <option value="estate">deceased, estate opted out (blocked)</option>
                  </select>
                </label>
                {figure.status === 'opted_in' && <label>Cameo id<input value={figure.cameoId} onChange={(e) => setFigure({ ...figure, cameoId: e.target.value })} placeholder="UUID of their cameo" /></label>}
              </div>
              <label>Note<input value={figure.note} onChange={(e) => setFigure({ ...figure, note: e.target.value })} /></label>
              <div className="buttons"><button type="submit" disabled={busy}>Add</button></div>
            </form>
          )}
        </section>
      </div>
    </div>
  );
}

/** A reference photo, blurred and greyscale until a click reveals it (the same care as review media). */
function ReferenceThumb({ file, name }: { file: string; name: string }) {
  const [revealed, setRevealed] = useState(false);
  return (
    <button type="button" className="link reference-thumb" onClick={() => setRevealed(!revealed)} title={revealed ? 'Hide again' : 'Click to reveal'}>
      <img
        src={`/policy/registries/reference-faces/${file}`}
        alt={`Reference photo of ${name}`}
        width={64}
        height={64}
        loading="lazy"
        style={{ objectFit: 'cover', filter: revealed ? 'none' : 'blur(12px) grayscale(1)' }}
      />
    </button>
  );
}

/**
 * Issue 12: one registry entry's reference face photos (state, faces found, the failure sentence),
 * with upload (multipart, to /policy/registries/reference-faces) and delete for legal and admins.
 * Open (and rendered) when the entry has photos; otherwise only its summary until opened, so the
 * starter list's hundreds of rows do not each carry an upload form.
 */
function ReferenceFaces(props: {
  person: { id: string; name: string };
  images: { id: string; state: 'pending' | 'enrolled' | 'failed'; facesFound: number | null; failureMessage: string | null; uploadedBy: string; file: string }[];
  mayManage: boolean;
  busy: boolean;
  onDelete: (imageId: string) => void;
}) {
  const { person, images, mayManage, busy, onDelete } = props;
  const upload = useFetcher<{ ok: true; imageId: string } | { ok: false; error: string }>();
  const enrolled = images.filter((image) => image.state === 'enrolled').length;
  const [open, setOpen] = useState(images.length > 0);
  return (
    <details className="reference-faces" data-person-id={person.id} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{`${enrolled} enrolled${images.length > enrolled ? `, ${images.length - enrolled} other` : ''}`}</summary>
      {open && images.length > 0 && (
        <ul className="plain small">
          {images.map((image) => (
            <li key={image.id} data-reference-image-id={image.id}>
              <ReferenceThumb file={image.file} name={person.name} />{' '}
              <span className={`tag ${image.state === 'enrolled' ? 'allow' : image.state === 'failed' ? 'block' : 'review'}`}>{image.state}</span>
              {image.facesFound !== null && ` ${image.facesFound} face${image.facesFound === 1 ? '' : 's'}`}
              <span className="muted"> by {image.uploadedBy}</span>
              {image.failureMessage && <div className="error">{image.failureMessage}</div>}
              {mayManage && <button type="button" className="link" disabled={busy} onClick={() => onDelete(image.id)}>Delete</button>}
            </li>
          ))}
        </ul>
      )}
      {open && mayManage && (
        <upload.Form method="post" action="/policy/registries/reference-faces" encType="multipart/form-data" className="stack">
          <input type="hidden" name="personId" value={person.id} />
          <label className="small">Photo of {person.name} alone (JPEG or PNG)<input name="file" type="file" accept="image/jpeg,image/png" required /></label>
          <div className="buttons"><button type="submit" disabled={upload.state !== 'idle'}>Upload reference face</button></div>
          {upload.data && !upload.data.ok && <p className="error" role="alert">{upload.data.error}</p>}
          {upload.data?.ok && <p className="ok" role="status">Uploaded: the face is being analysed; reload to see the result.</p>}
        </upload.Form>
      )}
    </details>
  );
}
