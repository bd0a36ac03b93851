/**
 * One policy draft: edit its changes to the shipped rules, run it in shadow on live traffic,
 * backtest it on the last N decisions, see which verdicts would change, and promote it.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';
// Types and the category list only: importing the policies index would bundle and compile the whole rule set.
import type { RuleSetChanges, ThresholdLevel } from '../../policies/prompt/changes';
import { EXEMPLAR_LANGS, POLICY_CATEGORIES, type ExemplarLabel, type ExemplarLang, type PolicyCategory } from '../../policies/prompt/types';
import type { SemanticOutcome } from '../../policies/prompt/semantic/types';
import { PolicyDiffView } from '../components/policy-diff';
import { PolicyTabs } from '../components/policy-tabs';
import { TransitionCounts, VerdictChanges } from '../components/verdict-changes';
import { trpcClient } from '../trpc/client';
import { useConsoleAction } from '../trpc/use-console-action';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';

export const meta: MetaFunction = () => [{ title: 'Policy draft · Loupe' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return orHttpError(trpc.policy.draft({ id: params.draftId ?? '' }));
}

const lines = (text: string) => text.split('\n').map((t) => t.trim()).filter(Boolean);
const LEVELS: ThresholdLevel[] = [1, 2, 3, 4, 5];
const EXEMPLAR_LABELS: ExemplarLabel[] = [...POLICY_CATEGORIES, 'benign'];
/** Model time per prompt and side with the semantic layer, in ms (docs/benchmarks.md), for the backtest's time estimate. */
const SEMANTIC_MS_PER_PROMPT = 13;

/** One line on what the semantic layer said about a changed prompt, or undefined when it held nothing. */
function semanticNote(side: string, outcome: SemanticOutcome | undefined): string | undefined {
  if (!outcome || outcome.status !== 'ok' || outcome.verdict === 'allow' || !outcome.category) return undefined;
  const nearest = outcome.nearest.find((n) => n.label === outcome.category) ?? outcome.nearest[0];
  return `${side} semantic: ${outcome.verdict}, ${outcome.category.replaceAll('_', ' ')} ${outcome.score.toFixed(3)}${nearest ? ` (nearest “${nearest.text}”)` : ''}`;
}

/** What the stored backtest says about the semantic layer: ran on both sides, could not run for some prompts, or not part of it. */
function semanticSummary(semantic: { live: { ok: number; unavailable: number }; draft: { ok: number; unavailable: number } } | null, sampleSize: number): string {
  if (!semantic) return 'Rules only: this backtest ran without the semantic layer.';
  const { live, draft } = semantic;
  if (live.unavailable === 0 && draft.unavailable === 0) return 'Both sides include the semantic layer.';
  return `The semantic layer could not run for ${live.unavailable} of ${sampleSize} prompts with the live policy and ${draft.unavailable} with the draft; the rules decided alone for those (is the model built and a worker running?).`;
}

export default function PolicyDraft() {
  const data = useLoaderData<typeof loader>();
  const { draft } = data;
  const revalidator = useRevalidator();
  const editable = draft.state === 'draft';
  const [title, setTitle] = useState(draft.title);
  const [note, setNote] = useState(draft.note ?? '');
  const [changes, setChanges] = useState<RuleSetChanges>(draft.changes);
  const [dirty, setDirty] = useState(false);
  const action = useConsoleAction();
  const { busy, error } = action;
  const [message, setMessage] = useState<string | null>(null);
  const [limit, setLimit] = useState(500);
  const [promoteNote, setPromoteNote] = useState('');

  useEffect(() => {
    setTitle(draft.title);
    setNote(draft.note ?? '');
    setChanges(draft.changes);
    setDirty(false);
  }, [draft]);

  const edit = (next: RuleSetChanges) => {
    setChanges(next);
    setDirty(true);
  };

  /** A mutation on this draft; when it worked, `what` says so and the page reloads its data. */
  const run = (what: string, mutation: () => Promise<unknown>) => {
    setMessage(null);
    return action.run(async () => {
      await mutation();
      setMessage(what);
      revalidator.revalidate();
    });
  };

  // Term edit form
  const [groupId, setGroupId] = useState(data.groups[0]?.id ?? '');
  const [addText, setAddText] = useState('');
  const [removeText, setRemoveText] = useState('');
  const applyTermEdit = () => {
    const existing = changes.terms.find((t) => t.groupId === groupId);
    const add = [...new Set([...(existing?.add ?? []), ...lines(addText)])];
    const remove = [...new Set([...(existing?.remove ?? []), ...lines(removeText)])];
    const newGroup = changes.newGroups.find((g) => g.id === groupId);
    if (newGroup) {
      edit({ ...changes, newGroups: changes.newGroups.map((g) => (g.id === groupId ? { ...g, terms: [...new Set([...g.terms, ...lines(addText)])].filter((t) => !remove.includes(t)) } : g)) });
    } else {
      edit({ ...changes, terms: [...changes.terms.filter((t) => t.groupId !== groupId), { groupId, add, remove }] });
    }
    setAddText('');
    setRemoveText('');
  };

  // New group form
  const [newId, setNewId] = useState('');
  const [newCategory, setNewCategory] = useState<PolicyCategory>('violence_graphic');
  const [newSeverity, setNewSeverity] = useState<1 | 2 | 3 | 4>(2);
  const [newLang, setNewLang] = useState<'en' | 'id' | 'any'>('en');
  const [newTerms, setNewTerms] = useState('');
  const addGroup = () => {
    edit({ ...changes, newGroups: [...changes.newGroups, { id: newId.trim(), category: newCategory, severity: newSeverity, lang: newLang, terms: lines(newTerms) }] });
    setNewId('');
    setNewTerms('');
  };

  // Threshold form
  const [tCategory, setTCategory] = useState<PolicyCategory>('violence_graphic');
  const [tBand, setTBand] = useState<'adult' | 'teen'>('adult');
  const [tReview, setTReview] = useState<ThresholdLevel>(2);
  const [tBlock, setTBlock] = useState<ThresholdLevel>(3);
  const setThreshold = () =>
    edit({
      ...changes,
      thresholds: [...changes.thresholds.filter((t) => !(t.category === tCategory && t.ageBand === tBand)), { category: tCategory, ageBand: tBand, reviewAt: tReview, blockAt: tBlock }],
    });

  // A running backtest's progress, asked every second while it runs (issue 14: the semantic layer takes ~13 ms per prompt and side).
  const [backtesting, setBacktesting] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  useEffect(() => {
    if (!backtesting) {
      setProgress(null);
      return;
    }
    const timer = setInterval(() => {
      trpcClient.policy.backtestProgress.query({ id: draft.id }).then(setProgress, () => undefined);
    }, 1000);
    return () => clearInterval(timer);
  }, [backtesting, draft.id]);

  // Semantic exemplars and settings (issue 14)
  const exemplarEdits = changes.exemplars ?? { add: [], remove: [] };
  const editExemplars = (next: NonNullable<RuleSetChanges['exemplars']>) => edit({ ...changes, exemplars: next });
  const [exText, setExText] = useState('');
  const [exLabel, setExLabel] = useState<ExemplarLabel>('violence_graphic');
  const [exLang, setExLang] = useState<ExemplarLang>('en');
  const addExemplar = () => {
    editExemplars({ ...exemplarEdits, add: [...exemplarEdits.add.filter((e) => e.text !== exText.trim()), { text: exText.trim(), label: exLabel, lang: exLang }] });
    setExText('');
  };
  const [query, setQuery] = useState('');
  type Found = { id: string; text: string; label: ExemplarLabel; lang: ExemplarLang; source: string; removed: boolean };
  const [found, setFound] = useState<{ total: number; exemplars: Found[] } | null>(null);
  const [known, setKnown] = useState<Record<string, { text: string; label: string }>>({});
  const search = () =>
    action.run(async () => {
      const result = await trpcClient.policy.searchExemplars.query({ draftId: draft.id, query });
      setFound(result);
      setKnown((k) => ({ ...k, ...Object.fromEntries(result.exemplars.map((e) => [e.id, { text: e.text, label: e.label }])) }));
    });
  const removedText = (id: string) => known[id] ?? data.semantic.removed.find((r) => r.id === id);
  const settings = data.semantic.settings;
  const [k, setK] = useState(String(changes.semanticSettings?.k ?? settings?.k ?? ''));
  const [reviewMargin, setReviewMargin] = useState(String(changes.semanticSettings?.reviewMargin ?? settings?.reviewMargin ?? ''));
  const [blockMargin, setBlockMargin] = useState(String(changes.semanticSettings?.blockMargin ?? settings?.blockMargin ?? ''));
  const shipped = data.semantic.shippedSettings;
  useEffect(() => {
    setK(String(draft.changes.semanticSettings?.k ?? settings?.k ?? ''));
    setReviewMargin(String(draft.changes.semanticSettings?.reviewMargin ?? settings?.reviewMargin ?? ''));
    setBlockMargin(String(draft.changes.semanticSettings?.blockMargin ?? settings?.blockMargin ?? ''));
  }, [draft, settings]);
  const setSemanticSettings = () => {
    const next: NonNullable<RuleSetChanges['semanticSettings']> = {};
    if (shipped && Number(k) !== shipped.k) next.k = Number(k);
    if (shipped && Number(reviewMargin) !== shipped.reviewMargin) next.reviewMargin = Number(reviewMargin);
    if (shipped && Number(blockMargin) !== shipped.blockMargin) next.blockMargin = Number(blockMargin);
    const { semanticSettings: _drop, ...rest } = changes;
    edit(Object.keys(next).length > 0 ? { ...rest, semanticSettings: next } : rest);
  };

  const shadowRows = data.shadow.changed.map((row) => ({
    key: row.request_id,
    prompt: row.prompt,
    from: row.live_verdict,
    to: row.verdict,
    fromMatches: row.live_matches ?? [],
    toMatches: row.matches,
    note: [new Date(row.screened_at).toLocaleString(), semanticNote('live', row.live_semantic ?? undefined), semanticNote('draft', row.semantic ?? undefined)].filter(Boolean).join('; '),
  }));
  const backtestRows = (data.backtest?.changed ?? []).map((row) => ({
    key: row.requestId,
    prompt: row.prompt,
    from: row.liveVerdict,
    to: row.draftVerdict,
    fromMatches: row.liveMatches,
    toMatches: row.draftMatches,
    note: [
      row.storedVerdict !== row.liveVerdict ? `decided ${row.storedVerdict} when it was screened` : undefined,
      semanticNote('live', row.liveSemantic),
      semanticNote('draft', row.draftSemantic),
    ].filter(Boolean).join('; ') || undefined,
  }));

  return (
    <div className="page">
      <p><Link to="/policy/drafts">← Drafts</Link></p>
      <h1>{draft.title} <span className={`tag ${draft.state === 'shadow' ? 'review' : draft.state === 'promoted' ? 'allow' : ''}`} data-testid="draft-state">{draft.state}</span></h1>
      <PolicyTabs />
      <p className="muted">
        Created by {draft.created_by_email} on {new Date(draft.created_at).toLocaleString()} · draft version <code>{data.version}</code> · live <code>{data.liveVersion}</code>
        {draft.shadow_since && <> · in shadow since {new Date(draft.shadow_since).toLocaleString()}</>}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      {message && <p className="ok" role="status">{message}</p>}
      {data.warnings.length > 0 && <ul className="error">{data.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}

      <section className="card">
        <h2>Actions</h2>
        <div className="buttons wrap-buttons">
          {draft.state === 'draft' && <button type="button" disabled={busy || dirty} onClick={() => run('Shadow run started: live traffic is now screened with this draft too, without acting.', () => trpcClient.policy.setShadow.mutate({ id: draft.id, shadow: true }))}>Start shadow run</button>}
          {draft.state === 'shadow' && <button type="button" disabled={busy} onClick={() => run('Shadow run stopped.', () => trpcClient.policy.setShadow.mutate({ id: draft.id, shadow: false }))}>Stop shadow run</button>}
          {(draft.state === 'draft' || draft.state === 'shadow') && (
            <>
              <label className="inline">last <input type="number" min={1} max={2000} value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Backtest sample" /> decisions</label>
              <button
                type="button"
                disabled={busy || dirty}
                title={`With the semantic layer: about ${Math.max(1, Math.round((limit * SEMANTIC_MS_PER_PROMPT * 2) / 1000))} s on one core`}
                onClick={() => {
                  setBacktesting(true);
                  void run('Backtest finished.', () => trpcClient.policy.backtest.mutate({ id: draft.id, limit })).finally(() => setBacktesting(false));
                  // After run() cleared the last message: what is happening while the worker classifies.
                  setMessage(`Backtesting the last ${limit} decisions with the rules and the semantic layer: about ${Math.max(1, Math.round((limit * SEMANTIC_MS_PER_PROMPT * 2) / 1000))} s…`);
                }}
              >
                Run backtest
              </button>
              <input value={promoteNote} onChange={(e) => setPromoteNote(e.target.value)} placeholder="Promotion note (why)" maxLength={2000} />
              <button
                type="button"
                className="primary"
                disabled={busy || dirty}
                onClick={() => {
                  if (window.confirm('Make this draft the live policy? The pipeline screens every new prompt with it from now on.')) {
                    void run('Promoted: this draft is now the live policy.', () => trpcClient.policy.promote.mutate({ id: draft.id, note: promoteNote || null }));
                  }
                }}
              >
                Promote to live
              </button>
              <button type="button" className="reject" disabled={busy} onClick={() => run('Draft discarded.', () => trpcClient.policy.discardDraft.mutate({ id: draft.id }))}>Discard</button>
            </>
          )}
        </div>
        {dirty && <p className="muted small">Save your edits before running the draft.</p>}
        {backtesting && progress && progress.total > 0 && (
          <p className="muted small" data-testid="backtest-progress">Semantic layer: {progress.done} of {progress.total} prompts classified.</p>
        )}
      </section>

      <div className="columns">
        <section className="card stack">
          <h2>Changes to the shipped rules</h2>
          {!editable && <p className="muted small">This draft is {draft.state}; {draft.state === 'shadow' ? 'stop its shadow run to edit it' : 'it can no longer be edited'}.</p>}
          <label>Title<input value={title} disabled={!editable} onChange={(e) => { setTitle(e.target.value); setDirty(true); }} /></label>
          <label>Note<textarea value={note} disabled={!editable} rows={2} onChange={(e) => { setNote(e.target.value); setDirty(true); }} /></label>

          <h3>Term edits</h3>
          {changes.terms.length === 0 ? <p className="muted small">None.</p> : (
            <ul className="small" data-testid="term-edits">
              {changes.terms.map((t) => (
                <li key={t.groupId}>
                  <code>{t.groupId}</code>
                  {t.add.length > 0 && <span className="diff-add"> + {t.add.join(', ')}</span>}
                  {t.remove.length > 0 && <span className="diff-remove"> − {t.remove.join(', ')}</span>}
                  {editable && <button type="button" className="link undo" onClick={() => edit({ ...changes, terms: changes.terms.filter((x) => x.groupId !== t.groupId) })}> undo</button>}
                </li>
              ))}
            </ul>
          )}
          {editable && (
            <div className="stack sub-form">
              <label>Group
                <select value={groupId} onChange={(e) => setGroupId(e.target.value)} aria-label="Term group">
                  {data.groups.map((g) => <option key={g.id} value={g.id}>{g.id} (severity {g.severity})</option>)}
                  {changes.newGroups.map((g) => <option key={g.id} value={g.id}>{g.id} (new)</option>)}
                </select>
              </label>
              <div className="row">
                <label>Add terms (one per line)<textarea rows={3} value={addText} onChange={(e) => setAddText(e.target.value)} aria-label="Add terms" /></label>
                <label>Remove terms (one per line)<textarea rows={3} value={removeText} onChange={(e) => setRemoveText(e.target.value)} aria-label="Remove terms" /></label>
              </div>
              <div className="buttons"><button type="button" onClick={applyTermEdit} disabled={!addText.trim() && !removeText.trim()}>Add to draft</button></div>
            </div>
          )}

          <h3>New term groups</h3>
          {changes.newGroups.length === 0 ? <p className="muted small">None.</p> : (
            <ul className="small">
              {changes.newGroups.map((g) => (
                <li key={g.id}>
                  <code>{g.id}</code> {g.category}, severity {g.severity}, {g.lang}: {g.terms.join(', ')}
                  {editable && <button type="button" className="link undo" onClick={() => edit({ ...changes, newGroups: changes.newGroups.filter((x) => x.id !== g.id) })}> remove</button>}
                </li>
              ))}
            </ul>
          )}
          {editable && (
            <div className="stack sub-form">
              <div className="row">
                <label>Group id<input value={newId} onChange={(e) => setNewId(e.target.value)} placeholder="violence_graphic.slang.en" /></label>
                <label>Category<select value={newCategory} onChange={(e) => setNewCategory(e.target.value as PolicyCategory)}>{POLICY_CATEGORIES.map((c) => <option key={c}>{c}</option>)}</select></label>
              </div>
              <div className="row">
                <label>Severity<select value={newSeverity} onChange={(e) => setNewSeverity(Number(e.target.value) as 1 | 2 | 3 | 4)}>{[1, 2, 3, 4].map((s) => <option key={s}>{s}</option>)}</select></label>
                <label>Language<select value={newLang} onChange={(e) => setNewLang(e.target.value as 'en' | 'id' | 'any')}><option>en</option><option>id</option><option>any</option></select></label>
              </div>
              <label>Terms (one per line)<textarea rows={3} value={newTerms} onChange={(e) => setNewTerms(e.target.value)} /></label>
              <div className="buttons"><button type="button" onClick={addGroup} disabled={!newId.trim() || !newTerms.trim()}>Add group</button></div>
            </div>
          )}

          <h3>Thresholds</h3>
          {changes.thresholds.length === 0 ? <p className="muted small">Shipped thresholds.</p> : (
            <ul className="small">
              {changes.thresholds.map((t) => (
                <li key={`${t.category}-${t.ageBand}`}>
                  {t.category} ({t.ageBand}): review at {t.reviewAt}, block at {t.blockAt}
                  {editable && <button type="button" className="link undo" onClick={() => edit({ ...changes, thresholds: changes.thresholds.filter((x) => x !== t) })}> undo</button>}
                </li>
              ))}
            </ul>
          )}
          {editable && (
            <div className="row sub-form">
              <label>Category<select value={tCategory} onChange={(e) => setTCategory(e.target.value as PolicyCategory)}>{POLICY_CATEGORIES.map((c) => <option key={c}>{c}</option>)}</select></label>
              <label>Band<select value={tBand} onChange={(e) => setTBand(e.target.value as 'adult' | 'teen')}><option>adult</option><option>teen</option></select></label>
              <label>Review at<select value={tReview} onChange={(e) => setTReview(Number(e.target.value) as ThresholdLevel)}>{LEVELS.map((l) => <option key={l}>{l}</option>)}</select></label>
              <label>Block at<select value={tBlock} onChange={(e) => setTBlock(Number(e.target.value) as ThresholdLevel)}>{LEVELS.map((l) => <option key={l}>{l}</option>)}</select></label>
              <div className="buttons align-end"><button type="button" onClick={setThreshold}>Set</button></div>
            </div>
          )}

          <h3>Semantic exemplars</h3>
          <p className="muted small">
            The semantic layer compares a prompt with {data.semantic.exemplarCount} exemplars: prompts that stand for a category, and benign near-misses that must stay allowed.
          </p>
          {exemplarEdits.add.length === 0 && exemplarEdits.remove.length === 0 ? <p className="muted small">No exemplar changes.</p> : (
            <ul className="small" data-testid="exemplar-edits">
              {exemplarEdits.add.map((e) => (
                <li key={`add-${e.text}`} className="diff-add">
                  + {e.label.replaceAll('_', ' ')} ({e.lang}) “{e.text}”
                  {editable && <button type="button" className="link undo" onClick={() => editExemplars({ ...exemplarEdits, add: exemplarEdits.add.filter((x) => x !== e) })}> undo</button>}
                </li>
              ))}
              {exemplarEdits.remove.map((id) => {
                const shown = removedText(id);
                return (
                  <li key={`remove-${id}`} className="diff-remove">
                    − <code>{id}</code> {shown?.text ? <>{shown.label?.replaceAll('_', ' ')} “{shown.text}”</> : <span className="muted">(no longer shipped)</span>}
                    {editable && <button type="button" className="link undo" onClick={() => editExemplars({ ...exemplarEdits, remove: exemplarEdits.remove.filter((x) => x !== id) })}> undo</button>}
                  </li>
                );
              })}
            </ul>
          )}
          {editable && (
            <div className="stack sub-form">
              <label>New exemplar (a prompt it stands for)<textarea rows={2} maxLength={500} value={exText} onChange={(e) => setExText(e.target.value)} aria-label="Exemplar text" /></label>
              <div className="row">
                <label>Label<select value={exLabel} onChange={(e) => setExLabel(e.target.value as ExemplarLabel)} aria-label="Exemplar label">{EXEMPLAR_LABELS.map((l) => <option key={l}>{l}</option>)}</select></label>
                <label>Language<select value={exLang} onChange={(e) => setExLang(e.target.value as ExemplarLang)} aria-label="Exemplar language">{EXEMPLAR_LANGS.map((l) => <option key={l}>{l}</option>)}</select></label>
                <div className="buttons align-end"><button type="button" onClick={addExemplar} disabled={!exText.trim()}>Add exemplar</button></div>
              </div>
              <div className="row">
                <label>Find a shipped exemplar to remove<input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="words of its text, or its id" aria-label="Search exemplars" /></label>
                <div className="buttons align-end"><button type="button" onClick={() => void search()} disabled={busy || query.trim().length < 2}>Search</button></div>
              </div>
              {found && (
                found.exemplars.length === 0 ? <p className="muted small">No shipped exemplar contains “{query}”.</p> : (
                  <ul className="small" data-testid="exemplar-search">
                    {found.exemplars.map((e) => (
                      <li key={e.id}>
                        <code>{e.id}</code> {e.label.replaceAll('_', ' ')} ({e.lang}) “{e.text}”{' '}
                        {exemplarEdits.remove.includes(e.id) ? <span className="muted">removed</span> : (
                          <button type="button" className="link" onClick={() => editExemplars({ ...exemplarEdits, remove: [...exemplarEdits.remove, e.id] })}>remove</button>
                        )}
                      </li>
                    ))}
                    {found.total > found.exemplars.length && <li className="muted">and {found.total - found.exemplars.length} more; search with more words.</li>}
                  </ul>
                )
              )}
            </div>
          )}

          <h3>Semantic settings</h3>
          {settings && shipped ? (
            <>
              <p className="muted small">
                k nearest exemplars per label; a category's margin over benign from the review margin holds a prompt for review, from the block margin blocks it. Shipped: k {shipped.k}, review {shipped.reviewMargin}, block {shipped.blockMargin}.
                {changes.semanticSettings && Object.keys(changes.semanticSettings).length > 0 && editable && (
                  <button type="button" className="link undo" onClick={() => { const { semanticSettings: _drop, ...rest } = changes; edit(rest); setK(String(shipped.k)); setReviewMargin(String(shipped.reviewMargin)); setBlockMargin(String(shipped.blockMargin)); }}> use shipped</button>
                )}
              </p>
              <div className="row sub-form">
                <label>k<input type="number" min={data.semantic.bounds.k.min} max={data.semantic.bounds.k.max} step={1} value={k} disabled={!editable} onChange={(e) => setK(e.target.value)} aria-label="Semantic k" /></label>
                <label>Review margin<input type="number" min={data.semantic.bounds.margin.min} max={data.semantic.bounds.margin.max} step={0.005} value={reviewMargin} disabled={!editable} onChange={(e) => setReviewMargin(e.target.value)} aria-label="Semantic review margin" /></label>
                <label>Block margin<input type="number" min={data.semantic.bounds.margin.min} max={data.semantic.bounds.margin.max} step={0.005} value={blockMargin} disabled={!editable} onChange={(e) => setBlockMargin(e.target.value)} aria-label="Semantic block margin" /></label>
                {editable && <div className="buttons align-end"><button type="button" onClick={setSemanticSettings}>Set</button></div>}
              </div>
            </>
          ) : <p className="muted small">These rules have no semantic layer.</p>}

          {editable && (
            <div className="buttons">
              <button type="button" className="primary" disabled={busy || !dirty} onClick={() => run('Draft saved.', () => trpcClient.policy.saveDraft.mutate({ id: draft.id, title, note: note || null, changes }))}>Save draft</button>
            </div>
          )}
        </section>

        <section className="card">
          <h2>Diff from the live policy</h2>
          <PolicyDiffView diff={data.diffFromLive} />
        </section>
      </div>

      <section className="card">
        <h2>Shadow run on live traffic</h2>
        <p className="muted small">{data.shadow.total} live prompt(s) screened with this draft. Shadow verdicts are stored and never act.</p>
        <TransitionCounts transitions={data.shadow.transitions} />
        <VerdictChanges rows={shadowRows} empty="No live prompt would have been decided differently." />
      </section>

      <section className="card" data-testid="backtest">
        <h2>Backtest on stored decisions</h2>
        {!data.backtest ? <p className="muted">Not run yet.</p> : (
          <>
            <p className="muted small">
              {data.backtest.sample_size} most recent decisions screened again by {data.backtest.run_by_email} on {new Date(data.backtest.run_at).toLocaleString()} (live{' '}
              <code>{data.backtest.live_version}</code>, draft <code>{data.backtest.draft_version}</code>): <strong>{data.backtest.changed_count}</strong> would change.
              The external classifier is not part of backtests.
            </p>
            <p className="small" data-testid="backtest-semantic">{semanticSummary(data.backtest.semantic, data.backtest.sample_size)}</p>
            <TransitionCounts transitions={data.backtest.transitions} />
            <VerdictChanges rows={backtestRows} empty="No stored decision would change." />
          </>
        )}
      </section>
    </div>
  );
}
