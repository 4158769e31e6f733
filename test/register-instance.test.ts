// One instance of @llmcost/otel per process, whichever way it is reached: the register entries and the app's own
// `import` / `require` share the CommonJS bundle (packages/otel/tsup.config.ts), and the app's `startLlmcost()`
// returns what the register started. And which apps get the ESM loader hook under `--import` (LLMCOST_ESM_HOOK).
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runNode } from './helpers/run-node.js';

const CWD = `${FIXTURES}openai-v6`;
const QUIET = {
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_SERVICE_NAME: 'started-by-register',
};

// An ESM app that reaches the package both ways and asks the running instance for its service name: a second
// SDK started by the app's startLlmcost() would answer with the app's option instead.
const ESM_APP = `
import * as esm from '@llmcost/otel';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const cjs = require('@llmcost/otel');
console.log(JSON.stringify({
  same: esm.startLlmcost === cjs.startLlmcost && esm.onCallRecorded === cjs.onCallRecorded,
  service: esm.startLlmcost({ serviceName: 'started-by-app' }).config?.serviceName,
  files: Object.keys(require.cache).filter((f) => /[\\\\/]otel[\\\\/]dist[\\\\/]/.test(f)).map((f) => f.split(/[\\\\/]/).pop()).sort(),
}));
`;

async function esmApp(flag: '--import' | '--require') {
  const r = await runNode({
    cwd: CWD,
    args: [flag, '@llmcost/otel/register', '--input-type=module', '-e', ESM_APP],
    env: QUIET,
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { same: boolean; service: string; files: string[] };
}

describe('one instance per process', () => {
  it('--import register + import and require of @llmcost/otel: one bundle, the register-started SDK', async () => {
    expect(await esmApp('--import')).toEqual({
      same: true,
      service: 'started-by-register',
      files: ['index.cjs'],
    });
  });

  it('--require register + the same app', async () => {
    expect(await esmApp('--require')).toEqual({
      same: true,
      service: 'started-by-register',
      files: ['index.cjs', 'register.cjs'],
    });
  });
});

// A CommonJS entry file that loads openai both ways: require() (its CommonJS build) and import() (its ESM build).
// It lives in a temporary folder whose node_modules is the fixture's.
const dir = mkdtempSync(join(tmpdir(), 'llmcost-esm-hook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
symlinkSync(join(CWD, 'node_modules'), join(dir, 'node_modules'), 'dir');
writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
writeFileSync(
  join(dir, 'app.cjs'),
  `const patched = (OpenAI) => Symbol.for('@llmcost/otel.original') in OpenAI.Chat.Completions.prototype.create;
const required = require('openai').OpenAI;
import('openai').then(({ OpenAI }) => {
  console.log(JSON.stringify({ require: patched(required), import: patched(OpenAI) }));
});
`,
);

describe('LLMCOST_ESM_HOOK under --import', () => {
  const run = async (env: Record<string, string>) => {
    const r = await runNode({
      cwd: dir,
      args: ['--import', '@llmcost/otel/register', 'app.cjs'],
      env: { ...QUIET, ...env },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { require: boolean; import: boolean };
  };

  it('auto: a CommonJS entry gets no loader thread, so only require() is instrumented', async () => {
    expect(await run({})).toEqual({ require: true, import: false });
  });

  it('on: the loader hook is registered anyway, and import() of the ESM build is instrumented too', async () => {
    expect(await run({ LLMCOST_ESM_HOOK: 'on' })).toEqual({ require: true, import: true });
  });
});
