/** The demo creator app's start: what each screen does. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireDemo } from '../services/app-api/demo-app.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { creator } = await requireDemo(request, context);
  return { creatorId: creator?.id ?? null };
}

export default function DemoStart() {
  const { creatorId } = useLoaderData<typeof loader>();
  const as = creatorId ? `?as=${creatorId}` : '';
  return (
    <section className="card stack">
      <h2>What a creator can do</h2>
      <ul>
        <li><Link to={`/demo/submit${as}`}>Submit</Link> a prompt, with cameos of yourself or of others who allow it.</li>
        <li><Link to={`/demo/cameos${as}`}>My cameos</Link>: create a cameo of yourself or a character, choose who may use it, grant, block, restrict, delete.</li>
        <li><Link to={`/demo/approvals${as}`}>Approval requests</Link>: approve or deny others' use of your cameo.</li>
        <li><Link to={`/demo/likeness${as}`}>Videos with my likeness</Link>: every use, drafts included; remove or report one and follow its takedown.</li>
        <li><Link to={`/demo/notifications${as}`}>Notifications</Link>, <Link to={`/demo/follows${as}`}>follows</Link> (mutuals), <Link to={`/demo/appeal${as}`}>appeals</Link>, <Link to={`/demo/report${as}`}>reports</Link> and <Link to={`/demo/complaint${as}`}>likeness complaints</Link>.</li>
      </ul>
    </section>
  );
}
