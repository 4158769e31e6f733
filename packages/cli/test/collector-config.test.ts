import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateCostTransform } from '../src/collector-config.js';
import { runCli } from './helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-cli-collector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const blocker = join(dir, 'blocker');
writeFileSync(blocker, 'a file, not a folder');
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('llmcost collector-config', () => {
  it('writes the generated transform (creating folders), then --check passes; an edit makes --check fail', async () => {
    const out = join(dir, 'nested', 'cost-transform.yaml');
    const w = await runCli(['collector-config', '--out', out]);
    expect(w.stderr).toBe('');
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(new RegExp(`^wrote ${out} \\(\\d+ lines\\)\\n$`));
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(generateCostTransform());
    expect(Object.keys(parse(text).processors)).toEqual(['transform/llmcost-cost']);

    const ok = await runCli(['collector-config', '--out', out, '--check']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${out} is up to date\n`);

    writeFileSync(out, text.replace('error_mode: ignore', 'error_mode: propagate'));
    const stale = await runCli(['collector-config', '--out', out, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      `llmcost collector-config: ${out} is out of date with the price table: regenerate it with llmcost collector-config --out ${out}\n`,
    );
  });

  it('without --out it prints to stdout and writes nothing in the working directory; --out - is the same', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    for (const args of [[], ['--out', '-']]) {
      const r = await runCli(['collector-config', ...args], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(generateCostTransform());
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("the repository's copy is up to date", async () => {
    const r = await runCli(['collector-config', '--check', '--out', 'collector/cost-transform.yaml'], {
      cwd: repoRoot,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('--pricing-file: models of the override file get a matching statement', async () => {
    const prices = join(dir, 'prices.json');
    writeFileSync(
      prices,
      JSON.stringify({
        entries: [
          {
            provider: 'openai',
            model: 'acme-house-7b',
            input: 0.2,
            output: 0.6,
            asOf: '2026-11-01',
            source: 'contract',
          },
        ],
      }),
    );
    const r = await runCli(['collector-config', '--out', '-', '--pricing-file', prices]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('set(cache["price"], "acme-house-7b")');
    expect(generateCostTransform()).not.toContain('acme-house-7b');
  });

  it.each([
    [
      ['collector-config', '--check', '--out', join(dir, 'missing.yaml')],
      1,
      /missing\.yaml: cannot be read \(ENOENT\)/,
    ],
    [['collector-config', '--check', '--out', '-'], 2, /--check needs the file to compare/],
    [['collector-config', '--check'], 2, /--check needs the file to compare/],
    // A path under a regular file cannot be created.
    [
      ['collector-config', '--out', join(blocker, 'x.yaml')],
      1,
      /cannot write .*blocker\/x\.yaml: its folder .*blocker cannot be created/,
    ],
    [['collector-config', '--outfile', 'x'], 2, /unknown option '--outfile'/],
  ])('%j: exit %i with one line', async (args, code, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
