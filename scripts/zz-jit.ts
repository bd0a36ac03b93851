import { loadSemanticEmbedder } from '../activities/classifiers/semantic/embedder';
const e = await loadSemanticEmbedder();
const t = 'a cat sleeping on a sunny windowsill';
for (let i = 0; i < 50; i++) await e.embed([t]);
const cpu: number[] = []; const wall: number[] = [];
for (let i = 0; i < 600; i++) { const u = process.cpuUsage(); const w = performance.now(); await e.embed([t]); wall.push(performance.now() - w); const d = process.cpuUsage(u); cpu.push((d.user + d.system) / 1000); }
const pct = (v: number[], q: number) => [...v].sort((a, b) => a - b)[Math.floor(q * v.length)]!.toFixed(2);
console.log('cpu p50', pct(cpu, 0.5), 'p90', pct(cpu, 0.9), 'p99', pct(cpu, 0.99), 'max', pct(cpu, 0.999), '| wall p50', pct(wall, 0.5), 'p99', pct(wall, 0.99));
