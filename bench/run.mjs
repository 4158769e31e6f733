#!/usr/bin/env node
// Runs every benchmark in bench/ one after the other (each prints its own table with ratios against the
// peers measured in the same run). Usage: node bench/run.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file}\n`);
  const r = spawnSync(process.execPath, [join(here, file)], { stdio: 'inherit', cwd: here });
  if (r.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
