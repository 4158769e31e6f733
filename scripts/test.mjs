#!/usr/bin/env node
// The README test command: system packages, build, typecheck, lint, every vitest suite, then one closing
// summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
};
// A step before the suites failed: say so, and still end with the summary line CI reads.
const stop = (message) => {
  console.error(message);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
};

if (run('node', ['scripts/ensure-system-deps.mjs']) !== 0) stop('system packages missing');
if (run('npx', ['pnpm@10', 'run', 'build']) !== 0) stop('build failed');

if (run('npx', ['pnpm@10', 'run', 'typecheck']) !== 0) stop('typecheck failed');
if (run('npx', ['biome', 'check', '.']) !== 0) {
  stop('lint failed: run `npx biome check --write .` and commit the result');
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
