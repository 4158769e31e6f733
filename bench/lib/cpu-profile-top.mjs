#!/usr/bin/env node
// Top functions of a V8 .cpuprofile (from `node --cpu-prof`, e.g. BENCH_CPU_PROF=/tmp/prof node bench/otel-cpu.bench.mjs):
// self time and total (inclusive) time, optionally only for frames whose URL contains a filter.
// Usage: node bench/lib/cpu-profile-top.mjs <file.cpuprofile> [url-filter] [rows]
import { readFileSync } from 'node:fs';

const [file, filter = '', rowsArg = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/lib/cpu-profile-top.mjs <file.cpuprofile> [url-filter] [rows]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample counts per node; each sample weighs its time delta.
const selfUs = new Map();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const key = (n) => {
  const f = n.callFrame;
  const where = f.url
    ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/packages\//, '')}:${f.lineNumber + 1}`
    : '';
  return `${f.functionName || '(anonymous)'} ${where}`;
};
const self = new Map();
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const k = key(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + us);
  // Inclusive: count each distinct function once per sample's stack.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const ck = key(byId.get(cur));
    if (seen.has(ck)) continue;
    seen.add(ck);
    inclusive.set(ck, (inclusive.get(ck) ?? 0) + us);
  }
}
const rows = Number(rowsArg);
const show = (title, map) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  [...map]
    .filter(([k]) => k.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .forEach(([k, us]) => {
      console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
    });
};
show('self time', self);
show('total time', inclusive);
