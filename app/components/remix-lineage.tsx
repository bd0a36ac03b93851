/**
 * A remix's chain of parents as staff see it (issue 15, "Remix rules"), on the review screen and the
 * provenance page: one row per step from the parent to the original, each with its creator, prompt,
 * status, the owner's remix switch and a link to the step's provenance page. The walk itself is
 * db/queries/remix-lineage.ts; how it ended (original, cap, cycle) is said under the table.
 */
import { Link } from '@remix-run/react';
import type { LineageStep, RemixLineage } from '../../db/queries/remix-lineage';

/** "parent", "grandparent", "great-grandparent", then "4 generations up". */
function stepName(depth: number): string {
  if (depth === 1) return 'parent';
  if (depth === 2) return 'grandparent';
  if (depth === 3) return 'great-grandparent';
  return `${depth} generations up`;
}

/** The chain, parent first; `original` when the video is not a remix itself. */
export function LineageChain({ lineage, original }: { lineage: RemixLineage; original: string }) {
  if (lineage.ancestors.length === 0) return <p className="muted" data-testid="lineage-original">{original}</p>;
  const last = lineage.ancestors.length - 1;
  return (
    <>
      <table className="grid compact" data-testid="lineage">
        <thead><tr><th>Step</th><th>Video</th><th>Creator</th><th>Prompt</th><th>Status</th><th>Remixing</th></tr></thead>
        <tbody>
          {lineage.ancestors.map((step: LineageStep, index) => (
            <tr key={step.id} data-video-id={step.id} data-depth={step.depth}>
              <td>{stepName(step.depth)}{index === last && lineage.end === 'original' ? ' · the original' : ''}</td>
              <td>
                <Link to={`/provenance/${step.id}`}><code>{step.id.slice(0, 8)}</code></Link>
                {step.status === 'published' ? <> · <Link to={`/videos/${step.id}`}>public page</Link></> : null}
              </td>
              <td>@{step.handle}</td>
              <td title={step.prompt}>“{step.prompt.length > 80 ? `${step.prompt.slice(0, 79)}…` : step.prompt}”</td>
              <td>{step.status}</td>
              <td>{step.remixAllowed ? 'on' : <span className="bad">turned off by its owner</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {lineage.end === 'cap' && (
        <p className="muted" data-testid="lineage-end">The chain goes on: only its first {lineage.ancestors.length} steps are shown.</p>
      )}
      {lineage.end === 'cycle' && (
        <p className="error" data-testid="lineage-end">The chain loops back to a video already shown (the data is inconsistent); it stops here.</p>
      )}
    </>
  );
}
