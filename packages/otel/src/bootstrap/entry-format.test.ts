import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCommonJsEntry, needsEsmLoaderHook } from './entry-format.js';

const root = mkdtempSync(join(tmpdir(), 'llmcost-entry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` (path -> content) under a fresh folder and returns its path. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const CJS_SOURCE = "const { OpenAI } = require('openai');\nmodule.exports = async () => { await 1; };\n";
const cjs = (main: string, flags: string[] = []) => isCommonJsEntry({ main, flags });

describe('isCommonJsEntry (Node decides how it reads the entry file; we only skip the hook when certain)', () => {
  const dir = project('plain', {
    'package.json': '{"name":"plain"}',
    'app.cjs': CJS_SOURCE,
    'app.mjs': "import 'openai';\n",
    'cjs.js': CJS_SOURCE,
    'esm-syntax.js': "import OpenAI from 'openai';\n",
    'top-level-await.js': 'await Promise.resolve();\n',
    'meta.js': 'console.log(import.meta.url);\n',
    'dynamic-import.js': "#!/usr/bin/env node\nimport('openai').then(() => {});\n",
    'app.ts': CJS_SOURCE,
    'folder/index.js': CJS_SOURCE,
    'bin/tool': CJS_SOURCE,
  });

  it('.cjs is CommonJS, .mjs is not', () => {
    expect(cjs(join(dir, 'app.cjs'))).toBe(true);
    expect(cjs(join(dir, 'app.mjs'))).toBe(false);
  });

  it('.js without a package type is CommonJS unless it has ESM syntax (Node 20.19+ syntax detection)', () => {
    expect(cjs(join(dir, 'cjs.js'))).toBe(true);
    expect(cjs(join(dir, 'esm-syntax.js'))).toBe(false);
    expect(cjs(join(dir, 'top-level-await.js'))).toBe(false);
    expect(cjs(join(dir, 'meta.js'))).toBe(false);
    // import() is allowed in a script: the file is CommonJS (the trade-off LLMCOST_ESM_HOOK=on covers).
    expect(cjs(join(dir, 'dynamic-import.js'))).toBe(true);
  });

  it('resolves the entry as Node does (`node app` may be app.js or app/index.js), extensionless included', () => {
    expect(cjs(join(dir, 'cjs'))).toBe(true);
    expect(cjs(join(dir, 'folder'))).toBe(true);
    expect(cjs(join(dir, 'bin/tool'))).toBe(true);
  });

  it('keeps the hook when unsure: no entry, a missing file, another extension, a flag that changes the reading', () => {
    expect(cjs(undefined as unknown as string)).toBe(false);
    expect(cjs(join(dir, 'missing.js'))).toBe(false);
    expect(cjs(join(dir, 'app.ts'))).toBe(false);
    expect(cjs(join(dir, 'app.cjs'), ['--experimental-default-type=module'])).toBe(false);
    expect(cjs(join(dir, 'cjs.js'), ['--experimental-loader', 'ts-node/esm'])).toBe(false);
  });

  it('follows the nearest package.json type, stopping at node_modules', () => {
    const typed = project('typed', {
      'package.json': '{"type":"module"}',
      'app.js': CJS_SOURCE,
      'app.cjs': CJS_SOURCE,
      'legacy/package.json': '{"type":"commonjs"}',
      'legacy/esm-looking.js': 'await x;\n',
      'node_modules/dep/main.js': CJS_SOURCE,
    });
    expect(cjs(join(typed, 'app.js'))).toBe(false);
    expect(cjs(join(typed, 'app.cjs'))).toBe(true);
    // An explicit "commonjs" is not second-guessed by syntax (Node does not detect there either).
    expect(cjs(join(typed, 'legacy/esm-looking.js'))).toBe(true);
    // Inside node_modules without a package.json of its own: Node stops looking, so CommonJS.
    expect(cjs(join(typed, 'node_modules/dep/main.js'))).toBe(true);
  });
});

describe('needsEsmLoaderHook (LLMCOST_ESM_HOOK)', () => {
  const dir = project('modes', { 'app.cjs': CJS_SOURCE, 'app.mjs': 'export {};\n' });
  const entry = (file: string) => ({ main: join(dir, file), flags: [] });

  it('auto: skipped for a CommonJS entry, kept for an ESM one and for -e', () => {
    expect(needsEsmLoaderHook('auto', entry('app.cjs'))).toBe(false);
    expect(needsEsmLoaderHook('auto', entry('app.mjs'))).toBe(true);
    expect(needsEsmLoaderHook('auto', { main: undefined, flags: ['-e'] })).toBe(true);
  });

  it('on and off override the entry', () => {
    expect(needsEsmLoaderHook('on', entry('app.cjs'))).toBe(true);
    expect(needsEsmLoaderHook('off', entry('app.mjs'))).toBe(false);
  });

  it('a package.json it cannot parse keeps the hook', () => {
    const broken = project('broken', { 'package.json': '{', 'app.js': CJS_SOURCE });
    expect(needsEsmLoaderHook('auto', { main: join(broken, 'app.js'), flags: [] })).toBe(true);
  });
});
