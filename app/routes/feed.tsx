/** The public "For You" feed: vertical, one video per screen, swipe or scroll to the next. */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { publicCaller } from '../trpc/caller.server';
import { trpcClient } from '../trpc/client';

export const meta: MetaFunction = () => [{ title: 'For You · Loupe demo feed' }];

export async function loader({ context }: LoaderFunctionArgs) {
  return publicCaller(context).feed.list({ limit: 10 });
}

type Item = Awaited<ReturnType<typeof loader>>['items'][number];

export default function Feed() {
  const first = useLoaderData<typeof loader>();
  const [items, setItems] = useState<Item[]>(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Play the clip on screen, pause the others; load the next page near the end.
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const video = entry.target.querySelector('video');
          if (!video) continue;
          if (entry.isIntersecting) void video.play().catch(() => undefined);
          else video.pause();
        }
      },
      { threshold: 0.6 },
    );
    container.current?.querySelectorAll('.feed-item').forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [items]);

  const loadMore = async () => {
    if (!cursor) return;
    const page = await trpcClient.feed.list.query({ cursor, limit: 10 });
    setItems((current) => [...current, ...page.items]);
    setCursor(page.nextCursor);
  };

  if (items.length === 0) return <div className="page"><h1>For You</h1><p className="empty">No published videos yet.</p></div>;
  return (
    <div className="feed" ref={container}>
      {items.map((item) => (
        <article className="feed-item" key={item.id} data-video-id={item.id}>
          <video src={item.videoUrl} muted loop playsInline preload="metadata" />
          <div className="overlay">
            <span className="ai-label">AI-generated</span>
            <span>@{item.creator}{item.remixOf ? ' · remix' : ''}</span>
            <Link to={item.provenanceUrl}>Content Credentials: {item.contentCredentials ?? 'none'} →</Link>
          </div>
        </article>
      ))}
      {cursor && <button type="button" className="more" onClick={loadMore}>Load more</button>}
    </div>
  );
}
