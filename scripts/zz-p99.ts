import { createSemanticClassifier } from '../activities/classifiers/semantic/classifier';
import { loadSemanticEmbedder } from '../activities/classifiers/semantic/embedder';
import { semanticEvalItems } from '../test/policies/eval/semantic-eval-set.js';
import { shippedRegistries } from './screen/registries.js';
import { compileOverlay, NO_CHANGES, screenWithPolicy, type ScreenContext } from '../policies/index.js';
import { canonicalForm } from '../policies/prompt/semantic';
const prompts = semanticEvalItems('dev').map((i) => i.text);
const overlay = compileOverlay(NO_CHANGES, shippedRegistries());
const sp = overlay.ruleSet.semantic!;
const context: ScreenContext = { ageBand: 'adult', cameoIds: [], isRemix: false };
const embedder = await loadSemanticEmbedder();
let embeds = 0; let embedMs = 0;
const counting = { ...embedder, embed: async (t: readonly string[]) => { embeds += t.length; const u = process.cpuUsage(); const r = await embedder.embed(t); const d = process.cpuUsage(u); embedMs += (d.user + d.system) / 1000; return r; } };
const classifier = createSemanticClassifier({ load: () => Promise.resolve(counting), timeoutMs: 60000 });
await classifier.warm(sp);
for (const p of prompts.slice(0, 30)) { screenWithPolicy(overlay.policy, p, context); await classifier.classify(p, sp); }
const rows: { i: number; rules: number; sem: number; embeds: number; embedMs: number; tokens: number; chars: number; canon: boolean }[] = [];
for (const [i, p] of prompts.entries()) {
  let u = process.cpuUsage(); screenWithPolicy(overlay.policy, p, context); let d = process.cpuUsage(u); const rules = (d.user + d.system) / 1000;
  embeds = 0; embedMs = 0;
  u = process.cpuUsage(); await classifier.classify(p, sp); d = process.cpuUsage(u); const sem = (d.user + d.system) / 1000;
  rows.push({ i, rules, sem, embeds, embedMs, tokens: embedder.tokenIds(p).length, chars: p.length, canon: canonicalForm(p) !== p });
}
rows.sort((a, b) => b.rules + b.sem - a.rules - a.sem);
for (const r of rows.slice(0, 12)) console.log(JSON.stringify({ ...r, rules: r.rules.toFixed(1), sem: r.sem.toFixed(1), embedMs: r.embedMs.toFixed(1) }));
console.log('two readings:', rows.filter((r) => r.embeds > 1).length);
const pct = (v: number[], q: number) => v.sort((a, b) => a - b)[Math.floor(q * v.length)]!.toFixed(2);
console.log('sem p50', pct(rows.map((r) => r.sem), 0.5), 'p99', pct(rows.map((r) => r.sem), 0.99), 'embed p50', pct(rows.map((r) => r.embedMs), 0.5), 'rules p99', pct(rows.map((r) => r.rules), 0.99));
