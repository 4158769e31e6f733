import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const source = fileURLToPath(new URL('../index.ts', import.meta.url));
const distEsm = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const distCjs = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));

// In a fresh process: load the package, list the gpt-tokenizer modules in the require cache, call the functions that
// must not tokenize, list again, count one text, list the rank tables. Decided by module state, not by timing.
const probe = (load: string) => `
const cache = require.cache;
const loaded = () => Object.keys(cache).filter((k) => k.includes('gpt-tokenizer')).map((k) => k.split('gpt-tokenizer/')[1]);
(async () => {
  const pricing = ${load};
  const afterImport = loaded();
  pricing.upperBoundTokens('hello');
  pricing.encodingForModel('gpt-4o');
  pricing.upperBoundMessageTokens([{ role: 'user', content: 'hi' }], process.argv[1], { tools: [{ name: 't' }] });
  const afterBound = loaded();
  pricing.countTokens('hello', process.argv[1]);
  const afterCount = loaded().filter((k) => k.includes('bpeRanks'));
  console.log(JSON.stringify({ afterImport, afterBound, afterCount }));
})();
`;

function run(args: string[], load: string, model: string) {
  const child = spawnSync(process.execPath, [...args, '-e', probe(load), model], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { afterImport: string[]; afterBound: string[]; afterCount: string[] };
}

const loaders = [
  {
    name: 'sources (ESM through tsx)',
    args: ['--import', 'tsx'],
    load: `await import(${JSON.stringify(source)})`,
  },
  { name: 'built ESM', args: [], load: `await import(${JSON.stringify(distEsm)})`, dist: distEsm },
  { name: 'built CJS', args: [], load: `require(${JSON.stringify(distCjs)})`, dist: distCjs },
];

it('an approximated model loads o200k_base only', () => {
  const [sources] = loaders;
  expect(run(sources?.args ?? [], sources?.load ?? '', 'claude-sonnet-4-5').afterCount).toEqual([
    'cjs/bpeRanks/o200k_base.js',
  ]);
});

describe.each(loaders)('encoder loading, $name', ({ args, load, dist }) => {
  it('importing loads no tokenizer; the first count loads only its own encoding', () => {
    // The README test command builds first, so a missing dist is a failure, not a skip.
    if (dist !== undefined && !existsSync(dist)) {
      throw new Error(`${dist} is missing: run npx -y pnpm@10 --filter @llmcost/pricing build`);
    }
    const o200k = run(args, load, 'gpt-4o');
    expect(o200k.afterImport).toEqual([]);
    expect(o200k.afterBound).toEqual([]);
    expect(o200k.afterCount).toEqual(['cjs/bpeRanks/o200k_base.js']);
    expect(run(args, load, 'gpt-3.5-turbo').afterCount).toEqual(['cjs/bpeRanks/cl100k_base.js']);
  });
});
