/**
 * Which staff roles may do what, named by the capability. Every console procedure and page uses
 * one of these sets (or `public`); keeping them here lets the browser show or hide controls with
 * the same rules the server enforces.
 */
export const STAFF_ROLES = ['admin', 'policy_manager', 'senior_reviewer', 'reviewer', 'legal', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_SETS = {
  /** Decide review items (queues further narrow this with their own allowed roles). */
  review: ['reviewer', 'senior_reviewer', 'admin'],
  /** Read queues, items and requests; the auditor is read-only. */
  read: ['reviewer', 'senior_reviewer', 'admin', 'policy_manager', 'legal', 'auditor'],
  /** Submit prompts from the console (the demo of the app's API). */
  submit: ['admin', 'policy_manager'],
} as const satisfies Record<string, readonly StaffRole[]>;

export function roleMayDo(role: StaffRole, capability: keyof typeof ROLE_SETS): boolean {
  return (ROLE_SETS[capability] as readonly StaffRole[]).includes(role);
}
