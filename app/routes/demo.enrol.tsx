/**
 * Demo: verify a person cameo with a face capture (issue 12; POST /api/v1/cameos/{cameoId}/
 * enrolment-challenges, POST …/enrolments, GET …/enrolments/{enrolmentId}). The real app shows the
 * challenge and records with the front camera; the demo shows the challenge's sentence and takes a
 * video file instead, sends it base64-encoded as the API takes it, then follows the enrolment's
 * progress until it is verified or fails with the sentence saying what to do.
 *
 * Query: `as` (the acting creator), `cameo` (the cameo to verify), `enrolment` (the one to follow).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { z } from 'zod';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

type Cameo = { cameoId: string; kind: string; displayName: string; faceVerified: boolean };
type Enrolment = { enrolmentId: string; state: 'pending' | 'analysing' | 'verified' | 'failed'; progress: number; failure: { code: string; message: string } | null };
type Challenge = { challengeId: string; kind: string; instruction: string; expiresAt: string };

const uuid = z.uuid();

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, creator } = await requireDemo(request, context);
  const url = new URL(request.url);
  const cameoId = url.searchParams.get('cameo');
  const enrolmentId = url.searchParams.get('enrolment');
  // The enrolment is read BEFORE the cameos: the page stops polling once the enrolment is done, so
  // a capture verified between the two reads must show as verified in both (read the other way
  // round, the cameo could stay "not verified" beside a verified enrolment until a reload).
  const wanted = cameoId && uuid.safeParse(cameoId).success && enrolmentId && uuid.safeParse(enrolmentId).success;
  const read = wanted ? await api<Enrolment>('GET', `/cameos/${cameoId}/enrolments/${enrolmentId}`) : null;
  const cameos = await api<{ cameos: Cameo[] }>('GET', '/cameos');
  const people = cameos.ok ? cameos.data.cameos.filter((c) => c.kind === 'person') : [];
  const cameo = people.find((c) => c.cameoId === cameoId) ?? null;
  let enrolment: Enrolment | null = null;
  let error = cameos.ok ? null : cameos.message;
  if (cameo && read) {
    if (read.ok) enrolment = read.data;
    else error = read.message;
  }
  return { creatorId: creator?.id ?? null, people, cameo, enrolment, error };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api, creator } = await requireDemo(request, context);
  const form = await demoForm(request);
  const cameoId = String(form.get('cameoId') ?? '');
  if (!uuid.safeParse(cameoId).success) return { error: 'Choose one of your person cameos first.', challenge: null };
  if (form.get('intent') === 'challenge') {
    const result = await api<Challenge>('POST', `/cameos/${cameoId}/enrolment-challenges`);
    return result.ok ? { error: null, challenge: result.data } : { error: result.message, challenge: null };
  }
  const capture = form.get('capture');
  if (!(capture instanceof File) || capture.size === 0) return { error: 'Choose the video file of your capture.', challenge: null };
  const result = await api<{ enrolmentId: string }>('POST', `/cameos/${cameoId}/enrolments`, {
    challengeId: String(form.get('challengeId') ?? ''),
    capture: Buffer.from(await capture.arrayBuffer()).toString('base64'),
  });
  if (!result.ok) return { error: result.message, challenge: null };
  const as = creator ? `as=${creator.id}&` : '';
  throw redirect(`/demo/enrol?${as}cameo=${cameoId}&enrolment=${result.data.enrolmentId}`);
}

const STATE_WORDS: Record<Enrolment['state'], string> = {
  pending: 'Waiting for analysis', analysing: 'Analysing the capture', verified: 'Verified', failed: 'Not verified',
};

export default function DemoEnrol() {
  const { creatorId, people, cameo, enrolment, error } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const revalidator = useRevalidator();
  const as = creatorId ? `as=${creatorId}&` : '';
  const running = enrolment !== null && (enrolment.state === 'pending' || enrolment.state === 'analysing');
  // Follow the analysis: read the enrolment again every second until it is decided.
  useEffect(() => {
    if (!running || revalidator.state !== 'idle') return undefined;
    const timer = setTimeout(() => revalidator.revalidate(), 1000);
    return () => clearTimeout(timer);
  }, [running, revalidator, enrolment?.progress]);
  const challenge = result?.challenge ?? null;
  return (
    <div className="stack">
      <section className="card stack">
        <h2>Verify a cameo with a face capture <span className="tag">demo</span></h2>
        <p className="muted">
          In the real app the camera records you answering the challenge. In this demo, upload a short video (MP4, MOV or WebM, at most
          20 MB) of the cameo's owner doing what the challenge says. Loupe keeps encrypted face data only, never shows it, and deletes the
          video after analysis.
        </p>
        {(error ?? result?.error) && <p className="error" role="alert">{error ?? result?.error}</p>}
        {people.length === 0 && <p className="muted">You have no person cameos yet: <Link to={`/demo/cameos?${as}`}>create one</Link> first.</p>}
        <nav className="row" aria-label="Person cameos">
          {people.map((c) => (
            <Link key={c.cameoId} to={`/demo/enrol?${as}cameo=${c.cameoId}`} aria-current={c.cameoId === cameo?.cameoId ? 'page' : undefined}>
              {c.displayName}{c.faceVerified ? ' (verified)' : ''}
            </Link>
          ))}
        </nav>
      </section>
      {cameo && (
        <section className="card stack" data-cameo-id={cameo.cameoId}>
          <h2>{cameo.displayName} {cameo.faceVerified ? <span className="tag" data-testid="face-verified">verified</span> : <span className="tag">not verified</span>}</h2>
          {enrolment && (
            <div role="status" data-testid="enrolment-state" data-state={enrolment.state}>
              <strong>{STATE_WORDS[enrolment.state]}</strong>
              {running && <> <progress max={100} value={enrolment.progress} aria-label="Analysis progress" /> {enrolment.progress}%</>}
              {enrolment.failure && <p className="error" data-testid="enrolment-failure">{enrolment.failure.message}</p>}
            </div>
          )}
          {!challenge && !running && (
            <Form method="post" action={`${location.pathname}${location.search}`}>
              <input type="hidden" name="cameoId" value={cameo.cameoId} />
              <button type="submit" name="intent" value="challenge" className="primary">{enrolment ? 'Try again: get a new challenge' : 'Get a challenge'}</button>
            </Form>
          )}
          {challenge && (
            <Form method="post" action={`${location.pathname}${location.search}`} encType="multipart/form-data" className="stack">
              <p data-testid="challenge-instruction"><strong>The challenge:</strong> {challenge.instruction}</p>
              <p className="muted">Send the capture before {new Date(challenge.expiresAt).toLocaleTimeString()}.</p>
              <input type="hidden" name="cameoId" value={cameo.cameoId} />
              <input type="hidden" name="challengeId" value={challenge.challengeId} />
              <label>Capture video<input name="capture" type="file" accept="video/mp4,video/quicktime,video/webm" required /></label>
              <button type="submit" name="intent" value="capture" className="primary">Verify with this capture</button>
            </Form>
          )}
        </section>
      )}
    </div>
  );
}
