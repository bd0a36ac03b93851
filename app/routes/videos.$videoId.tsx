/** Public provenance page of a published video: what its C2PA manifest says, in plain words. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';

export const meta: MetaFunction = () => [{ title: 'Content Credentials · Loupe' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = z.uuid().safeParse(params.videoId);
  const video = id.success
    ? await context.db
        .selectFrom('videos')
        .innerJoin('creators', 'creators.id', 'videos.creator_id')
        .select(['videos.id', 'videos.published_at', 'videos.sha256', 'videos.validation_state', 'videos.validation_codes', 'videos.generator', 'videos.remix_of_video_id', 'videos.manifest', 'creators.handle'])
        .where('videos.id', '=', id.data)
        // Drafts and removed videos do not exist as far as the public is concerned.
        .where('videos.status', '=', 'published')
        .executeTakeFirst()
    : undefined;
  if (!video) throw new Response('No published video has that id.', { status: 404 });
  return { ...video, published_at: video.published_at?.toISOString() ?? null };
}

const STATE_WORDS: Record<string, string> = {
  Trusted: 'The manifest is intact and signed by a certificate that chains to Loupe’s trusted root.',
  Valid: 'The manifest is intact, but its signer is not on Loupe’s trust list.',
  Invalid: 'The file was changed after signing, or its manifest is damaged.',
};

export default function VideoProvenance() {
  const video = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <p><Link to="/feed">← Feed</Link></p>
      <h1>Content Credentials</h1>
      <video className="provenance-video" src={`/media/${video.id}.mp4`} controls muted playsInline />
      <dl className="facts">
        <dt>Made by</dt><dd>AI: {video.generator.name}, for @{video.handle}</dd>
        <dt>Published</dt><dd>{video.published_at ? new Date(video.published_at).toLocaleString() : '—'}</dd>
        <dt>Signature</dt><dd><span className={`tag ${video.validation_state === 'Trusted' ? 'allow' : 'block'}`}>{video.validation_state ?? 'no manifest'}</span> {STATE_WORDS[video.validation_state ?? ''] ?? ''}</dd>
        <dt>Checks</dt><dd>{video.validation_codes.map((c) => <div key={c.code} className={c.kind === 'failure' ? 'bad' : 'ok'}>{c.code}{c.explanation ? `: ${c.explanation}` : ''}</div>)}</dd>
        {video.remix_of_video_id && <><dt>Remix of</dt><dd><Link to={`/videos/${video.remix_of_video_id}`}>video {video.remix_of_video_id.slice(0, 8)}</Link> (recorded as an ingredient)</dd></>}
        <dt>File SHA-256</dt><dd><code className="wrap">{video.sha256}</code></dd>
      </dl>
      <details><summary>Full manifest store (JSON)</summary><pre className="json">{JSON.stringify(video.manifest, null, 2)}</pre></details>
      <p className="muted">Does this video show you, or someone you represent, without consent? <Link to={`/likeness-complaint?video=${video.id}`}>File a likeness complaint</Link>.</p>
    </div>
  );
}
