/**
 * /likeness-complaint: the public form for "this video shows me, or someone I represent, without
 * consent". No login. The body is read under this route's limit (app/services/body-limits.server.ts)
 * and the HTTP server's cross-site check; filings are counted per client address; the evidence
 * files stream in held in memory up to their limit. The filing itself is the likeness-complaints
 * service's, the same one the app API calls. On success the person lands on their status page; on
 * a refusal the form shows the sentence and keeps what they typed (files must be chosen again:
 * browsers do not let a page refill a file input).
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { rateLimiterFor, type RateLimit } from '../../db/rate-limiter';
import {
  EVIDENCE_LIMITS, EVIDENCE_TOO_LARGE, EVIDENCE_TYPES, LIKENESS_RELATIONSHIPS, RELATIONSHIP_LABELS,
} from '../../policies/likeness-complaints';
import { fileLikenessComplaint } from '../services/likeness-complaints.server';
import { isMultipartRequest, MalformedUploadError, readMultipartForm, UploadTooLargeError } from '../services/multipart.server';
import { ServiceRefusal } from '../services/refusal';

export const meta: MetaFunction = () => [{ title: 'Complain about a video showing your likeness · Loupe' }];

/** Per client address: a person files a few complaints, not dozens; counted in PostgreSQL across processes. */
export const COMPLAINT_RATE_LIMIT: RateLimit = { name: 'likeness-complaint', points: 5, durationSeconds: 60 * 60 };
/** Form fields: the longest is the evidence text (5,000 characters, up to 4 bytes each in UTF-8). */
const MAX_FIELD_BYTES = 24 * 1024;
const MAX_FIELDS = 16;
const MiB = 1024 * 1024;

const HTTP_STATUS = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, TOO_MANY_REQUESTS: 429 } as const;

/** What the person typed, sent back with a refusal so the form keeps it. */
type Typed = Record<'relationship' | 'complainantName' | 'complainantEmail' | 'personName' | 'personAliases' | 'personLiving' | 'videos' | 'evidenceText', string>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Video ids from what the person pasted: ids or addresses of videos, separated by anything. */
function videoIdsOf(text: string): string[] {
  const ids = text.match(UUID)?.map((id) => id.toLowerCase()) ?? [];
  // Something typed that holds no id at all is passed on as is, so the service's sentence names it.
  return ids.length > 0 ? ids : text.split(/[\s,]+/).filter((part) => part !== '');
}

function namesOf(text: string): string[] {
  return text.split(/[\n,;]+/).map((name) => name.trim()).filter((name) => name !== '');
}

export function loader({ request }: LoaderFunctionArgs) {
  // A link from a video's page can name it: /likeness-complaint?video=<id>.
  return { video: new URL(request.url).searchParams.get('video')?.slice(0, 200) ?? '' };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const refuse = (status: number, error: string, typed: Partial<Typed> = {}) => json({ error, typed }, { status });
  const client = context.clientAddress ?? 'unknown';
  const decision = await rateLimiterFor(context.db, COMPLAINT_RATE_LIMIT).consume(client);
  if (!decision.allowed) {
    return json(
      { error: `Too many complaints from your address: try again in ${Math.ceil(decision.retryAfterSeconds / 60)} minutes.`, typed: {} },
      { status: 429, headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
    );
  }
  if (!isMultipartRequest(request)) return refuse(400, 'Send the complaint from this page\'s form (multipart/form-data).');
  let fields: Map<string, string>;
  let files: { filename: string; bytes: Buffer }[];
  try {
    const form = await readMultipartForm(request, {
      fileFields: ['evidence'],
      limits: { maxFileBytes: EVIDENCE_LIMITS.maxFileBytes, maxFiles: EVIDENCE_LIMITS.maxFiles, maxFields: MAX_FIELDS, maxFieldBytes: MAX_FIELD_BYTES },
      destination: { kind: 'memory' },
    });
    fields = form.fields;
    // A file input left empty still sends a part: an empty file, which means "no file".
    files = form.files.filter((file) => (file.bytes?.length ?? 0) > 0).map((file) => ({ filename: file.filename || 'evidence', bytes: file.bytes! }));
  } catch (error) {
    if (error instanceof UploadTooLargeError) return refuse(413, error.part === 'file' ? EVIDENCE_TOO_LARGE : 'A form field is too long; shorten it and send the form again.');
    if (error instanceof MalformedUploadError) return refuse(400, `${error.message} Try sending the form again.`);
    throw error;
  }
  const typed: Typed = {
    relationship: fields.get('relationship') ?? '',
    complainantName: fields.get('complainantName') ?? '',
    complainantEmail: fields.get('complainantEmail') ?? '',
    personName: fields.get('personName') ?? '',
    personAliases: fields.get('personAliases') ?? '',
    personLiving: fields.get('personLiving') ?? 'living',
    videos: fields.get('videos') ?? '',
    evidenceText: fields.get('evidenceText') ?? '',
  };
  try {
    const filed = await fileLikenessComplaint(
      context,
      {
        relationship: typed.relationship,
        complainantName: typed.complainantName,
        complainantEmail: typed.complainantEmail.trim(),
        personName: typed.personName.trim() || undefined,
        personAliases: namesOf(typed.personAliases),
        personLiving: typed.personLiving !== 'deceased',
        videoIds: videoIdsOf(typed.videos),
        evidenceText: typed.evidenceText,
        evidenceFiles: files.map((file) => ({ filename: file.filename, contentBase64: file.bytes.toString('base64') })),
      },
      { kind: 'public' },
    );
    return redirect(`/likeness-complaint/status/${filed.statusToken}?filed=1`);
  } catch (error) {
    if (error instanceof ServiceRefusal) return refuse(HTTP_STATUS[error.code], error.message, typed);
    throw error;
  }
}

export default function LikenessComplaintForm() {
  const { video } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const typed: Partial<Typed> = result?.typed ?? {};
  const accept = Object.keys(EVIDENCE_TYPES).join(',');
  return (
    <div className="page narrow">
      <h1>A video shows my likeness, or someone I represent</h1>
      <p>
        Tell us which video, whose likeness it shows and why you are entitled to complain. Our legal team reviews every complaint.
        If it is upheld, the video and every copy of it we can recognise are taken down, and new videos naming the person are blocked.
        You get a private link to follow your complaint.
      </p>
      <Form method="post" encType="multipart/form-data" className="card stack" key={result ? 'refused' : 'fresh'}>
        <fieldset>
          <legend>Whose likeness is it?</legend>
          {LIKENESS_RELATIONSHIPS.map((relationship) => (
            <label key={relationship} className="inline">
              <input type="radio" name="relationship" value={relationship} required defaultChecked={(typed.relationship || 'self') === relationship} /> {RELATIONSHIP_LABELS[relationship]}
            </label>
          ))}
        </fieldset>
        <label>Your full name<input name="complainantName" autoComplete="name" required maxLength={200} defaultValue={typed.complainantName} /></label>
        <label>Your email address (kept with your complaint, so our legal team can reach you about it)
          <input name="complainantEmail" type="email" autoComplete="email" required maxLength={320} defaultValue={typed.complainantEmail} />
        </label>
        <label>Name of the person the video shows (leave empty if it is you)
          <input name="personName" maxLength={200} defaultValue={typed.personName} />
        </label>
        <label>Other names they are known by (optional; one per line or separated by commas)
          <textarea name="personAliases" rows={2} maxLength={4000} defaultValue={typed.personAliases} />
        </label>
        <fieldset>
          <legend>Is the person alive?</legend>
          <label className="inline"><input type="radio" name="personLiving" value="living" defaultChecked={(typed.personLiving ?? 'living') !== 'deceased'} /> yes</label>
          <label className="inline"><input type="radio" name="personLiving" value="deceased" defaultChecked={typed.personLiving === 'deceased'} /> no, they have died</label>
        </fieldset>
        <label>The video(s): paste each video's address or id, one per line
          <textarea name="videos" rows={2} required maxLength={8000} defaultValue={typed.videos ?? video} />
        </label>
        <label>Your evidence: who the video shows, where in it, and why you may complain (at least {EVIDENCE_LIMITS.minTextChars} characters)
          <textarea name="evidenceText" rows={5} required minLength={EVIDENCE_LIMITS.minTextChars} maxLength={EVIDENCE_LIMITS.maxTextChars} defaultValue={typed.evidenceText} />
        </label>
        <label>
          Evidence files (optional for your own likeness; required when you complain for someone else: a document showing you may act for them).
          Photos or scans as JPEG, PNG, WebP or PDF, up to {EVIDENCE_LIMITS.maxFiles} files of {EVIDENCE_LIMITS.maxFileBytes / MiB} MB each. Only Loupe's staff see them.
          <input name="evidence" type="file" multiple accept={accept} />
        </label>
        {result?.error && <p className="error" role="alert">{result.error}{typed.videos !== undefined ? ' Choose your evidence files again before sending.' : ''}</p>}
        <button type="submit" className="primary" disabled={navigation.state !== 'idle'}>Send the complaint</button>
      </Form>
    </div>
  );
}
