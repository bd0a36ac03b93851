// The workflows the worker registers. Only deterministic code may be imported from here.
export { clipPipeline } from './clip-pipeline';
