#!/usr/bin/env node
// `npx -y pnpm@10 run tarballs [--out DIR] [--no-build]`: every published package as the tarball `pnpm publish` would
// upload (pnpm pack writes the version over `workspace:*`), into tarballs/ by default, then checks each one:
// no `workspace:` range left, a LICENSE inside. Install them into an app with `npm install DIR/*.tgz` or
// `pnpm add DIR/*.tgz` (README.md, "From a clone").
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { out: { type: 'string', default: join(ROOT, 'tarballs') }, 'no-build': { type: 'boolean' } },
});
const out = resolve(values.out);
const pnpm = (args) => {
  const r = spawnSync('npx', ['-y', 'pnpm@10', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(r.stdout);
    console.error(`tarballs: pnpm ${args.join(' ')} failed`);
    process.exit(1);
  }
};

if (!values['no-build']) pnpm(['run', 'build']);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
pnpm(['-r', '--filter', './packages/*', 'pack', '--pack-destination', out]);

const problems = [];
const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz'));
for (const file of tarballs) {
  const entries = execFileSync('tar', ['-tzf', join(out, file)], { encoding: 'utf8' }).split('\n');
  const manifest = execFileSync('tar', ['-xzOf', join(out, file), 'package/package.json'], {
    encoding: 'utf8',
  });
  if (manifest.includes('workspace:')) problems.push(`${file}: package.json still has a workspace: range`);
  if (!entries.includes('package/LICENSE')) problems.push(`${file}: no LICENSE`);
}
if (tarballs.length === 0) problems.push(`no tarball written to ${out}`);
for (const p of problems) console.error(`tarballs: ${p}`);
if (problems.length > 0) process.exit(1);
for (const file of tarballs) console.log(join(out, file));
