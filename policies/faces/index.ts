/**
 * Faces, pure: the shared words (types.ts), the distance (distance.ts), the thresholds and the
 * decisions of enrolment and of face checks in the pipeline (issue 12).
 */
export * from './types';
export * from './distance';
export * from './thresholds';
export * from './checks';
export * from './reference-image';
export * from './enrolment';
export * from './capture';
export * from './plausible-face';
