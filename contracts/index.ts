/**
 * The neutral contracts module: what workflows, activities and the app share, and nothing else.
 * Workflow names and ids, inputs and outcomes, signals, updates and queries, task queue names, and
 * the activity interfaces the workflows proxy. No I/O and no nondeterminism: workflows bundle it.
 * It imports only @temporalio/workflow's define* helpers and types from policies/.
 */
export * from './activities';
export * from './appeal-review';
export * from './clip-pipeline';
export * from './copyright-claims';
export * from './copyright-rescan';
export * from './face-enrolment';
export * from './likeness-complaint';
export * from './likeness-takedown';
export * from './provenance-audit';
export * from './provenance-report';
export * from './reference-faces';
export * from './report-review';
export * from './review';
export * from './task-queues';
export * from './copyright-disputes';
export * from './copyright-banks';
export * from './semantic-preview';
export * from './policy-backtest';
export * from './audio-check';
export * from './video-provider';
