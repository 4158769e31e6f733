#!/usr/bin/env node
// What `npm install @llmcost/otel` costs an app: the workspace packages packed as `pnpm publish` would upload them
// (`pnpm pack` writes versions over `workspace:*`), installed with npm into a fresh app outside the workspace,
// beside @opentelemetry/auto-instrumentations-node installed the same way in the same run. Counts the packages
// npm put in node_modules (its lockfile's entries) and their size on disk. Goal (issue 15 §2): at most 30 packages
// and 25 MB for @llmcost/otel with its siblings; the optional pieces (gRPC exporters, Prometheus exporter,
// tokenizer, Redis client) are not installed unless the app adds them.
// Usage: npx -y pnpm@10 run build && node bench/install-footprint.bench.mjs (needs the npm registry)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, machineLine } from './lib/stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const AUTO = '@opentelemetry/auto-instrumentations-node@0.81.2';
const GOAL_PACKAGES = 30;
const GOAL_MB = 25;

/** Packs the workspace packages the app installs: @llmcost/otel and its two siblings. */
function pack(into) {
  for (const name of ['otel', 'pricing', 'budget']) {
    execFileSync('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', into], {
      cwd: join(ROOT, 'packages', name),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return readdirSync(into)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(into, f));
}

/** Bytes on disk under a directory (file sizes, as `du --apparent-size` counts them). */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += readFileSync(join(entry.parentPath, entry.name)).length;
  }
  return total;
}

/** npm install into a fresh app; the packages installed (names) and node_modules' size. */
function install(dir, specs) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'footprint-app', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8'));
  const paths = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/'));
  const names = paths.map((p) => p.slice(p.lastIndexOf('node_modules/') + 13));
  return { names, mb: bytesUnder(join(dir, 'node_modules')) / 1e6 };
}

const work = mkdtempSync(join(tmpdir(), 'llmcost-footprint-'));
try {
  const tarballs = pack(join(work, 'tarballs'));
  const rows = [
    {
      label: '@llmcost/otel (+ @llmcost/pricing, @llmcost/budget)',
      ...install(join(work, 'ours'), tarballs),
    },
    { label: AUTO, ...install(join(work, 'auto'), [AUTO]) },
  ];
  console.log('# npm install into a fresh app: packages and size of node_modules');
  console.log(`${machineLine()}, npm ${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()}\n`);
  console.log('| install | packages | MB on disk |');
  console.log('|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.label} | ${r.names.length} | ${fmt(r.mb)} |`);
  const [ours, auto] = rows;
  console.log(
    `\nours / auto-instrumentations-node: packages ${fmt(ours.names.length / auto.names.length, 2)}, MB ${fmt(ours.mb / auto.mb, 2)}`,
  );
  if (process.env.BENCH_LIST) console.log(`\n${ours.names.sort().join('\n')}`);
  const met = ours.names.length <= GOAL_PACKAGES && ours.mb <= GOAL_MB;
  console.log(
    `goal: @llmcost/otel installs in at most ${GOAL_PACKAGES} packages and ${GOAL_MB} MB: ${ours.names.length} packages, ${fmt(ours.mb)} MB -> ${met ? 'MET' : 'NOT MET'}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
