/**
 * The demo creator app: a small stand-in for the consumer app Loupe sits behind. Every page calls
 * the app API (/api/v1) over HTTP with the demo's app key, as the creator chosen in the switcher,
 * so a person can walk every flow a creator has in a browser. Staff only; LOUPE_DEMO_APP turns it off.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData, useLocation, useSubmit } from '@remix-run/react';
import { requireDemo } from '../services/app-api/demo-app.server';

export const meta: MetaFunction = () => [{ title: 'Demo creator app · Loupe' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { creators, creator } = await requireDemo(request, context);
  return { creators, creatorId: creator?.id ?? null };
}

/** The demo's screens, in the order a creator meets them. */
const SCREENS = [
  ['submit', 'Submit'], ['requests', 'My requests'], ['cameos', 'My cameos'], ['approvals', 'Approval requests'],
  ['likeness', 'Videos with my likeness'], ['notifications', 'Notifications'], ['follows', 'Follows'],
  ['appeal', 'Appeal'], ['report', 'Report a video'], ['complaint', 'Likeness complaint'],
  ['disputes', 'Copyright disputes'],
] as const;

export default function DemoApp() {
  const { creators, creatorId } = useLoaderData<typeof loader>();
  const location = useLocation();
  const submit = useSubmit();
  const as = creatorId ? `?as=${creatorId}` : '';
  return (
    <div className="page">
      <div className="card" data-testid="demo-banner">
        <h1>Demo creator app <span className="tag">demo, not the real app</span></h1>
        <p className="muted">
          A stand-in for the consumer app: each screen calls Loupe's <a href="/api/v1/openapi.json">app API</a> over HTTP with the demo's
          app key, acting as the creator chosen here. What you do is real: requests go through the pipeline and reach the review queues.
        </p>
        <Form method="get" action={location.pathname} className="row">
          <label>Acting as creator
            <select name="as" defaultValue={creatorId ?? ''} key={creatorId} aria-label="Acting as creator" onChange={(e) => submit(e.currentTarget.form)}>
              {creators.map((c) => <option key={c.id} value={c.id}>@{c.handle} ({c.display_name})</option>)}
            </select>
          </label>
          <noscript><button type="submit">Switch</button></noscript>
        </Form>
        <nav className="row" aria-label="Demo screens">
          {SCREENS.map(([path, label]) => <NavLink key={path} to={`/demo/${path}${as}`}>{label}</NavLink>)}
        </nav>
      </div>
      <Outlet />
    </div>
  );
}
