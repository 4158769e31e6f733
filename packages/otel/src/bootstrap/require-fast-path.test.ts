import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  currentRequire,
  packageOf,
  packagesWithFileHooks,
  skipHookForRelativeRequiresInPackages,
} from './require-fast-path.js';

describe('packageOf', () => {
  it.each([
    ['/app/node_modules/openai/resources/index.js', 'openai'],
    ['/app/node_modules/@anthropic-ai/sdk/core.js', '@anthropic-ai/sdk'],
    ['/app/node_modules/a/node_modules/b/lib/c.js', 'b'],
    ['/app/src/server.js', undefined],
  ])('%s -> %s', (file, pkg) => expect(packageOf(file.replaceAll('/', sep))).toBe(pkg));
});

describe('packagesWithFileHooks', () => {
  it('names the packages whose files are hooked; an instrumentation it cannot read keeps everything hooked', () => {
    const defs = (...d: { name: string; files: unknown[] }[]) => ({ getModuleDefinitions: () => d }) as never;
    expect(
      packagesWithFileHooks([defs({ name: 'openai', files: [] }), defs({ name: 'mongodb', files: [{}] })]),
    ).toEqual(new Set(['mongodb']));
    expect(packagesWithFileHooks([{} as never])).toEqual(new Set(['*']));
  });
});

// A package tree on disk, a stand-in for require-in-the-middle that records what it sees, and the fast path over it.
describe('skipHookForRelativeRequiresInPackages', () => {
  const root = mkdtempSync(join(tmpdir(), 'llmcost-fast-path-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const pkg = (name: string) => {
    const dir = join(root, 'node_modules', name);
    mkdirSync(join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), "module.exports = require('./lib/a.js');");
    writeFileSync(join(dir, 'lib', 'a.js'), "module.exports = { b: require('../lib/b.js') };");
    writeFileSync(join(dir, 'lib', 'b.js'), 'module.exports = 1;');
  };
  pkg('plain-sdk');
  pkg('file-hooked-sdk');
  writeFileSync(join(root, 'app.js'), "module.exports = [require('plain-sdk'), require('file-hooked-sdk')];");

  it('relative requires inside a package skip the hook, unless that package has file hooks', () => {
    const proto = (createRequire(import.meta.url)('node:module') as { prototype: { require: unknown } })
      .prototype;
    const original = proto.require;
    const seen: string[] = [];
    try {
      const below = currentRequire();
      proto.require = function (this: NodeJS.Module, id: string) {
        seen.push(id);
        return (below as (id: string) => unknown).call(this, id);
      };
      skipHookForRelativeRequiresInPackages(below, new Set(['file-hooked-sdk']));
      const exported = createRequire(join(root, 'app.js'))('./app.js');
      expect(exported).toEqual([{ b: 1 }, { b: 1 }]);
    } finally {
      proto.require = original;
    }
    // The app's own relative require and every bare one reach the hook; inside the packages, only those of the
    // package with file hooks do (node:module: the fast path asking for Module itself).
    expect(seen).toEqual([
      'node:module',
      './app.js',
      'plain-sdk',
      'file-hooked-sdk',
      './lib/a.js',
      '../lib/b.js',
    ]);
  });

  it('does nothing when no hook was installed over `below`', () => {
    const proto = (createRequire(import.meta.url)('node:module') as { prototype: { require: unknown } })
      .prototype;
    const before = proto.require;
    skipHookForRelativeRequiresInPackages(currentRequire(), new Set());
    expect(proto.require).toBe(before);
  });
});
