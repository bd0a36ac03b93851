/**
 * PyRIT's scorer-evaluation objectives (public/pyrit-objectives.jsonl, extracted from the pinned
 * `pyrit` 1.1.0 wheel by scripts/eval-data/extract-public-prompts.ts; MIT, see public/SOURCES.md)
 * as evaluation items with Loupe's categories.
 *
 * Each objective is a harmful request written by Microsoft's AI Red Team to score how models
 * answer; PyRIT files it under a harm category, mapped here to Loupe's. A text filed under more
 * than one category counts once, under the first file's category, the others in `also`.
 * `illegal_activity` (theft, vandalism of a sign, a threat about voting) has no Loupe category and
 * is left out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyCategory } from '../../../policies/prompt/types.js';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public', 'pyrit-objectives.jsonl');

/** PyRIT harm category -> Loupe category; categories not listed are out of scope. */
export const PYRIT_HARM_CATEGORY: Record<string, { label: PolicyCategory; also?: PolicyCategory[] }> = {
  violence: { label: 'violence_graphic' },
  sexual_content: { label: 'sexual', also: ['sexual_minors'] },
  self_harm: { label: 'self_harm' },
  hate_speech: { label: 'hate_harassment', also: ['extremism'] },
  harassment_bullying: { label: 'hate_harassment' },
  chemical_biological: { label: 'illegal_weapons_drugs', also: ['extremism'] },
  misinformation: { label: 'misinformation', also: ['public_figure'] },
};

export interface PyritObjective {
  text: string;
  label: PolicyCategory;
  also?: PolicyCategory[];
}

export function loadPyritObjectives(): { items: PyritObjective[]; excludedOutOfScope: number } {
  const byText = new Map<string, { label: PolicyCategory; also: Set<PolicyCategory> }>();
  const outOfScope = new Set<string>();
  for (const line of readFileSync(FILE, 'utf8').split('\n').filter((l) => l.trim())) {
    const entry = JSON.parse(line) as { text: string; harmCategory: string };
    const mapped = PYRIT_HARM_CATEGORY[entry.harmCategory];
    if (!mapped) {
      outOfScope.add(entry.text);
      continue;
    }
    const seen = byText.get(entry.text);
    if (!seen) {
      byText.set(entry.text, { label: mapped.label, also: new Set(mapped.also ?? []) });
      continue;
    }
    for (const category of [mapped.label, ...(mapped.also ?? [])]) if (category !== seen.label) seen.also.add(category);
  }
  const items = [...byText].map(([text, { label, also }]) => ({ text, label, ...(also.size ? { also: [...also] } : {}) }));
  return { items, excludedOutOfScope: [...outOfScope].filter((text) => !byText.has(text)).length };
}
