/**
 * Which staff roles may do what, named by the capability. Every console procedure and page uses
 * one of these sets (or `public`); keeping them here lets the browser show or hide controls with
 * the same rules the server enforces.
 */
export const STAFF_ROLES = ['admin', 'policy_manager', 'senior_reviewer', 'reviewer', 'legal', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_SETS = {
  /**
   * Decide review items (queues further narrow this with their own allowed roles): legal works the
   * likeness queue (issue 11) and nothing else, since no other queue lists the role.
   */
  review: ['reviewer', 'senior_reviewer', 'admin', 'legal'],
  /** Read queues, items and requests; the auditor is read-only. */
  read: ['reviewer', 'senior_reviewer', 'admin', 'policy_manager', 'legal', 'auditor'],
  /** Submit prompts from the console (the demo of the app's API). */
  submit: ['admin', 'policy_manager'],
  /** Prompt policy: view the live policy and its history, playground, drafts, shadow, backtest, promote, registries. */
  policy: ['policy_manager', 'admin'],
  /** Record and decide copyright opt-out requests (approved ones join the policy's registry). */
  copyright_optouts: ['legal', 'admin'],
  /** Read the policy registries (public figures, copyrighted works, opt-out requests). */
  policy_registries: ['policy_manager', 'legal', 'admin'],
  /** Import protected-persons lists (CSV, Wikidata-style JSON) into the registry (issue 11): policy owns the list, legal its complaints. */
  registry_import: ['policy_manager', 'legal', 'admin'],
  /** Staff administration: invite, disable, re-role; org settings (wellness defaults, QA share). */
  admin: ['admin'],
  /** Search and verify the audit log, export it and the transparency report. */
  audit: ['admin', 'auditor', 'legal'],
  /** Read console data about oneself (wellness preferences); every staff role. */
  self: ['admin', 'policy_manager', 'senior_reviewer', 'reviewer', 'legal', 'auditor'],
  /** Provenance audit console: signal table, manifest trees, "verify now", catalogue re-verification runs (issue 5). */
  provenance_audit: ['auditor', 'legal', 'policy_manager', 'senior_reviewer', 'admin'],
  /** See likeness takedowns (issue 11: a withdrawn grant, a block, a deleted cameo) and their progress. */
  likeness_takedowns: ['legal', 'admin'],
  /**
   * Issue 13: read rights holders' copyright claims and their proof documents (staff-only, like
   * likeness evidence); legal decides them in the copyright queue, whose roles are its own.
   */
  copyright_claims: ['legal', 'senior_reviewer', 'admin'],
  /**
   * Upload and delete protected persons' reference face photos (issue 12): the legal team holds the
   * evidence that a photo shows the person, and the photo's embedding is biometric data.
   */
  reference_faces: ['legal', 'admin'],
  /** Issue 13: see creators' copyright disputes, their deadlines and outcomes (legal decides them in the copyright queue). */
  copyright_disputes: ['legal', 'admin'],
  /**
   * Hash banks (issue 13): create and import banks, switch them on and off, change cut-offs, confirm
   * or release flood quarantines. Legal holds the rights holders' evidence; admins run the deployment.
   */
  copyright_banks: ['legal', 'admin'],
  /** See the hash banks, their matches and flood alerts (read-only for policy managers and auditors). */
  copyright_banks_read: ['legal', 'admin', 'policy_manager', 'auditor'],
  /** Copyright rescans of the published catalogue (issue 13): see their progress, start, pause, resume, cancel. */
  copyright_rescans: ['legal', 'admin'],
  /** Issue 13: see the works registry and the stance (/copyright/works); the console's "Copyright" link. */
  copyright: ['legal', 'admin', 'policy_manager'],
  /** Edit a works registry entry's rule, conditions, aliases, territories and public domain. */
  copyright_works_edit: ['legal', 'admin'],
  /** Import works registry entries (CSV/JSON; they arrive in shadow unless a row says live). */
  copyright_works_import: ['legal', 'admin', 'policy_manager'],
  /** Backtest and promote shadow entries of the works registry to live. */
  copyright_works_promote: ['policy_manager', 'admin'],
  /** Switch the deployment's copyright stance (opt_in / opt_out). */
  copyright_stance: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export function roleMayDo(role: StaffRole, capability: keyof typeof ROLE_SETS): boolean {
  return (ROLE_SETS[capability] as readonly StaffRole[]).includes(role);
}
