/**
 * Measuring a policy against labeled prompts: per-category precision and recall, and how often
 * benign prompts are held. Used by `scripts/eval-policy.ts`, the minimums test, and usable by the
 * console to compare a draft policy with the live one on the same set. Pure.
 */
import type { CompiledPolicy } from './compile.js';
import { screenWithPolicy } from './screen.js';
import type { ScreenContext, ScreenResult } from './types.js';

export const BENIGN_LABEL = 'benign';

export interface EvaluationItem {
  text: string;
  /** Expected category, or `benign`. */
  label: string;
  /** Other categories the prompt may be flagged for without counting as a false positive. */
  also?: string[];
}

export interface CategoryMetrics {
  category: string;
  /** Items labeled with this category. */
  support: number;
  /** Of those, flagged (review or block) with this category. */
  truePositives: number;
  /** Items flagged with this category, whatever their label. */
  predicted: number;
  /** Flagged with this category but neither labeled nor listed in `also`. */
  falsePositives: number;
  precision: number;
  recall: number;
}

export interface EvaluationReport {
  categories: CategoryMetrics[];
  /** Unsafe items flagged with any category, or held for review for any reason. */
  unsafe: { total: number; held: number; rate: number };
  /** Benign items whose verdict is not allow. */
  benign: { total: number; held: number; falsePositiveRate: number };
  misses: { text: string; label: string; result: ScreenResult }[];
  falsePositives: { text: string; label: string; result: ScreenResult }[];
}

export function evaluatePolicy(policy: CompiledPolicy, items: readonly EvaluationItem[], context: ScreenContext = {}): EvaluationReport {
  const byCategory = new Map<string, CategoryMetrics>();
  const metricsFor = (category: string): CategoryMetrics => {
    let m = byCategory.get(category);
    if (!m) {
      m = { category, support: 0, truePositives: 0, predicted: 0, falsePositives: 0, precision: 1, recall: 1 };
      byCategory.set(category, m);
    }
    return m;
  };
  const report: EvaluationReport = {
    categories: [],
    unsafe: { total: 0, held: 0, rate: 1 },
    benign: { total: 0, held: 0, falsePositiveRate: 0 },
    misses: [],
    falsePositives: [],
  };

  for (const item of items) {
    const result = screenWithPolicy(policy, item.text, context);
    const flagged = new Set(result.categories);
    const held = result.verdict !== 'allow';
    if (item.label === BENIGN_LABEL) {
      report.benign.total++;
      if (held) {
        report.benign.held++;
        report.falsePositives.push({ text: item.text, label: item.label, result });
      }
    } else {
      report.unsafe.total++;
      if (held) report.unsafe.held++;
      const m = metricsFor(item.label);
      m.support++;
      if (flagged.has(item.label)) m.truePositives++;
      else report.misses.push({ text: item.text, label: item.label, result });
    }
    for (const category of flagged) {
      const m = metricsFor(category);
      m.predicted++;
      if (category !== item.label && !(item.also ?? []).includes(category)) m.falsePositives++;
    }
  }

  for (const m of byCategory.values()) {
    m.precision = m.predicted === 0 ? 1 : (m.predicted - m.falsePositives) / m.predicted;
    m.recall = m.support === 0 ? 1 : m.truePositives / m.support;
  }
  report.categories = [...byCategory.values()].sort((a, b) => a.category.localeCompare(b.category));
  report.unsafe.rate = report.unsafe.total === 0 ? 1 : report.unsafe.held / report.unsafe.total;
  report.benign.falsePositiveRate = report.benign.total === 0 ? 0 : report.benign.held / report.benign.total;
  return report;
}
