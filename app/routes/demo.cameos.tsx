/**
 * Demo: the acting creator's cameos and who may use them (the /api/v1/cameos endpoints): create a
 * cameo of yourself or a character, set its access level, grant and withdraw, block and unblock,
 * set restrictions, read its ledger, delete it. Withdrawing, blocking and deleting start a takedown.
 * A person cameo links to /demo/enrol to verify it with a face capture (issue 12).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { CAMEO_ACCESS_LEVELS, CAMEO_KINDS, CAMEO_RESTRICTION_TOPICS } from '../../policies/consent';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type Named = { creatorId: string; handle: string };
type Cameo = {
  cameoId: string;
  version: number;
  kind: string;
  displayName: string;
  description: string | null;
  accessLevel: string;
  restrictions: ({ kind: 'no_topic'; topic: string } | { kind: 'banned_words'; words: string[] })[];
  restrictionSentences: string[];
  restrictionsNote: string | null;
  grants: Named[];
  blocks: Named[];
  faceVerified: boolean;
};

/** How the access levels read on the page. */
const ACCESS_WORDS: Record<string, string> = { only_me: 'Only me', approved: 'People I approve', mutuals: 'Mutuals', everyone: 'Everyone' };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, creators, creator } = await requireDemo(request, context);
  const result = await api<{ cameos: Cameo[] }>('GET', '/cameos');
  const others = creators.filter((c) => c.id !== creator?.id).map((c) => ({ id: c.id, handle: c.handle }));
  return { cameos: result.ok ? result.data.cameos : ([] as Cameo[]), error: result.ok ? null : result.message, others };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const field = (name: string) => String(form.get(name) ?? '');
  const cameo = encodeURIComponent(field('cameoId'));
  const person = encodeURIComponent(field('creatorId'));
  const takedownNote = (data: { takedownId?: string | null }) => (data.takedownId ? ' A takedown of the videos that relied on it started.' : '');
  switch (field('intent')) {
    case 'create': {
      const result = await api('POST', '/cameos', {
        kind: field('kind'), displayName: field('displayName'), description: field('description') || null, accessLevel: field('accessLevel'),
      });
      return result.ok ? { message: `Cameo "${field('displayName')}" created.`, error: null } : { message: null, error: result.message };
    }
    case 'access': {
      const result = await api('PUT', `/cameos/${cameo}/access-level`, { accessLevel: field('accessLevel') });
      return result.ok ? { message: `Access level is now: ${ACCESS_WORDS[field('accessLevel')] ?? field('accessLevel')}.`, error: null } : { message: null, error: result.message };
    }
    case 'grant': {
      const result = await api('PUT', `/cameos/${cameo}/grants/${person}`);
      return result.ok ? { message: 'Grant added.', error: null } : { message: null, error: result.message };
    }
    case 'withdraw': {
      const result = await api<{ takedownId: string | null }>('DELETE', `/cameos/${cameo}/grants/${person}`);
      return result.ok ? { message: `Grant withdrawn.${takedownNote(result.data)}`, error: null, takedownId: result.data.takedownId } : { message: null, error: result.message };
    }
    case 'block': {
      const result = await api<{ takedownId: string | null }>('PUT', `/cameos/${cameo}/blocks/${person}`);
      return result.ok ? { message: `Blocked.${takedownNote(result.data)}`, error: null, takedownId: result.data.takedownId } : { message: null, error: result.message };
    }
    case 'unblock': {
      const result = await api('DELETE', `/cameos/${cameo}/blocks/${person}`);
      return result.ok ? { message: 'Block lifted.', error: null } : { message: null, error: result.message };
    }
    case 'restrictions': {
      const words = field('bannedWords').split(',').map((w) => w.trim()).filter(Boolean);
      const restrictions = [
        ...form.getAll('topic').map((topic) => ({ kind: 'no_topic', topic: String(topic) })),
        ...(words.length > 0 ? [{ kind: 'banned_words', words }] : []),
      ];
      const result = await api('PUT', `/cameos/${cameo}/restrictions`, { restrictions, restrictionsNote: field('restrictionsNote') || null });
      return result.ok ? { message: 'Restrictions saved.', error: null } : { message: null, error: result.message };
    }
    case 'delete': {
      const result = await api<{ takedownId: string | null }>('DELETE', `/cameos/${cameo}`);
      return result.ok ? { message: `Cameo deleted.${takedownNote(result.data)}`, error: null, takedownId: result.data.takedownId } : { message: null, error: result.message };
    }
    default:
      return { message: null, error: 'Unknown action; use the buttons on this page.' };
  }
}

export default function DemoCameos() {
  const { cameos, error, others } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const as = location.search;
  return (
    <div className="stack">
      {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
      {result?.message && (
        <p className="ok" role="status">
          {result.message}
          {'takedownId' in result && result.takedownId && <> <Link to={`/demo/likeness${as}${as ? '&' : '?'}takedown=${result.takedownId}`}>Follow its progress</Link>.</>}
        </p>
      )}
      <Form method="post" action={here} className="card stack">
        <h2>Create a cameo</h2>
        <input type="hidden" name="intent" value="create" />
        <div className="row">
          <label>Kind<select name="kind">{CAMEO_KINDS.map((k) => <option key={k} value={k}>{k === 'person' ? 'Me (my likeness)' : 'A character (pet, object)'}</option>)}</select></label>
          <label>Name<input name="displayName" maxLength={80} required /></label>
          <label>Who may use it<select name="accessLevel" defaultValue="approved">{CAMEO_ACCESS_LEVELS.map((a) => <option key={a} value={a}>{ACCESS_WORDS[a]}</option>)}</select></label>
        </div>
        <label>Description (optional)<input name="description" maxLength={500} /></label>
        <button type="submit" className="primary">Create cameo</button>
      </Form>
      {cameos.length === 0 && !error && <p className="muted">No cameos yet.</p>}
      {cameos.map((c) => (
        <section key={c.cameoId} className="card stack" data-cameo-id={c.cameoId}>
          <h2>
            {c.displayName} <span className="tag">{c.kind}</span> <span className="tag">ledger version {c.version}</span>
            {c.faceVerified && <> <span className="tag">verified</span></>}
          </h2>
          {c.kind === 'person' && (
            <p><Link to={`/demo/enrol${as}${as ? '&' : '?'}cameo=${c.cameoId}`}>{c.faceVerified ? 'Verify again with a new face capture' : 'Verify with a face capture'}</Link></p>
          )}
          {c.description && <p className="muted">{c.description}</p>}
          <Form method="post" action={here} className="row">
            <input type="hidden" name="intent" value="access" />
            <input type="hidden" name="cameoId" value={c.cameoId} />
            <label>Who may use it
              <select name="accessLevel" defaultValue={c.accessLevel} aria-label={`Access level of ${c.displayName}`}>
                {CAMEO_ACCESS_LEVELS.map((a) => <option key={a} value={a}>{ACCESS_WORDS[a]}</option>)}
              </select>
            </label>
            <button type="submit">Save access level</button>
          </Form>
          <div>
            <strong>Granted:</strong>{c.grants.length === 0 && ' nobody'}
            {c.grants.map((g) => (
              <Form key={g.creatorId} method="post" action={here} style={{ display: 'inline' }}>
                <input type="hidden" name="intent" value="withdraw" />
                <input type="hidden" name="cameoId" value={c.cameoId} />
                <input type="hidden" name="creatorId" value={g.creatorId} />
                {' '}@{g.handle} <button type="submit" aria-label={`Withdraw the grant of @${g.handle}`}>Withdraw</button>
              </Form>
            ))}
          </div>
          <div>
            <strong>Blocked:</strong>{c.blocks.length === 0 && ' nobody'}
            {c.blocks.map((b) => (
              <Form key={b.creatorId} method="post" action={here} style={{ display: 'inline' }}>
                <input type="hidden" name="intent" value="unblock" />
                <input type="hidden" name="cameoId" value={c.cameoId} />
                <input type="hidden" name="creatorId" value={b.creatorId} />
                {' '}@{b.handle} <button type="submit">Unblock</button>
              </Form>
            ))}
          </div>
          <Form method="post" action={here} className="row">
            <input type="hidden" name="cameoId" value={c.cameoId} />
            <label>Creator<select name="creatorId">{others.map((o) => <option key={o.id} value={o.id}>@{o.handle}</option>)}</select></label>
            <button type="submit" name="intent" value="grant">Grant</button>
            <button type="submit" name="intent" value="block">Block</button>
          </Form>
          <Form method="post" action={here} className="stack">
            <input type="hidden" name="intent" value="restrictions" />
            <input type="hidden" name="cameoId" value={c.cameoId} />
            <fieldset>
              <legend>Never in</legend>
              {CAMEO_RESTRICTION_TOPICS.map((t) => (
                <label key={t}><input type="checkbox" name="topic" value={t} defaultChecked={c.restrictions.some((r) => r.kind === 'no_topic' && r.topic === t)} /> {t}</label>
              ))}
            </fieldset>
            <label>Banned words (comma-separated)
              <input name="bannedWords" defaultValue={c.restrictions.flatMap((r) => (r.kind === 'banned_words' ? r.words : [])).join(', ')} />
            </label>
            <label>Note for reviewers<input name="restrictionsNote" defaultValue={c.restrictionsNote ?? ''} maxLength={1000} /></label>
            {c.restrictionSentences.length > 0 && <ul className="muted">{c.restrictionSentences.map((s) => <li key={s}>{s}</li>)}</ul>}
            <button type="submit">Save restrictions</button>
          </Form>
          <div className="row">
            <Link to={`/demo/likeness${as}`}>Videos with my likeness</Link>
            <Form method="post" action={here}>
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="cameoId" value={c.cameoId} />
              <button type="submit" className="danger">Delete cameo</button>
            </Form>
          </div>
        </section>
      ))}
    </div>
  );
}
