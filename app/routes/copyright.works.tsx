/**
 * /copyright/works (issue 13): the works registry and the deployment's copyright stance.
 *
 * - The list: search (name or alias) and filters (kind, rule, enforcement, demo, source) live in
 *   the URL; pages use keyset pagination by name (the registry holds thousands of entries).
 * - Editing an entry's rule, conditions, aliases (`tag=name`), territories, public domain and
 *   owner: legal and admins. The stance switch: admins. Backtest and promotion of shadow entries:
 *   policy managers and admins. Import (CSV/JSON, preview first): legal, policy managers, admins.
 * Every form posts to this route's action, which makes one tRPC call (roles checked there, each
 * write audited by the service); the cross-site check is the HTTP edge's, for every route.
 * Keys: `/` focuses the search.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { COPYRIGHT_IMPORT_MAX_CHARS } from '../../db/copyright-works/import';
import { decodeCursor, encodeCursor } from '../../db/queries/keyset-cursor';
import { roleMayDo } from '../../policies/staff-access';
import { CopyrightTabs } from '../components/copyright-tabs';
import { MalformedUploadError, readMultipartForm, UploadTooLargeError } from '../services/multipart.server';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Works & stance · Copyright · Loupe' }];

const KINDS = ['character', 'work', 'brand'] as const;
const RULES = ['allow', 'review', 'block', 'none'] as const;
const cursorShape = z.tuple([z.string(), z.uuid()]);

/** The list's filters from the URL; anything unknown is dropped (the page then shows everything). */
function filtersOf(url: URL) {
  const pick = <T extends string>(name: string, allowed: readonly T[]) => {
    const value = url.searchParams.get(name);
    return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  };
  const demo = url.searchParams.get('demo');
  return {
    search: url.searchParams.get('q')?.slice(0, 200) || undefined,
    kind: pick('kind', KINDS),
    rule: pick('rule', RULES),
    enforcement: pick('enforcement', ['shadow', 'live'] as const),
    demo: demo === 'yes' ? true : demo === 'no' ? false : undefined,
    source: url.searchParams.get('source')?.slice(0, 300) || undefined,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const url = new URL(request.url);
  const rawCursor = url.searchParams.get('after');
  const after = rawCursor ? decodeCursor(rawCursor, cursorShape) : null;
  if (rawCursor && !after) throw json({ message: 'That page link is out of date: open /copyright/works and page from the start.' }, { status: 400 });
  const page = await orHttpError(trpc.copyrightWorks.list({ ...filtersOf(url), after, limit: 50 }));
  return {
    ...page,
    next: page.next ? encodeCursor(page.next) : null,
    may: {
      edit: roleMayDo(staff.role, 'copyright_works_edit'),
      import: roleMayDo(staff.role, 'copyright_works_import'),
      promote: roleMayDo(staff.role, 'copyright_works_promote'),
      stance: roleMayDo(staff.role, 'copyright_stance'),
    },
  };
}

type ActionResult =
  | { ok: false; error: string }
  | { ok: true; intent: 'stance'; stance: string; changed: boolean }
  | { ok: true; intent: 'edit'; id: string }
  | { ok: true; intent: 'import'; report: { dryRun: boolean; fileName: string; rows: number; live: number; shadow: number } }
  | { ok: true; intent: 'backtest'; report: { entries: number; sampleSize: number; changedCount: number; transitions: Record<string, number>; changed: { requestId: string; prompt: string; liveVerdict: string; promotedVerdict: string }[] }; source: string }
  | { ok: true; intent: 'promote'; promoted: number };

const cells = (text: string | null) => (text ?? '').split('|').map((c) => c.trim()).filter((c) => c !== '');

/** One form's intent, as one tRPC call. Refusals come back as the sentence and its HTTP status. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  const fail = (error: string, status: number) => json<ActionResult>({ ok: false, error }, { status });
  try {
    if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
      // The role is checked before a file of up to 5 MB is read.
      if (!roleMayDo(staff.role, 'copyright_works_import')) return fail('Your role may not import into the works registry; ask legal, a policy manager or an admin.', 403);
      let form;
      try {
        form = await readMultipartForm(request, {
          fileFields: ['file'],
          limits: { maxFileBytes: COPYRIGHT_IMPORT_MAX_CHARS, maxFiles: 1, maxFields: 4, maxFieldBytes: 1024 },
          destination: { kind: 'memory' },
        });
      } catch (error) {
        if (error instanceof UploadTooLargeError) return fail(`A works file is at most ${COPYRIGHT_IMPORT_MAX_CHARS / 1024 / 1024} MB; split it and import the parts.`, 413);
        if (error instanceof MalformedUploadError) return fail(`${error.message} Try sending the form again.`, 400);
        throw error;
      }
      const file = form.files[0];
      if (!file?.bytes?.length) return fail('Choose a CSV or JSON file to import.', 400);
      const fileName = file.filename || 'upload';
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
      } catch {
        return fail(`${fileName} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs) and try again.`, 400);
      }
      const intent = form.fields.get('intent');
      if (intent !== 'preview' && intent !== 'apply') return fail('Press Preview or Import to send the file.', 400);
      const report = await trpc.copyrightWorks.import({ fileName, text, dryRun: intent === 'preview' });
      return json<ActionResult>({ ok: true, intent: 'import', report });
    }
    if (!(request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      return fail('Send the page\'s forms (a form post or a file upload); nothing else is accepted here.', 415);
    }
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return fail('The form could not be read; reload the page and send it again.', 400);
    }
    const intent = form.get('intent');
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : null;
    };
    switch (intent) {
      case 'stance': {
        const result = await trpc.copyrightWorks.setStance({ stance: text('stance') as 'opt_in' });
        return json<ActionResult>({ ok: true, intent: 'stance', ...result });
      }
      case 'edit': {
        const rule = text('rule');
        await trpc.copyrightWorks.edit({
          id: text('id') ?? '',
          rule: rule === '' || rule === 'none' ? null : (rule as 'allow'),
          conditions: text('conditions') || null,
          owner: text('owner') || null,
          publicDomain: text('publicDomain') === 'on',
          territories: cells(text('territories')),
          aliases: cells(text('aliases')).map((alias) => {
            const m = /^([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)=(.+)$/.exec(alias);
            return m ? { lang: m[1]!, name: m[2]! } : { lang: 'und', name: alias };
          }),
        });
        return json<ActionResult>({ ok: true, intent: 'edit', id: text('id') ?? '' });
      }
      case 'backtest': {
        const source = text('source') ?? '';
        const report = await trpc.copyrightWorks.backtest({ which: { source }, limit: 2000 });
        return json<ActionResult>({ ok: true, intent: 'backtest', report, source });
      }
      case 'promote': {
        const result = await trpc.copyrightWorks.promote({ which: { source: text('source') ?? '' } });
        return json<ActionResult>({ ok: true, intent: 'promote', ...result });
      }
      default:
        return fail('That form sent no known action; reload the page and try again.', 400);
    }
  } catch (error) {
    if (error instanceof TRPCError) return fail(error.message, getHTTPStatusCodeFromError(error));
    throw error;
  }
}

export default function CopyrightWorks() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const searchRef = useRef<HTMLInputElement>(null);
  const busy = navigation.state !== 'idle';
  const working = navigation.formData?.get('intent');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && !(target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const nextParams = new URLSearchParams(params);
  if (data.next) nextParams.set('after', data.next);

  return (
    <div className="page">
      <h1>Copyright: works &amp; stance</h1>
      <CopyrightTabs />
      {result && !result.ok && <p className="error" role="alert">{result.error}</p>}

      <section className="card" aria-labelledby="stance-heading">
        <h2 id="stance-heading">Stance: <span data-stance={data.stance}>{data.stance === 'opt_in' ? 'opt-in' : 'opt-out'}</span></h2>
        <p className="muted small">
          {data.stance === 'opt_in'
            ? 'Known protected works are refused unless their rights holder allows them.'
            : 'Known works are allowed until their rights holder objects.'}{' '}
          A holder&apos;s rule (allow, review, block) applies under either stance; public-domain works are always allowed. Changing the stance makes a new
          policy version at the next screening.
        </p>
        {data.may.stance && (
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="stance" />
            <input type="hidden" name="stance" value={data.stance === 'opt_in' ? 'opt_out' : 'opt_in'} />
            <button type="submit" disabled={busy}>Switch to {data.stance === 'opt_in' ? 'opt-out' : 'opt-in'}</button>
          </Form>
        )}
        {result?.ok && result.intent === 'stance' && <p className="ok" role="status">{result.changed ? `The stance is now ${result.stance}.` : 'The stance was already that.'}</p>}
      </section>

      <section className="card">
        <h2>Registry</h2>
        <p className="muted small">
          {data.counts.live} live entries (they act on prompts), {data.counts.shadow} in shadow (evaluated beside every screening and recorded, never acting;
          {` ${data.shadowScreenings30d}`} screenings in the last 30 days had a shadow match).
        </p>
        <Form method="get" className="row filters">
          <label>Search<input ref={searchRef} name="q" defaultValue={params.get('q') ?? ''} placeholder="name or alias (press /)" /></label>
          <label>Kind<select name="kind" defaultValue={params.get('kind') ?? ''}><option value="">any</option>{KINDS.map((k) => <option key={k}>{k}</option>)}</select></label>
          <label>Rule<select name="rule" defaultValue={params.get('rule') ?? ''}><option value="">any</option>{RULES.map((r) => <option key={r} value={r}>{r === 'none' ? 'no holder rule' : r}</option>)}</select></label>
          <label>Enforcement<select name="enforcement" defaultValue={params.get('enforcement') ?? ''}><option value="">any</option><option>live</option><option>shadow</option></select></label>
          <label>Demo<select name="demo" defaultValue={params.get('demo') ?? ''}><option value="">any</option><option value="yes">demo only</option><option value="no">no demo</option></select></label>
          <label>Source starts with<input name="source" defaultValue={params.get('source') ?? ''} placeholder="npm pokemon, import …" /></label>
          <button type="submit">Filter</button>
        </Form>
        {data.rows.length === 0 ? (
          <p className="empty">No entries match these filters.</p>
        ) : (
          <table className="grid compact">
            <thead><tr><th>Name</th><th>Kind</th><th>Owner</th><th>Rule</th><th>Enforcement</th><th>Source</th></tr></thead>
            <tbody>
              {data.rows.map((e) => (
                <tr key={e.id} data-entity-id={e.id}>
                  <td>
                    {e.name}
                    {e.demo && <span className="tag muted-tag">demo</span>}
                    {e.public_domain && <span className="tag allow">public domain</span>}
                    {e.aliases.length > 0 && <div className="muted small">also {e.aliases.map((a) => `${a.name} (${a.lang})`).join(', ')}</div>}
                    {e.ambiguous && <div className="muted small">everyday word: acts only beside {e.context_terms.slice(0, 6).join(', ')}{e.context_terms.length > 6 ? '…' : ''}</div>}
                    {data.may.edit && (
                      <details>
                        <summary>Edit</summary>
                        <Form method="post" className="stack">
                          <input type="hidden" name="intent" value="edit" />
                          <input type="hidden" name="id" value={e.id} />
                          <label>Rule
                            <select name="rule" defaultValue={e.rule ?? 'none'}>
                              <option value="none">no holder rule (the stance decides)</option><option>allow</option><option>review</option><option>block</option>
                            </select>
                          </label>
                          <label>Conditions (shown to reviewers; an allow with conditions is reviewed)<textarea name="conditions" rows={2} maxLength={2000} defaultValue={e.conditions ?? ''} /></label>
                          <label>Aliases (tag=name, separated by |)<input name="aliases" defaultValue={e.aliases.map((a) => `${a.lang}=${a.name}`).join('|')} /></label>
                          <label>Territories (ISO codes or worldwide, separated by |)<input name="territories" defaultValue={e.territories.join('|')} /></label>
                          <label>Owner<input name="owner" defaultValue={e.owner ?? ''} maxLength={300} /></label>
                          <label className="inline"><input type="checkbox" name="publicDomain" defaultChecked={e.public_domain} /> Public domain</label>
                          <div className="buttons"><button type="submit" className="primary" disabled={busy}>{working === 'edit' ? 'Saving…' : 'Save'}</button></div>
                        </Form>
                      </details>
                    )}
                  </td>
                  <td>{e.kind}</td>
                  <td>{e.owner ?? <span className="muted">unknown</span>}</td>
                  <td>
                    {e.rule ?? <span className="muted">none</span>}
                    {e.conditions && <div className="muted small">conditions: {e.conditions}</div>}
                  </td>
                  <td><span className={`tag ${e.enforcement === 'live' ? 'block' : 'review'}`}>{e.enforcement}</span></td>
                  <td className="small">{e.source}<div className="muted">{e.licence}{e.source_date ? `, ${e.source_date}` : ''}</div></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav className="row" aria-label="Pages">
          {params.get('after') && <Link to={`?${new URLSearchParams([...params].filter(([k]) => k !== 'after')).toString()}`}>First page</Link>}
          {data.next && <Link to={`?${nextParams.toString()}`} rel="next">Next page</Link>}
        </nav>
        {result?.ok && result.intent === 'edit' && <p className="ok" role="status">Saved; the next screening uses it.</p>}
      </section>

      {data.may.promote && (
        <section className="card">
          <h2>Shadow entries: backtest and promote</h2>
          <p className="muted small">
            Name a source (for example <code>npm superheroes</code> or <code>import works.csv</code>): the backtest screens up to 2,000 stored prompts with the
            live policy and with those entries live, and lists what would change. Promote when the changes are the ones you want.
          </p>
          <Form method="post" className="row">
            <label>Source starts with<input name="source" required minLength={3} defaultValue={result?.ok && result.intent === 'backtest' ? result.source : ''} /></label>
            <button type="submit" name="intent" value="backtest" disabled={busy}>{working === 'backtest' ? 'Backtesting…' : 'Backtest'}</button>
            <button type="submit" name="intent" value="promote" className="primary" disabled={busy}>{working === 'promote' ? 'Promoting…' : 'Promote'}</button>
          </Form>
          {result?.ok && result.intent === 'backtest' && (
            <div role="status">
              <p>
                {result.report.entries} shadow entries, {result.report.sampleSize} stored prompts: {result.report.changedCount} would change (
                {Object.entries(result.report.transitions).filter(([k]) => k.split('→')[0] !== k.split('→')[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}).
              </p>
              {result.report.changed.length > 0 && (
                <table className="grid compact">
                  <thead><tr><th>Prompt</th><th>Live</th><th>Promoted</th></tr></thead>
                  <tbody>{result.report.changed.map((c) => <tr key={c.requestId}><td><Link to={`/requests?id=${c.requestId}`}>{c.prompt}</Link></td><td>{c.liveVerdict}</td><td>{c.promotedVerdict}</td></tr>)}</tbody>
                </table>
              )}
            </div>
          )}
          {result?.ok && result.intent === 'promote' && <p className="ok" role="status">{result.promoted} entries are live from the next screening.</p>}
        </section>
      )}

      {data.may.import && (
        <section className="card">
          <h2>Import</h2>
          <p className="muted small">
            CSV with the header <code>name,kind,aliases,owner,territories,rule,conditions,public_domain,enforcement,context,licence,source_date</code> (name
            and kind required; aliases as <code>ja=ピカチュウ|de=Glurak</code>), or JSON (an array of entries). Entries arrive in shadow unless a row says
            live. A file with any bad row imports nothing; every bad line is named. See docs/copyright.md.
          </p>
          <Form method="post" encType="multipart/form-data" className="stack">
            <label>File<input name="file" type="file" accept=".csv,.json,text/csv,application/json" required /></label>
            <div className="buttons">
              <button type="submit" name="intent" value="preview" disabled={busy}>{working === 'preview' ? 'Checking…' : 'Preview (dry run)'}</button>
              <button type="submit" name="intent" value="apply" className="primary" disabled={busy}>{working === 'apply' ? 'Importing…' : 'Import'}</button>
            </div>
          </Form>
          {result?.ok && result.intent === 'import' && (
            <p className="ok" role="status">
              {result.report.dryRun ? 'Preview of' : 'Imported'} {result.report.fileName}: {result.report.rows} entries ({result.report.live} live,{' '}
              {result.report.shadow} in shadow).{result.report.dryRun && ' Nothing was written.'}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
