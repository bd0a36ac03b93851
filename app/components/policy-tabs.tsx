/** Sub-navigation of the policy console pages. */
import { NavLink } from '@remix-run/react';

const TABS = [
  { to: '/policy', label: 'Live policy & history', end: true },
  { to: '/policy/playground', label: 'Playground', end: false },
  { to: '/policy/drafts', label: 'Drafts & shadow', end: false },
  { to: '/policy/registries', label: 'Registries & opt-outs', end: false },
];

export function PolicyTabs({ registriesOnly = false }: { registriesOnly?: boolean }) {
  return (
    <nav className="queue-tabs" aria-label="Policy pages">
      {TABS.filter((t) => !registriesOnly || t.to === '/policy/registries').map((t) => (
        <NavLink key={t.to} to={t.to} end={t.end} className={({ isActive }) => (isActive ? 'active' : '')}>
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
