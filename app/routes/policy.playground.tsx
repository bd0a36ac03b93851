/**
 * The policy playground: a typed prompt is screened in the browser on every keystroke, with the
 * same pure engine the pipeline runs (policies/ is bundled into the console), the live overlay and
 * the registries from the database. The version shown is computed here and must equal the
 * pipeline's: the page says so when it does.
 *
 * The screening engine is loaded with a dynamic import after the page renders: it includes the
 * NLP library that finds people's names (compromise, about 350 kB minified), which would otherwise
 * make this page's bundle six times larger before anything shows. The browser fetches it once as
 * a static file and caches it; no request is made per keystroke.
 *
 * The semantic layer (issue 14) runs on the server: the model is loaded by the worker that screens
 * prompts, not by the console. Once typing pauses (SEMANTIC_DEBOUNCE_MS), the page asks
 * `policy.semanticPreview`, which runs the semanticPreview workflow, and shows the verdict the
 * pipeline would give (the rules combined with the semantic layer), the category, the score and the
 * nearest exemplars. Only the last answer is shown: an answer for older text is dropped.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useEffect, useMemo, useState } from 'react';
// Deep imports on purpose: the package index also compiles LIVE_POLICY at load, which the browser does not need here.
import { compileOverlay, type RuleSetChanges } from '../../policies/prompt/changes';
import type { screenWithPolicy as ScreenWithPolicy } from '../../policies/prompt/screen';
import type { AgeBand } from '../../policies/prompt/types';
import type { SemanticPreview } from '../../contracts';
import { HighlightedPrompt } from '../components/highlighted-prompt';
import { PolicyTabs } from '../components/policy-tabs';
import { SemanticOutcomeView } from '../components/semantic-outcome';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';
import { errorMessage, trpcClient } from '../trpc/client';

export const meta: MetaFunction = () => [{ title: 'Policy playground · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { trpc } = await staffCallerFor(request, context);
  return orHttpError(trpc.policy.playground());
}

/** What the page shows until the screening engine has loaded (a moment after the first render). */
const LOADING = { verdict: 'loading', categories: [] as string[], matches: [] as ReturnType<typeof ScreenWithPolicy>['matches'], reasons: ['Loading the screening engine…'] };

/** A stand-in cameo id: the playground has no request, only the fact that one is attached. */
const PLAYGROUND_CAMEO = 'playground-cameo';

/** How long typing must pause before the server is asked for the semantic verdict, in ms: one request per pause, not per key. */
const SEMANTIC_DEBOUNCE_MS = 300;

/** The server's semantic verdict for the text on screen: nothing typed, being asked, answered, or failed (with the sentence). */
type SemanticState = { kind: 'idle' } | { kind: 'checking' } | { kind: 'answered'; preview: SemanticPreview } | { kind: 'failed'; message: string };

export default function PolicyPlayground() {
  const data = useLoaderData<typeof loader>();
  const [text, setText] = useState('');
  const [policyId, setPolicyId] = useState('live');
  const [ageBand, setAgeBand] = useState<AgeBand>('adult');
  const [withCameo, setWithCameo] = useState(false);
  const [isRemix, setIsRemix] = useState(false);

  const changes: RuleSetChanges = policyId === 'live' ? data.live.changes : (data.drafts.find((d) => d.id === policyId)?.changes ?? data.live.changes);
  // Compiling takes tens of milliseconds, so it happens once per chosen policy, not per keystroke.
  const compiled = useMemo(() => compileOverlay(changes, data.registries), [changes, data.registries]);
  const [screen, setScreen] = useState<{ run: typeof ScreenWithPolicy } | null>(null);
  useEffect(() => {
    let live = true;
    void import('../../policies/prompt/screen').then((engine) => {
      if (live) setScreen({ run: engine.screenWithPolicy });
    });
    return () => {
      live = false;
    };
  }, []);
  const result = useMemo(
    () => screen?.run(compiled.policy, text, { ageBand, cameoIds: withCameo ? [PLAYGROUND_CAMEO] : [], isRemix }) ?? LOADING,
    [screen, compiled, text, ageBand, withCameo, isRemix],
  );
  const matchesPipeline = policyId !== 'live' || compiled.policy.version === data.live.version;

  const [semantic, setSemantic] = useState<SemanticState>({ kind: 'idle' });
  useEffect(() => {
    if (text.trim() === '') {
      setSemantic({ kind: 'idle' });
      return;
    }
    setSemantic({ kind: 'checking' });
    let current = true;
    const timer = setTimeout(() => {
      trpcClient.policy.semanticPreview
        .mutate({ text, draftId: policyId === 'live' ? null : policyId, ageBand, withCameo, isRemix })
        .then((preview) => {
          if (current) setSemantic({ kind: 'answered', preview });
        })
        .catch((error: unknown) => {
          if (current) setSemantic({ kind: 'failed', message: errorMessage(error) });
        });
    }, SEMANTIC_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, policyId, ageBand, withCameo, isRemix]);

  return (
    <div className="page">
      <h1>Policy playground</h1>
      <PolicyTabs />
      <div className="columns">
        <section className="card stack">
          <label>
            Prompt
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={5}
              placeholder="Type a prompt: it is screened as you type"
              data-testid="playground-input"
            />
          </label>
          <div className="row">
            <label>
              Policy
              <select value={policyId} onChange={(e) => setPolicyId(e.target.value)}>
                <option value="live">Live policy</option>
                {data.drafts.map((d) => <option key={d.id} value={d.id}>Draft: {d.title} ({d.state})</option>)}
              </select>
            </label>
            <label>
              Account
              <select value={ageBand} onChange={(e) => setAgeBand(e.target.value as AgeBand)}>
                <option value="adult">adult</option>
                <option value="teen">teen</option>
              </select>
            </label>
          </div>
          <div className="row checks">
            <label className="check"><input type="checkbox" checked={withCameo} onChange={(e) => setWithCameo(e.target.checked)} /> a cameo is attached</label>
            <label className="check"><input type="checkbox" checked={isRemix} onChange={(e) => setIsRemix(e.target.checked)} /> the request is a remix</label>
          </div>
          <p className="muted small">
            Version <code data-testid="playground-version">{compiled.policy.version}</code>{' '}
            {policyId === 'live' && (matchesPipeline ? <span className="ok">same as the pipeline’s live version</span> : <span className="error">differs from the pipeline’s {data.live.version}: reload the page</span>)}
            {' '}· {compiled.policy.termCount.toLocaleString()} patterns
          </p>
        </section>

        <section className="card" aria-live="polite">
          <h2>
            Verdict <span className={`tag ${result.verdict}`} data-testid="playground-verdict">{result.verdict}</span>{' '}
            <span className="muted" data-testid="playground-categories">{result.categories.join(', ')}</span>
          </h2>
          <div data-testid="playground-highlight">
            <HighlightedPrompt text={text} matches={result.matches} />
          </div>
          <h3>Matches</h3>
          {result.matches.length === 0 ? <p className="muted">None.</p> : (
            <table className="grid compact">
              <thead><tr><th>Text</th><th>Rule</th><th>Category</th><th>Severity</th><th>Action</th></tr></thead>
              <tbody>
                {result.matches.map((m) => (
                  <tr key={`${m.start}-${m.end}-${m.ruleId}`}>
                    <td>“{text.slice(m.start, m.end)}”</td>
                    <td><code>{m.ruleId}</code> ({m.term})</td>
                    <td>{m.category}</td>
                    <td>{m.severity}</td>
                    <td><span className={`tag ${m.action}`}>{m.action}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Reasons</h3>
          <ul className="small">{result.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
          <p className="muted small">The optional external classifier (OpenAI moderation) is not run here; it can only make the pipeline’s verdict stricter.</p>
        </section>
      </div>

      <section className="card" aria-live="polite" data-testid="playground-semantic">
        <h2>Semantic layer <span className="muted small">(on the server, as the pipeline screens)</span></h2>
        <SemanticAnswer state={semantic} settings={compiled.ruleSet.semantic?.settings ?? null} />
      </section>
    </div>
  );
}

/** The server's answer: the verdict with the semantic layer, then what the layer found. */
function SemanticAnswer({ state, settings }: { state: SemanticState; settings: Parameters<typeof SemanticOutcomeView>[0]['settings'] }) {
  if (state.kind === 'idle') return <p className="muted">Type a prompt: once you pause, the server compares its meaning with the policy’s exemplars.</p>;
  if (state.kind === 'checking') return <p className="muted" data-testid="semantic-checking">checking meaning…</p>;
  if (state.kind === 'failed') return <p className="error" data-testid="semantic-error">{state.message}</p>;
  const { preview } = state;
  return (
    <>
      <p>
        Verdict with the semantic layer{' '}
        <span className={`tag ${preview.verdict}`} data-testid="playground-combined-verdict">{preview.verdict}</span>{' '}
        <span className="muted">{preview.categories.join(', ')}</span>{' '}
        <span className="muted small">(rules alone: {preview.rulesVerdict}; version <code>{preview.policyVersion}</code>)</span>
      </p>
      <SemanticOutcomeView
        outcome={preview.semantic}
        settings={settings}
        unavailableHint={
          <p className="small">
            If the model is not built, run <code>npm run setup</code> (it builds the semantic prompt model into <code>~/.cache/loupe/models/</code>)
            and restart Loupe; if the worker runs with <code>LOUPE_SEMANTIC_SCREENING=off</code>, remove it and restart the worker. Until then the
            pipeline’s rules decide alone.
          </p>
        }
      />
    </>
  );
}
