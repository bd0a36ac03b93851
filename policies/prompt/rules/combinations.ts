/**
 * Combinations: things acceptable on their own that are not acceptable together in one prompt.
 * Source: written for Loupe. License: same as the Loupe repository.
 */
import type { CombinationRule } from '../types.js';

export const COMBINATIONS: CombinationRule[] = [
  {
    id: 'combo.sexual_with_minor',
    category: 'sexual_minors',
    severity: 4,
    requires: ['signal:minor', 'category:sexual'],
    note: 'Any sexual term (even "sexy") together with any reference to a minor.',
  },
  {
    id: 'combo.violence_with_minor',
    category: 'violence_graphic',
    severity: 4,
    requires: ['signal:minor', 'category:violence_graphic'],
    minSeverity: 2,
    note: 'Graphic violence involving children; everyday verbs ("a kid kills a dragon") do not count.',
  },
  {
    id: 'combo.sexual_real_person',
    category: 'likeness_without_consent',
    severity: 4,
    requires: ['category:likeness_without_consent', 'category:sexual'],
    minSeverity: 2,
    note: 'Sexual content of a real private person (non-consensual intimate imagery).',
  },
  {
    id: 'combo.sexual_public_figure',
    category: 'public_figure',
    severity: 4,
    requires: ['category:public_figure', 'category:sexual'],
  },
];
