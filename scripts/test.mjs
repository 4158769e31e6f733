#!/usr/bin/env node
// The README test command: system packages, build, typecheck, lint, every vitest suite, then one closing
// summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
};

if (run('node', ['scripts/ensure-system-deps.mjs']) !== 0) process.exit(1);
if (run('npx', ['pnpm@10', 'run', 'build']) !== 0) {
  console.error('build failed');
  process.exit(1);
}

if (run('npx', ['pnpm@10', 'run', 'typecheck']) !== 0) {
  console.error('typecheck failed');
  process.exit(1);
}
if (run('npx', ['biome', 'check', '.']) !== 0) {
  console.error('lint failed: run `npx biome check --write .` and commit the result');
  process.exit(1);
}

const resultsFile = '.vitest-results.json';
rmSync(resultsFile, { force: true });
const extra = process.argv.slice(2);
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${resultsFile}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + r.numTodoTests;
  if (r.numTotalTests === 0) failed += 1;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
