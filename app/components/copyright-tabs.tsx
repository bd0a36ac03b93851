/**
 * Sub-navigation of the copyright console (issue 13): the works registry and stance, rights
 * holders' claims, hash banks with flood quarantine, rescans of published videos, and disputes.
 */
import { NavLink } from '@remix-run/react';

const TABS = [
  { to: '/copyright/works', label: 'Works & stance' },
  { to: '/copyright/claims', label: 'Claims' },
  { to: '/copyright/banks', label: 'Hash banks' },
  { to: '/copyright/rescans', label: 'Rescans' },
  { to: '/copyright/disputes', label: 'Disputes' },
];

/** The tab bar shown at the top of every /copyright page. */
export function CopyrightTabs() {
  return (
    <nav className="queue-tabs" aria-label="Copyright pages">
      {TABS.map((t) => (
        <NavLink key={t.to} to={t.to} className={({ isActive }) => (isActive ? 'active' : '')}>
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
