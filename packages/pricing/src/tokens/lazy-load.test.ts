import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const entry = fileURLToPath(new URL('../index.ts', import.meta.url));

// In a fresh process: import the package (sources, through tsx), list the gpt-tokenizer rank tables in the
// require cache, count one text, list them again. Loading is decided by module state, not by timing.
const script = `
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const ranks = () => Object.keys(cache).filter((k) => k.includes('gpt-tokenizer')).map((k) => k.split('gpt-tokenizer/')[1]);
const pricing = await import(${JSON.stringify(entry)});
const afterImport = ranks();
pricing.upperBoundTokens('hello');
pricing.encodingForModel('gpt-4o');
const afterBound = ranks();
pricing.countTokens('hello', process.argv[1]);
console.log(JSON.stringify({ afterImport, afterBound, afterCount: ranks().filter((k) => k.includes('bpeRanks')) }));
`;

function run(model: string) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, model], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as { afterImport: string[]; afterBound: string[]; afterCount: string[] };
}

describe('encoder loading', () => {
  it('importing the package loads no tokenizer; the first count loads only its encoding', () => {
    const o200k = run('gpt-4o');
    expect(o200k.afterImport).toEqual([]);
    expect(o200k.afterBound).toEqual([]);
    expect(o200k.afterCount).toEqual(['cjs/bpeRanks/o200k_base.js']);

    expect(run('gpt-3.5-turbo').afterCount).toEqual(['cjs/bpeRanks/cl100k_base.js']);
  });
});
