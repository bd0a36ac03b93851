/** /provenance/:videoId: a video's Content Credentials as a readable tree, its signals, lineage and alert. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { LineageChain } from '../components/remix-lineage';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Video provenance · Loupe' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  const detail = await orHttpError(trpc.provenance.video({ videoId: params.videoId ?? '' }));
  return {
    ...detail,
    video: {
      ...detail.video,
      published_at: detail.video.published_at?.toISOString() ?? null,
      created_at: detail.video.created_at.toISOString(),
      last_verified_at: detail.video.last_verified_at?.toISOString() ?? null,
      remix_setting_changed_at: detail.video.remix_setting_changed_at?.toISOString() ?? null,
    },
    alert: detail.alert ? { ...detail.alert, created_at: detail.alert.created_at.toISOString() } : null,
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const asObject = (value: unknown): Record<string, Json> | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : null);
const asList = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));

const SOURCE_TYPES: Record<string, string> = {
  'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia': 'made by a generative AI model (trainedAlgorithmicMedia)',
};
const RELATIONSHIPS: Record<string, string> = {
  inputTo: 'used as an input to make this new video (a remix)',
  parentOf: 'the file this one was edited from',
  componentOf: 'a part placed into this file',
};

/** Any JSON as nested, collapsible lists: the whole manifest store, nothing hidden. */
function JsonTree({ value, name }: { value: Json; name: string }) {
  if (value === null || typeof value !== 'object') {
    return <li><span className="muted">{name}:</span> <code className="wrap">{String(value)}</code></li>;
  }
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return (
    <li>
      <details open={entries.length <= 6}>
        <summary>{name} <span className="muted">({Array.isArray(value) ? `${entries.length} items` : `${entries.length} fields`})</span></summary>
        <ul className="json-tree">{entries.map(([key, item]) => <JsonTree key={key} name={key} value={item} />)}</ul>
      </details>
    </li>
  );
}

export default function VideoProvenanceDetail() {
  const { video, lineage, remixes, alert, codes } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [verifying, setVerifying] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const store = asObject(video.manifest);
  const activeLabel = text(store?.active_manifest);
  const active = asObject(asObject(store?.manifests)?.[activeLabel]);
  const signature = asObject(active?.signature_info);
  const assertions = asList(active?.assertions).map(asObject).filter((a): a is Record<string, Json> => a !== null);
  const actions = assertions
    .filter((a) => /^c2pa\.actions/.test(text(a.label)))
    .flatMap((a) => asList(asObject(a.data)?.actions).map(asObject).filter((x): x is Record<string, Json> => x !== null));
  const loupe = asObject(assertions.find((a) => a.label === 'org.loupe.request')?.data);
  const ingredients = asList(active?.ingredients).map(asObject).filter((x): x is Record<string, Json> => x !== null);

  return (
    <div className="page">
      <p><Link to="/provenance">← Provenance audit</Link></p>
      <h1>Provenance of video <code>{video.id.slice(0, 8)}</code> <span className={`state ${video.status}`}>{video.status}</span></h1>
      <p className="muted">by @{video.handle} · {video.published_at ? `published ${new Date(video.published_at).toLocaleString()}` : 'not published'} · <Link to={`/videos/${video.id}`}>public page</Link></p>

      <div className="columns">
        <section className="card">
          <h2>Signals</h2>
          <dl className="facts">
            <dt>C2PA manifest</dt><dd>{video.manifest_present === null ? 'not verified yet' : video.manifest_present ? 'present' : 'missing'}{video.file_present === false && ' (the stored file is missing)'}</dd>
            <dt>Signature and hash</dt><dd>{video.signature_valid === null ? '—' : video.signature_valid ? 'valid' : 'invalid'} {video.validation_state && <span className={`tag ${video.validation_state === 'Trusted' ? 'allow' : 'block'}`}>{video.validation_state}</span>}</dd>
            <dt>Signer trusted</dt><dd>{video.signer_trusted === null ? '—' : video.signer_trusted ? `yes: ${video.signer_common_name ?? ''}` : 'no: the signer chains to none of the configured trust anchors'}</dd>
            <dt>Visible watermark</dt><dd>{video.watermark_burned_in ? `burned in by the pipeline: “${video.watermark_label ?? ''}”` : 'not recorded'}; {video.watermark_declared ? 'declared in the signed manifest' : 'not declared in the manifest'}. <span className="muted">(From the pipeline's record and the manifest; Loupe has no pixel detector for it yet.)</span></dd>
            <dt>Fingerprint</dt><dd>{video.fingerprint_registered ? `${video.fingerprint_frames} PDQ hashes of frames sampled at 1 fps` : 'not registered'}</dd>
            <dt>Last verified</dt><dd>{video.last_verified_at ? new Date(video.last_verified_at).toLocaleString() : 'never'}{video.last_error && <span className="error"> {video.last_error}</span>}</dd>
          </dl>
          <p>
            <button
              type="button"
              disabled={verifying}
              onClick={async () => {
                setVerifying(true);
                setMessage(null);
                try {
                  const result = await trpcClient.provenance.verifyNow.mutate({ videoId: video.id });
                  setMessage(result.passing ? 'Verified: every signal holds.' : `Failing: ${result.problems.join(' ')}`);
                  revalidator.revalidate();
                } catch (error) {
                  setMessage(errorMessage(error));
                } finally {
                  setVerifying(false);
                }
              }}
            >
              {verifying ? 'Verifying…' : 'Verify now'}
            </button>
            {message && <span role="status"> {message}</span>}
          </p>
          {alert && (
            <p className={alert.state === 'open' ? 'error' : 'muted'}>
              Alert {alert.state} (<Link to={`/review/${alert.id}`}>item</Link>): {alert.flag_reasons.join(' ')} {alert.decision_reason ?? ''}
            </p>
          )}
        </section>

        <section className="card">
          <h2>Lineage</h2>
          <LineageChain lineage={lineage} original="An original: not a remix of another Loupe video." />
          <p data-testid="remix-setting">
            Remixing by others: {video.remix_allowed ? 'on' : 'turned off by its creator'}
            {video.remix_setting_changed_at ? <span className="muted"> (changed {video.remix_setting_changed_at.slice(0, 16).replace('T', ' ')} UTC)</span> : null}
          </p>
          {remixes.length > 0 && <p>Remixed into: {remixes.map((id) => <Link key={id} to={`/provenance/${id}`}><code>{id.slice(0, 8)}</code> </Link>)}</p>}
        </section>
      </div>

      <section className="card">
        <h2>Content Credentials (C2PA manifest)</h2>
        {!active ? <p className="muted">No manifest was stored for this video.</p> : (
          <ul className="manifest-tree">
            <li><strong>Signed by</strong> {text(signature?.common_name) || 'unknown'}{signature?.issuer ? `, certificate issued by ${text(signature.issuer)}` : ''}{signature?.alg ? ` (${text(signature.alg)})` : ''}</li>
            <li><strong>When</strong> {signature?.time ? `${text(signature.time)} (trusted time stamp)` : `no trusted time stamp; Loupe's clock says ${text(actions[0]?.when) || 'unknown'}`}</li>
            <li><strong>Made with</strong> {asList(active.claim_generator_info).map((g) => `${text(asObject(g)?.name)} ${text(asObject(g)?.version)}`).join(', ')}</li>
            <li>
              <strong>Actions</strong>
              <ul>
                {actions.map((action, index) => (
                  <li key={index}>
                    <code>{text(action.action)}</code>
                    {action.digitalSourceType ? <> · {SOURCE_TYPES[text(action.digitalSourceType)] ?? text(action.digitalSourceType)}</> : null}
                    {action.softwareAgent ? <> · by {text(asObject(action.softwareAgent)?.name ?? action.softwareAgent)} {text(asObject(action.softwareAgent)?.version)}</> : null}
                    {action.description ? <> · {text(action.description)}</> : null}
                    {action.when ? <span className="muted"> · {text(action.when)}</span> : null}
                  </li>
                ))}
              </ul>
            </li>
            {loupe && (
              <li>
                <strong>Loupe record</strong> request <code>{text(loupe.requestId)}</code>, policy <code>{text(loupe.policyVersion)}</code>, prompt SHA-256 <code className="wrap">{text(loupe.promptSha256)}</code>
              </li>
            )}
            <li>
              <strong>Ingredients</strong>
              {ingredients.length === 0 ? ' none' : (
                <ul>
                  {ingredients.map((ingredient, index) => {
                    const parentId = text(asObject(ingredient.metadata)?.['org.loupe.videoId']);
                    const relationship = text(ingredient.relationship) || 'componentOf';
                    return (
                      <li key={index}>
                        {text(ingredient.title)} · <code>{relationship}</code>: {RELATIONSHIPS[relationship] ?? relationship}
                        {parentId && <> · <Link to={`/provenance/${parentId}`}>Loupe video {parentId.slice(0, 8)}</Link></>}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          </ul>
        )}
        <h3>Validation results (last verification)</h3>
        {codes.length === 0 ? <p className="muted">No results recorded yet.</p> : (
          <table className="grid compact">
            <thead><tr><th>Code</th><th>Result</th><th>What it means</th></tr></thead>
            <tbody>
              {codes.map((code, index) => (
                <tr key={`${code.code}-${index}`}>
                  <td><code>{code.code}</code></td>
                  <td className={code.kind === 'failure' ? 'bad' : 'ok'}>{code.kind}</td>
                  <td>{code.sentence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <details>
          <summary>Everything in the manifest store</summary>
          <ul className="json-tree">{store ? <JsonTree name="manifest store" value={store} /> : <li>none</li>}</ul>
        </details>
      </section>
    </div>
  );
}
