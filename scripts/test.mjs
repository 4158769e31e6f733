#!/usr/bin/env node
// The README test command: system packages, build, typecheck, lint, then every vitest suite on Node 24 and the
// runtime suites (register, SDK matrices, end-to-end) on Node 20, 22 and 26 too (test/ci-matrix.mjs), then one
// closing summary line. `node scripts/test.mjs <vitest args>` runs only those, on Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { FULL_SUITE_NODE, NODE_MAJORS, nodeBinary, RUNTIME_SUITES } from '../test/ci-matrix.mjs';

const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  return r.status ?? 1;
};
// A step before the suites failed: say so, and still end with the summary line CI reads.
const stop = (message) => {
  console.error(message);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
};

if (run('node', ['scripts/ensure-system-deps.mjs']) !== 0) stop('system packages missing');
const missing = NODE_MAJORS.filter((major) => !existsSync(nodeBinary(major)));
if (missing.length > 0) {
  stop(`Node ${missing.join(', ')} builds missing (${nodeBinary(missing[0])}): run npx -y pnpm@10 install`);
}
if (run('npx', ['pnpm@10', 'run', 'build']) !== 0) stop('build failed');

if (run('npx', ['pnpm@10', 'run', 'typecheck']) !== 0) stop('typecheck failed');
if (run('npx', ['biome', 'check', '.']) !== 0) {
  stop('lint failed: run `npx biome check --write .` and commit the result');
}

const VITEST = 'node_modules/vitest/vitest.mjs';
// vitest takes positional arguments as substrings of file paths ('test/' would match packages/*/test/ too):
// the runtime suites are given as absolute file paths.
const testFiles = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.test.ts') && !/(^|[\\/])(node_modules|dist)[\\/]/.test(f))
    .map((f) => resolve(join(dir, f)));
const runtimeFiles = RUNTIME_SUITES.flatMap(testFiles);
const extra = process.argv.slice(2);
const runs = [
  { major: FULL_SUITE_NODE, label: extra.length > 0 ? extra.join(' ') : 'every suite', args: extra },
  ...(extra.length > 0
    ? []
    : NODE_MAJORS.filter((m) => m !== FULL_SUITE_NODE).map((major) => ({
        major,
        label: `${RUNTIME_SUITES.join(' ')} (${runtimeFiles.length} files)`,
        args: runtimeFiles,
      }))),
];

const total = { passed: 0, failed: 0, skipped: 0 };
let status = 0;
for (const { major, label, args } of runs) {
  const node = nodeBinary(major);
  const resultsFile = `.vitest-results-node${major}.json`;
  rmSync(resultsFile, { force: true });
  console.error(`\n== Node ${major}: ${label}`);
  // `node` on PATH is this build too, for anything a test spawns by name.
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH}` };
  const code = run(
    node,
    [VITEST, 'run', '--reporter=default', '--reporter=json', `--outputFile=${resultsFile}`, ...args],
    env,
  );
  if (code !== 0) status = 1;
  if (!existsSync(resultsFile)) {
    total.failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const counts = {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + (r.numTotalTests === 0 ? 1 : 0),
    skipped: r.numPendingTests + r.numTodoTests,
  };
  console.error(`Node ${major}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  for (const k of Object.keys(total)) total[k] += counts[k];
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(status !== 0 || total.failed > 0 ? 1 : 0);
