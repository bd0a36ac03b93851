/**
 * /copyright-claim: the public form for rights holders (issue 13): "I hold this character, work or
 * brand; apply this rule to it". No login. The body is read under this route's limit
 * (app/services/body-limits.server.ts) and the HTTP server's cross-site (Origin) check; filings are
 * counted per client address; files stream in held in memory up to their limit. The filing is the
 * copyright-claims service's, the same one the app API calls (which takes up to 20 entities; this
 * form files one). On success the claimant lands on their status page; on a refusal the form shows
 * the sentence and keeps what they typed (files must be chosen again).
 */
import { json, redirect, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { rateLimiterFor, type RateLimit } from '../../db/rate-limiter';
import { CLAIM_FILE_TYPES, CLAIM_LIMITS, CLAIM_TOO_LARGE, type ClaimFileRole } from '../../policies/copyright/claims';
import { COPYRIGHT_ENTITY_KINDS, COPYRIGHT_RULES } from '../../policies/copyright/types';
import { fileCopyrightClaim } from '../services/copyright-claims.server';
import { isMultipartRequest, MalformedUploadError, readMultipartForm, UploadTooLargeError } from '../services/multipart.server';
import { ServiceRefusal } from '../services/refusal';

export const meta: MetaFunction = () => [{ title: 'Claim a character, work or brand · Loupe' }];

/**
 * Per client address: a rights holder files a few claims an hour, not dozens; counted in PostgreSQL
 * across processes. Only accepted filings count: a refused one (a wrong file, a short statement) costs nothing here.
 */
export const CLAIM_RATE_LIMIT: RateLimit = { name: 'copyright-claim', points: 5, durationSeconds: 60 * 60 };
/** Every try counts here, refused or not: enough to correct a form many times, not to hammer the checks. */
export const CLAIM_TRY_LIMIT: RateLimit = { name: 'copyright-claim-try', points: 60, durationSeconds: 60 * 60 };
/** Form fields: the longest is the statement (5,000 characters, up to 4 bytes each in UTF-8). */
const MAX_FIELD_BYTES = 24 * 1024;
const MAX_FIELDS = 16;
const MiB = 1024 * 1024;

const HTTP_STATUS = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, TOO_MANY_REQUESTS: 429 } as const;
/** The form's file inputs and the role of the files each carries. */
const FILE_FIELDS: Record<string, ClaimFileRole> = { proof: 'proof', referenceImages: 'reference_image', referenceClips: 'reference_clip' };

type Typed = Record<'claimantName' | 'claimantOrganisation' | 'contactEmail' | 'statement' | 'name' | 'kind' | 'aliases' | 'territories' | 'requestedRule' | 'conditions', string>;

/** Aliases typed one per line as "name" or "name | language tag". */
function aliasesOf(text: string): { name: string; lang: string }[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
    const [name, lang] = line.split('|').map((part) => part.trim());
    return { name: name ?? '', lang: lang || 'und' };
  });
}

/** Territories typed as codes separated by commas or spaces; empty means worldwide. */
function territoriesOf(text: string): string[] {
  const codes = text.split(/[\s,;]+/).filter((code) => code !== '');
  return codes.length > 0 ? codes : ['worldwide'];
}

/** The form's plain fields as typed, to file them or give them back. */
function typedOf(fields: Map<string, string>): Typed {
  const field = (name: keyof Typed) => fields.get(name) ?? '';
  return {
    claimantName: field('claimantName'), claimantOrganisation: field('claimantOrganisation'), contactEmail: field('contactEmail'), statement: field('statement'),
    name: field('name'), kind: field('kind'), aliases: field('aliases'), territories: field('territories'), requestedRule: field('requestedRule'),
    conditions: field('conditions'),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const refuse = (status: number, error: string, typed: Partial<Typed> = {}, headers: Record<string, string> = {}) => json({ error, typed }, { status, headers });
  const tooMany = (retryAfterSeconds: number, typed: Partial<Typed>) =>
    refuse(429, `Too many claims from your address: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, typed, { 'Retry-After': String(retryAfterSeconds) });
  const client = context.clientAddress ?? 'unknown';
  const tried = await rateLimiterFor(context.db, CLAIM_TRY_LIMIT).consume(client);
  if (!isMultipartRequest(request)) return refuse(400, 'Send the claim from this page\'s form (multipart/form-data).');
  let fields: Map<string, string>;
  let files: { field: string; filename: string; bytes: Buffer }[];
  try {
    const form = await readMultipartForm(request, {
      fileFields: Object.keys(FILE_FIELDS),
      limits: { maxFileBytes: CLAIM_LIMITS.maxClipBytes, maxFiles: CLAIM_LIMITS.maxFiles, maxFields: MAX_FIELDS, maxFieldBytes: MAX_FIELD_BYTES },
      destination: { kind: 'memory' },
    });
    fields = form.fields;
    // A file input left empty still sends a part: an empty file, which means "no file".
    files = form.files.filter((file) => (file.bytes?.length ?? 0) > 0).map((file) => ({ field: file.field, filename: file.filename || 'file', bytes: file.bytes! }));
  } catch (error) {
    if (error instanceof UploadTooLargeError) {
      const typed = typedOf(error.fieldsRead);
      if (!tried.allowed) return tooMany(tried.retryAfterSeconds, typed);
      return refuse(413, error.part === 'file' ? CLAIM_TOO_LARGE : 'A form field is too long; shorten it and send the form again.', typed);
    }
    if (error instanceof MalformedUploadError) return refuse(400, `${error.message} Try sending the form again.`);
    throw error;
  }
  const typed = typedOf(fields);
  if (!tried.allowed) return tooMany(tried.retryAfterSeconds, typed);
  const filings = rateLimiterFor(context.db, CLAIM_RATE_LIMIT);
  const mayFile = await filings.check(client);
  if (!mayFile.allowed) return tooMany(mayFile.retryAfterSeconds, typed);
  try {
    const filed = await fileCopyrightClaim(
      context,
      {
        claimantName: typed.claimantName,
        claimantOrganisation: typed.claimantOrganisation.trim() || null,
        contactEmail: typed.contactEmail.trim(),
        statement: typed.statement,
        entities: [{
          name: typed.name, kind: typed.kind, aliases: aliasesOf(typed.aliases), territories: territoriesOf(typed.territories),
          requestedRule: typed.requestedRule, conditions: typed.conditions.trim() || null,
        }],
        files: files.map((file) => ({ role: FILE_FIELDS[file.field]!, entityIndex: FILE_FIELDS[file.field] === 'proof' ? null : 0, filename: file.filename, contentBase64: file.bytes.toString('base64') })),
      },
      { kind: 'public' },
    );
    await filings.consume(client);
    return redirect(`/copyright-claim/status/${filed.statusToken}?filed=1`);
  } catch (error) {
    if (error instanceof ServiceRefusal) return refuse(HTTP_STATUS[error.code], error.message, typed);
    throw error;
  }
}

const RULE_LABELS = {
  allow: 'Allow: creators may generate it (add conditions below if you have any: a reviewer reads them)',
  review: 'Review: every video using it goes to our legal team first',
  block: 'Block: nobody may generate it',
} as const;

export default function CopyrightClaimForm() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const typed: Partial<Typed> = result?.typed ?? {};
  const accept = (role: ClaimFileRole) => Object.keys(CLAIM_FILE_TYPES[role]).join(',');
  return (
    <div className="page narrow">
      <h1>Claim a character, work or brand you hold</h1>
      <p>
        Loupe makes AI-generated videos. If you hold the rights to a character, a work or a brand, tell us which, prove your rights, and choose
        what Loupe should do when someone asks for it: allow, send to review, or block. Our legal team reviews every claim. Reference images and
        clips help us recognise it in videos: once approved, videos already published that show it are checked again. You get a private link to
        follow your claim.
      </p>
      <Form method="post" encType="multipart/form-data" className="card stack" key={result ? 'refused' : 'fresh'}>
        <label>Your full name<input name="claimantName" autoComplete="name" required maxLength={CLAIM_LIMITS.maxNameChars} defaultValue={typed.claimantName} /></label>
        <label>The organisation holding the rights (leave empty if it is you)
          <input name="claimantOrganisation" autoComplete="organization" maxLength={CLAIM_LIMITS.maxNameChars} defaultValue={typed.claimantOrganisation} />
        </label>
        <label>Your email address (our legal team writes to you here about the claim)
          <input name="contactEmail" type="email" autoComplete="email" required maxLength={320} defaultValue={typed.contactEmail} />
        </label>
        <label>Name of the character, work or brand<input name="name" required maxLength={CLAIM_LIMITS.maxNameChars} defaultValue={typed.name} /></label>
        <fieldset>
          <legend>It is a</legend>
          {COPYRIGHT_ENTITY_KINDS.map((kind) => (
            <label key={kind} className="inline"><input type="radio" name="kind" value={kind} required defaultChecked={(typed.kind || 'character') === kind} /> {kind}</label>
          ))}
        </fieldset>
        <label>Other names, in other languages too (optional; one per line, as “name | language”, for example “ピカチュウ | ja”)
          <textarea name="aliases" rows={3} maxLength={8000} defaultValue={typed.aliases} />
        </label>
        <label>Where you hold the rights (two-letter country codes such as GB, JP, separated by commas; leave empty for worldwide)
          <input name="territories" maxLength={400} defaultValue={typed.territories} />
        </label>
        <fieldset>
          <legend>What should Loupe do when a video asks for it?</legend>
          {COPYRIGHT_RULES.map((rule) => (
            <label key={rule} className="inline"><input type="radio" name="requestedRule" value={rule} required defaultChecked={(typed.requestedRule || 'block') === rule} /> {RULE_LABELS[rule]}</label>
          ))}
        </fieldset>
        <label>Conditions (optional, for “allow”: for example “no violence, no adult themes”)
          <textarea name="conditions" rows={2} maxLength={CLAIM_LIMITS.maxConditionsChars} defaultValue={typed.conditions} />
        </label>
        <label>Your rights: what you hold, since when and where (at least {CLAIM_LIMITS.minStatementChars} characters)
          <textarea name="statement" rows={5} required minLength={CLAIM_LIMITS.minStatementChars} maxLength={CLAIM_LIMITS.maxStatementChars} defaultValue={typed.statement} />
        </label>
        <label>Proof of your rights (a registration, a licence, a letter of authority): PDF, JPEG or PNG, up to {CLAIM_LIMITS.maxProofBytes / MiB} MB each. Only Loupe&apos;s staff see them.
          <input name="proof" type="file" multiple accept={accept('proof')} />
        </label>
        <label>Reference images of it (optional): JPEG, PNG or WebP, up to {CLAIM_LIMITS.maxImageBytes / MiB} MB each
          <input name="referenceImages" type="file" multiple accept={accept('reference_image')} />
        </label>
        <label>Reference clips of it (optional): MP4, up to {CLAIM_LIMITS.maxClipBytes / MiB} MB each. At most {CLAIM_LIMITS.maxFiles} files and {CLAIM_LIMITS.maxTotalBytes / MiB} MB in all.
          <input name="referenceClips" type="file" multiple accept={accept('reference_clip')} />
        </label>
        {result?.error && <p className="error" role="alert">{result.error}{typed.name !== undefined ? ' Choose your files again before sending.' : ''}</p>}
        <button type="submit" className="primary" disabled={navigation.state !== 'idle'}>{navigation.state !== 'idle' ? 'Sending the claim…' : 'Send the claim'}</button>
      </Form>
    </div>
  );
}
