#!/usr/bin/env node
// `node scripts/build-changed.mjs [--root DIR]`: builds only the packages whose sources changed since their dist/
// was written, quietly (the build's output is printed only when it fails), and says so in one line. The demo runs
// it first, so its first screen is the demo. `pnpm run build` (CI, releases) still builds everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { root: { type: 'string', default: fileURLToPath(new URL('..', import.meta.url)) } },
});
const root = values.root;

/** Newest (or oldest) mtime of the files under `path` (a file or a folder), skipping node_modules. */
function mtimes(path, pick, init) {
  if (!existsSync(path)) return init;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let result = init;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    result = pick(result, mtimes(join(path, entry), pick, init));
  }
  return result;
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) =>
      d.startsWith('@llmcost/'),
    );
    return { dir, name: pkg.name, deps };
  });

// Dependencies first: a package's type declarations are built against its siblings' dist.
const ordered = [];
const visit = (p) => {
  if (ordered.includes(p)) return;
  for (const dep of p.deps) {
    const sibling = packages.find((q) => q.name === dep);
    if (sibling) visit(sibling);
  }
  ordered.push(p);
};
for (const p of packages) visit(p);

const inputs = (dir) => [
  join(dir, 'src'),
  join(dir, 'package.json'),
  join(dir, 'tsup.config.ts'),
  join(dir, 'tsconfig.json'),
  join(root, 'tsconfig.base.json'),
  join(root, 'scripts', 'tsup-one-instance.js'),
  join(root, 'pnpm-lock.yaml'),
];
const stale = ordered.filter(({ dir }) => {
  const newestInput = Math.max(...inputs(dir).map((p) => mtimes(p, Math.max, 0)));
  const oldestOutput = mtimes(join(dir, 'dist'), Math.min, Number.POSITIVE_INFINITY);
  return oldestOutput === Number.POSITIVE_INFINITY || oldestOutput < newestInput;
});

const started = Date.now();
for (const { dir, name } of stale) {
  const r = spawnSync('npm', ['run', 'build'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}${r.stderr}`);
    console.error(`build: ${name} failed (output above)`);
    process.exit(1);
  }
}
console.log(
  stale.length === 0
    ? `build: ${ordered.length} packages up to date`
    : `build: ${stale.map((p) => p.name).join(', ')} rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
