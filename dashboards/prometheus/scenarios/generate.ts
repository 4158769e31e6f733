// Writes every scenario as a promtool test file, for running promtool by hand:
//   npx tsx dashboards/prometheus/scenarios/generate.ts /tmp/scenarios && promtool test rules /tmp/scenarios/*.yml
// The vitest harness (dashboards/prometheus/scenarios.test.ts) generates the same files on each run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderScenario } from './render.js';
import { SCENARIOS } from './scenarios.js';

export const RULES_FILE = fileURLToPath(new URL('../llmcost-rules.yml', import.meta.url));

export const fileName = (name: string) => `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.test.yml`;

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: generate.ts DIR [RULES_FILE]');
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const rules = resolve(process.argv[3] ?? RULES_FILE);
  for (const s of SCENARIOS) {
    writeFileSync(join(dir, fileName(s.name)), renderScenario(s, rules));
    console.log(`wrote ${join(dir, fileName(s.name))}`);
  }
}
