/** The semantic layer's policy side (issue 14): exemplars, settings, the decision and the combination with the rules. */
export * from './types.js';
export { decideSemantic, SEMANTIC_NEAREST_SHOWN } from './decide.js';
export { combineWithSemantic } from './combine.js';
export { canonicalForm } from './canonical-form.js';
export { SEMANTIC_EXEMPLAR_SOURCES, SEMANTIC_SETTINGS, SHIPPED_SEMANTIC_POLICY } from './exemplars.js';
