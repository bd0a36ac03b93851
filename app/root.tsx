import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { Form, isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError } from '@remix-run/react';
import { roleMayDo } from '../policies/staff-access';
import { staffForRequest } from './services/sessions.server';
import styles from './styles.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  return { staff, temporalUiUrl: staff ? context.temporalUiUrl : null };
}

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { staff, temporalUiUrl } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">Loupe</Link>
        <nav>
          {staff && <NavLink to="/queues">Review queues</NavLink>}
          {staff && <NavLink to="/requests">Requests</NavLink>}
          {staff && <NavLink to="/dashboard">Dashboard</NavLink>}
          {staff && roleMayDo(staff.role, 'audit') && <NavLink to="/audit">Audit</NavLink>}
          {staff && roleMayDo(staff.role, 'admin') && <NavLink to="/admin">Admin</NavLink>}
          {staff && <NavLink to="/demo">Demo creator app</NavLink>}
          {staff && roleMayDo(staff.role, 'admin') && <NavLink to="/admin/app-clients">App clients</NavLink>}
          {staff && roleMayDo(staff.role, 'policy') && <NavLink to="/policy">Policy</NavLink>}
          {staff && !roleMayDo(staff.role, 'policy') && roleMayDo(staff.role, 'copyright_optouts') && <NavLink to="/policy/registries">Registries</NavLink>}
          {staff && roleMayDo(staff.role, 'copyright') && <NavLink to="/copyright/works">Copyright</NavLink>}
          {staff && staff.role !== 'reviewer' && <NavLink to="/provenance">Provenance</NavLink>}
          {staff && roleMayDo(staff.role, 'likeness_takedowns') && <NavLink to="/likeness/takedowns">Takedowns</NavLink>}
          <NavLink to="/feed">Public feed</NavLink>
          <NavLink to="/verify">Verify a video</NavLink>
          <NavLink to="/likeness-complaint">Likeness complaint</NavLink>
          <NavLink to="/copyright-claim">Copyright claim</NavLink>
          {temporalUiUrl && <a href={temporalUiUrl} target="_blank" rel="noreferrer">Temporal UI ↗</a>}
        </nav>
        <div className="who">
          {staff ? (
            <Form method="post" action="/logout">
              <span>{staff.displayName} · {staff.role.replace('_', ' ')}</span>
              <button type="submit" className="link">Log out</button>
            </Form>
          ) : (
            <Link to="/login">Staff login</Link>
          )}
        </div>
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status}: ${typeof error.data === 'string' ? error.data : error.statusText}` : 'Something went wrong on our side.';
  return (
    <main className="page">
      <h1>That did not work</h1>
      <p className="error">{message}</p>
      <p><Link to="/">Back to the console</Link></p>
    </main>
  );
}
