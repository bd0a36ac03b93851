/**
 * The complaint behind a likeness item, as the legal reviewer decides it: who complains for whom,
 * the evidence (images behind the wellness filters like every other medium; files served to the
 * likeness queue's staff only), the videos complained about with every fingerprint match and their
 * status now, and the registry entry upholding will add or update.
 */
import { describeBytes } from '../../../policies/source-image';
import { EVIDENCE_TYPES, RELATIONSHIP_LABELS } from '../../../policies/likeness-complaints';
import { WellnessImage, type WellnessSettings } from '../wellness-media';
import type { ReviewItemDetail } from './review-data';

type Complaint = NonNullable<ReviewItemDetail['likenessComplaint']>;

/** Where the review screen fetches an evidence file (app/routes/likeness-complaint_.evidence.$file.tsx). */
function evidenceHref(file: Complaint['evidence_files'][number]): string {
  return `/likeness-complaint/evidence/${file.sha256}.${EVIDENCE_TYPES[file.mimeType].extension}`;
}

function VideoLink({ videoId, status }: { videoId: string; status: string | undefined }) {
  return <>{status === 'published' ? <a href={`/videos/${videoId}`}><code>{videoId}</code></a> : <code>{videoId}</code>} <span className={`status ${status ?? 'missing'}`}>{status ?? 'missing'}</span></>;
}

export function LikenessComplaintCard(props: { complaint: Complaint; settings: WellnessSettings; revealed: boolean; onToggle: () => void }) {
  const { complaint, settings, revealed, onToggle } = props;
  const matches = complaint.match_report?.matches ?? [];
  const entry = complaint.registryEntry;
  return (
    <section className="card" data-testid="likeness-complaint">
      <h2>Likeness complaint <span className={`state ${complaint.state}`}>{complaint.state.replace('_', ' ')}</span></h2>
      <dl className="facts">
        <dt>Complainant</dt><dd>{complaint.complainant_name} &lt;{complaint.complainant_email}&gt;{complaint.creator_id ? ' · filed through the app' : ' · public form'}</dd>
        <dt>For</dt><dd>{RELATIONSHIP_LABELS[complaint.relationship]}</dd>
        <dt>Person shown</dt>
        <dd>
          {complaint.person_name}{complaint.person_living ? '' : ' (deceased)'}
          {complaint.person_aliases.length > 0 && <span className="muted"> · also known as {complaint.person_aliases.join(', ')}</span>}
        </dd>
        <dt>Filed</dt><dd>{new Date(complaint.created_at).toLocaleString()}</dd>
      </dl>
      <h3>Evidence</h3>
      <blockquote className="prompt">{complaint.evidence_text}</blockquote>
      {complaint.evidence_files.length === 0 ? <p className="muted">No files attached.</p> : (
        <ul className="evidence-files">
          {complaint.evidence_files.map((file) => (
            <li key={file.sha256}>
              {file.mimeType !== 'application/pdf' && file.width && file.height ? (
                <WellnessImage src={evidenceHref(file)} alt={`Evidence: ${file.filename}`} width={file.width} height={file.height} settings={settings} revealed={revealed} onToggle={onToggle} />
              ) : null}
              <a href={evidenceHref(file)} target="_blank" rel="noreferrer">{file.filename}</a>
              <span className="muted"> · {EVIDENCE_TYPES[file.mimeType].name}, {describeBytes(file.byteSize)}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Videos and their fingerprint matches</h3>
      <table className="grid compact">
        <thead><tr><th>Video</th><th>Matches (share of frames found)</th></tr></thead>
        <tbody>
          {complaint.video_ids.map((videoId) => {
            const found = matches.filter((match) => match.matchesVideoId === videoId);
            return (
              <tr key={videoId}>
                <td><VideoLink videoId={videoId} status={complaint.videoStatus[videoId]} /></td>
                <td>
                  {complaint.match_report === null ? 'matching…' : found.length === 0 ? 'none found' : found.map((match) => (
                    <div key={match.videoId}><VideoLink videoId={match.videoId} status={complaint.videoStatus[match.videoId]} /> · {Math.round(match.coverage * 100)}%</div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">Upholding takes down every video above that is still online, including matches found when you decide.</p>
      {complaint.state === 'upheld' ? (
        complaint.face_taken_down.length > 0 && (
          <p data-testid="face-taken-down">
            {complaint.face_taken_down.length === 1 ? '1 more video showed the same face and was taken down' : `${complaint.face_taken_down.length} more videos showed the same face and were taken down`}
            {': '}{complaint.face_taken_down.map((videoId, i) => <span key={videoId}>{i > 0 && ', '}<VideoLink videoId={videoId} status={complaint.videoStatus[videoId]} /></span>)}
          </p>
        )
      ) : (
        <p className="muted">
          Upholding also takes down published videos whose faces match the complained-about person&apos;s: from evidence images that show one face,
          the registry entry&apos;s reference faces and, when a creator complains about themselves, their verified cameo.
        </p>
      )}
      <h3>Registry</h3>
      {complaint.state === 'upheld' ? (
        <p>{complaint.registry_entry_name ? `Registry entry: ${complaint.registry_entry_name}.` : 'The registry entry could not be written; see the audit log.'}</p>
      ) : entry ? (
        <p>Upholding updates <strong>{entry.name}</strong> ({entry.living ? 'living' : 'deceased'}{entry.opted_in ? ', opted in with a cameo' : ''}): the complaint's other names are added.</p>
      ) : (
        <p>Upholding adds <strong>{complaint.person_name}</strong> ({complaint.person_living ? 'living' : 'deceased, estate opted out'}) to the protected-persons registry, so new prompts naming them are blocked.</p>
      )}
      {complaint.decision_reason && <p>Decision: {complaint.decision_reason}</p>}
    </section>
  );
}
