/**
 * Demo: file a likeness complaint as the acting creator (POST /api/v1/likeness-complaints) and read
 * its status with the token it answers (POST /api/v1/likeness-complaints/status). Evidence here is
 * text only; the API and the public form also take files.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { LIKENESS_RELATIONSHIPS } from '../../policies/likeness-complaints';
import { publicCaller } from '../trpc/caller.server';
import { demoForm, requireDemo } from '../services/app-api/demo-app.server';

/** How the relationships read on the page. */
const RELATIONSHIP_WORDS: Record<(typeof LIKENESS_RELATIONSHIPS)[number], string> = {
  self: 'It is my likeness', estate: 'I act for the estate of a person who has died', authorised_representative: 'I represent the person',
};

type Status = { complaintId: string; state: string; personName: string; decisionReason: string | null; takenDown: number };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireDemo(request, context);
  const feed = await publicCaller(context).feed.list({ limit: 50 });
  return { videos: feed.items.map((v) => ({ id: v.id, creator: v.creator })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await requireDemo(request, context);
  const form = await demoForm(request);
  const field = (name: string) => String(form.get(name) ?? '').trim();
  if (form.get('intent') === 'status') {
    const result = await api<Status>('POST', '/likeness-complaints/status', { statusToken: field('statusToken') });
    return result.ok ? { status: result.data, filed: null, error: null } : { status: null, filed: null, error: result.message };
  }
  const videoIds = [...form.getAll('videoId').map(String), ...field('otherVideoIds').split(/[\s,]+/)].filter(Boolean);
  const result = await api<{ complaintId: string; statusToken: string }>('POST', '/likeness-complaints', {
    relationship: field('relationship'), complainantName: field('complainantName'), complainantEmail: field('complainantEmail'),
    ...(field('personName') ? { personName: field('personName') } : {}), personLiving: form.get('deceased') !== 'on',
    videoIds, evidenceText: field('evidenceText'),
  });
  return result.ok ? { status: null, filed: result.data, error: null } : { status: null, filed: null, error: result.message };
}

export default function DemoComplaint() {
  const { videos } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  return (
    <div className="stack">
      {result?.error && <p className="error" role="alert">{result.error}</p>}
      {result?.filed && (
        <p className="ok" role="status">
          Complaint received ({result.filed.complaintId}). Keep this status token, it is shown once: <code>{result.filed.statusToken}</code>
        </p>
      )}
      {result?.status && (
        <p className="card" role="status">
          Complaint about {result.status.personName}: {result.status.state.replace('_', ' ')}
          {result.status.decisionReason ? ` (${result.status.decisionReason})` : ''}{result.status.takenDown ? `, ${result.status.takenDown} video(s) taken down` : ''}.
        </p>
      )}
      <Form method="post" action={here} className="card stack">
        <h2>File a likeness complaint</h2>
        <input type="hidden" name="intent" value="file" />
        <label>Who you complain for
          <select name="relationship">{LIKENESS_RELATIONSHIPS.map((r) => <option key={r} value={r}>{RELATIONSHIP_WORDS[r]}</option>)}</select>
        </label>
        <div className="row">
          <label>Your name<input name="complainantName" maxLength={200} required /></label>
          <label>Your email<input name="complainantEmail" type="email" maxLength={320} required /></label>
        </div>
        <div className="row">
          <label>The person's name (if not you)<input name="personName" maxLength={200} /></label>
          <label><input type="checkbox" name="deceased" /> The person has died</label>
        </div>
        <fieldset>
          <legend>Videos</legend>
          {videos.map((v) => <label key={v.id}><input type="checkbox" name="videoId" value={v.id} /> @{v.creator} · {v.id.slice(0, 8)}</label>)}
          <label>Other video ids (a draft of yours, for instance)<input name="otherVideoIds" /></label>
        </fieldset>
        <label>Your evidence<textarea name="evidenceText" rows={4} maxLength={5000} /></label>
        <button type="submit" className="primary">File complaint</button>
      </Form>
      <Form method="post" action={here} className="card row">
        <input type="hidden" name="intent" value="status" />
        <label>Status token<input name="statusToken" maxLength={200} /></label>
        <button type="submit">Check status</button>
      </Form>
    </div>
  );
}
