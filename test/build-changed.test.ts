// scripts/build-changed.mjs (what `pnpm demo` runs before the demo): on a small workspace of two packages whose
// build scripts log each run, it builds what has no dist or changed since, dependencies first, quietly; says
// "up to date" and builds nothing when nothing changed; prints a failed build's output and exits 1.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onOtherCiNode } from './ci-matrix.mjs';
import { REPO_ROOT } from './helpers/run-node.js';

const root = mkdtempSync(join(tmpdir(), 'llmcost-build-changed-'));
const log = join(root, 'builds.log');
// A build: logs the package, chatters on stdout (which must stay hidden), writes dist/, fails when src says so.
const BUILD = `const fs = require('node:fs');
const src = fs.readFileSync('src/index.ts', 'utf8');
fs.appendFileSync('../../builds.log', require('./package.json').name + '\\n');
console.log('lots of build output');
if (src.includes('FAIL')) { console.error('src/index.ts(1,1): error TS1005'); process.exit(2); }
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/index.js', src);
`;
for (const [dir, deps] of [
  ['b', { '@llmcost/a': 'workspace:*' }],
  ['a', {}],
] as const) {
  const pkg = join(root, 'packages', dir);
  mkdirSync(join(pkg, 'src'), { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: `@llmcost/${dir}`,
      private: true,
      dependencies: deps,
      scripts: { build: 'node build.cjs' },
    }),
  );
  writeFileSync(join(pkg, 'build.cjs'), BUILD);
  writeFileSync(join(pkg, 'src', 'index.ts'), `export const ${dir} = 1;\n`);
}

const run = () => {
  writeFileSync(log, '');
  const r = spawnSync('node', [join(REPO_ROOT, 'scripts/build-changed.mjs'), '--root', root], {
    encoding: 'utf8',
  });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    built: readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
};
/** Marks a source file as edited a minute after its package's last build. */
const edit = (dir: string, text: string) => {
  const file = join(root, 'packages', dir, 'src', 'index.ts');
  writeFileSync(file, text);
  const later = new Date(Date.now() + 60_000);
  utimesSync(file, later, later);
};

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(onOtherCiNode())('scripts/build-changed.mjs', () => {
  it('builds what is missing or changed, dependencies first, in one quiet line', () => {
    const first = run();
    expect(first.code, first.stderr).toBe(0);
    expect(first.built).toEqual(['@llmcost/a', '@llmcost/b']);
    expect(first.stdout).toMatch(/^build: @llmcost\/a, @llmcost\/b rebuilt in [\d.]+ s\n$/);
    expect(first.stderr).toBe('');

    const again = run();
    expect(again.built).toEqual([]);
    expect(again.stdout).toBe('build: 2 packages up to date\n');

    edit('a', 'export const a = 2;\n');
    const changed = run();
    expect(changed.built).toEqual(['@llmcost/a']);
    expect(changed.stdout).toMatch(/^build: @llmcost\/a rebuilt/);
  });

  it('a failing build: its output, then one line naming the package, exit 1', () => {
    edit('b', 'FAIL\n');
    const failed = run();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('error TS1005');
    expect(failed.stderr.trim().split('\n').at(-1)).toBe('build: @llmcost/b failed (output above)');
  });
});
