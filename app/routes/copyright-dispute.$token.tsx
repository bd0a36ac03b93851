/**
 * /copyright-dispute/<token>: the claimant's private page for one copyright dispute (issue 13). No
 * login: the token in the link we sent the claimant is the key (only its hash is stored). The page
 * shows what the creator disputes and says, the deadline, and, while the dispute waits for the
 * claimant, a form to uphold the claim (with a statement) or release it; afterwards the outcome.
 * A token that opens nothing answers 404; a post from another site is refused before it gets here
 * (app/services/origin-check.server.ts).
 */
import { json, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { timeLeft } from '../components/copyright-dispute-words';
import { answerDisputeAsClaimant, claimantDisputeView } from '../services/copyright-disputes.server';
import { ServiceRefusal } from '../services/refusal';

export const meta: MetaFunction = () => [{ title: 'A dispute of your copyright claim · Loupe' }, { name: 'robots', content: 'noindex' }];

/** The link is the key: it must not sit in a shared cache. */
const PRIVATE_HEADERS = { 'Cache-Control': 'private, no-store' };

export const headers: HeadersFunction = () => PRIVATE_HEADERS;

const STATUS_OF_REFUSAL = { NOT_FOUND: 404, CONFLICT: 409, BAD_REQUEST: 400, FORBIDDEN: 403, TOO_MANY_REQUESTS: 429 } as const;

const OUTCOME_WORDS: Record<string, string> = {
  claimant_no_answer: 'The claim was released for this video or request because it was not answered by the deadline.',
  claimant_released: 'You released the claim for this video or request.',
  appeal_no_answer: 'The claim was released because the creator\'s appeal was not answered by the deadline.',
  appeal_released: 'You released the claim after the creator\'s appeal.',
  legal_reinstated: 'Loupe\'s legal team decided for the creator: the claim is released for this video or request.',
  legal_upheld: 'Loupe\'s legal team upheld your claim.',
  not_appealed: 'Your claim stands: the creator did not appeal in time.',
};

/** The dispute, or the refusal's sentence with 404. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    return json({ ok: true as const, dispute: await claimantDisputeView(context.db, params.token ?? '') }, { headers: PRIVATE_HEADERS });
  } catch (error) {
    if (error instanceof ServiceRefusal) return json({ ok: false as const, error: error.message }, { status: 404, headers: PRIVATE_HEADERS });
    throw error;
  }
}

/** The claimant's answer; a refusal comes back with its status and sentence. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const refuse = (status: number, error: string) => json({ error, answered: false }, { status, headers: PRIVATE_HEADERS });
  try {
    // A link that opens nothing answers 404 whatever was sent with it.
    await claimantDisputeView(context.db, params.token ?? '');
  } catch (error) {
    if (error instanceof ServiceRefusal) return refuse(404, error.message);
    throw error;
  }
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return refuse(400, 'Send your answer from the form on this page.');
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse(400, 'Your answer could not be read; send it again from the form on this page.');
  }
  const answer = { answer: String(form.get('answer') ?? ''), statement: String(form.get('statement') ?? '') };
  try {
    await answerDisputeAsClaimant(context, params.token ?? '', answer);
    return json({ error: null, answered: true }, { headers: PRIVATE_HEADERS });
  } catch (error) {
    // A refusal gives back what was typed and chosen, so the claimant corrects it instead of writing it again.
    if (error instanceof ServiceRefusal) {
      return json({ error: error.message, answered: false, typed: answer }, { status: STATUS_OF_REFUSAL[error.code], headers: PRIVATE_HEADERS });
    }
    throw error;
  }
}

export default function ClaimantDisputePage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  if (!data.ok) {
    return (
      <div className="page narrow">
        <h1>A dispute of your copyright claim</h1>
        <p className="error" role="alert">{data.error}</p>
      </div>
    );
  }
  const d = data.dispute;
  const typed = result && 'typed' in result ? (result.typed as { answer: string; statement: string }) : null;
  return (
    <div className="page narrow">
      <h1>A creator disputes your copyright claim{d.entityName ? ` on ${d.entityName}` : ''}</h1>
      {result?.answered && <p className="ok" role="status">Thank you: your answer was recorded.</p>}
      {result?.error && <p className="error" role="alert">{result.error}</p>}
      <section className="card stack">
        <p>
          The creator disputes the {d.matchAction === 'taken_down' ? 'takedown of their video' : 'block of their request'} made under your claim
          (filed {new Date(d.filedAt).toLocaleString()}).
        </p>
        <h2>The creator&apos;s statement</h2>
        <blockquote>{d.statement}</blockquote>
        {d.claimantAnswer && <><h2>Your answer</h2><blockquote>{d.claimantAnswer}</blockquote></>}
        {d.appealStatement && <><h2>The creator&apos;s appeal</h2><blockquote>{d.appealStatement}</blockquote></>}
        {d.appealAnswer && <><h2>Your answer to the appeal</h2><blockquote>{d.appealAnswer}</blockquote></>}
        {d.outcome && <p><strong>{OUTCOME_WORDS[d.outcome]}</strong>{d.closedAt && <> ({new Date(d.closedAt).toLocaleString()})</>}</p>}
        {d.state === 'with_legal' && <p>Loupe&apos;s legal team is deciding this dispute; this page will show their decision.</p>}
        {d.state === 'appeal_window' && <p>You upheld the claim. The creator may appeal; if they do, you will be asked to answer again on this page.</p>}
      </section>
      {d.mayAnswer && d.deadline && (
        <Form method="post" className="card stack">
          <p>
            Answer by <strong>{new Date(d.deadline).toLocaleString()}</strong> ({timeLeft(d.deadline)}). If you do not answer by then, the claim is released
            for this {d.matchAction === 'taken_down' ? 'video, which is published again' : 'request'}.
          </p>
          <fieldset>
            <legend>Your answer</legend>
            <label><input type="radio" name="answer" value="uphold" required defaultChecked={typed?.answer === 'uphold'} /> Uphold the claim</label>
            <label><input type="radio" name="answer" value="release" defaultChecked={typed?.answer === 'release'} /> Release the claim for this {d.matchAction === 'taken_down' ? 'video' : 'request'}</label>
          </fieldset>
          <label>
            Your statement (required to uphold: why the claim stands)
            <textarea name="statement" rows={5} maxLength={4000} defaultValue={typed?.statement ?? ''} />
          </label>
          <button type="submit" disabled={navigation.state !== 'idle'}>{navigation.state !== 'idle' ? 'Sending…' : 'Send the answer'}</button>
        </Form>
      )}
    </div>
  );
}
