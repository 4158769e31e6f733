import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPrice, getPricingVersion, listPrices } from '@llmcost/pricing';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-cli-pricing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
};

const OURS = {
  version: 'acme-2026-11',
  entries: [
    {
      provider: 'openai',
      model: 'acme-tuned-1',
      input: 1.5,
      output: 6,
      asOf: '2026-11-01',
      source: 'contract',
    },
  ],
};
const LITELLM = {
  'acme/house-model': {
    input_cost_per_token: 0.000002,
    output_cost_per_token: 0.000008,
    litellm_provider: 'openai',
    mode: 'chat',
  },
};

describe('llmcost pricing', () => {
  it('list: the version and one row per entry, exit 0', async () => {
    const r = await runCli(['pricing', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Price table ${getPricingVersion()}: ${listPrices().length} entries`);
    for (const e of listPrices())
      expect(r.stdout).toMatch(
        new RegExp(`\\n  ${e.provider}\\s+${e.model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `),
      );
  });

  it('list --provider anthropic --json: only that provider', async () => {
    const r = await runCli(['pricing', 'list', '--provider', 'anthropic', '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as { version: string; entries: Array<{ provider: string }> };
    expect(got.entries.length).toBe(listPrices().filter((e) => e.provider === 'anthropic').length);
    expect(got.entries.length).toBeGreaterThan(0);
    expect(got.entries.every((e) => e.provider === 'anthropic')).toBe(true);
  });

  it('list --provider nobody: exit 1 listing the known providers', async () => {
    const r = await runCli(['pricing', 'list', '--provider', 'nobody']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^llmcost pricing: no prices for provider 'nobody': known providers are .*anthropic.*openai/,
    );
  });

  it('show: a dated snapshot resolves to its entry, with rates per 1M tokens', async () => {
    const entry = findPrice('gpt-4o-2024-08-06')!;
    const r = await runCli(['pricing', 'show', 'gpt-4o-2024-08-06']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(
      new RegExp(`^gpt-4o-2024-08-06 -> ${entry.provider} ${entry.model} \\(matched by `),
    );
    expect(r.stdout).toMatch(new RegExp(`input\\s+\\$${entry.input} per 1M tokens`));
    expect(r.stdout).toMatch(new RegExp(`output\\s+\\$${entry.output} per 1M tokens`));
    expect(r.stdout).toContain(`as of        ${entry.asOf}`);
    if (entry.model !== 'gpt-4o-2024-08-06') {
      const suffix = 'gpt-4o-2024-08-06'.slice(entry.model.length);
      expect(r.stdout).toContain(`matched by id with suffix '${suffix}' removed`);
    }
  });

  it('`pricing MODEL` is `pricing show MODEL`: matched entry and rule, every rate, as-of date and source', async () => {
    const model = 'claude-sonnet-4-5-20250929';
    const entry = findPrice(model)!;
    const a = await runCli(['pricing', model]);
    const b = await runCli(['pricing', 'show', model]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split('\n')[0]).toBe(
      `${model} -> ${entry.provider} ${entry.model} (matched by id with suffix '${model.slice(entry.model.length)}' removed; table ${getPricingVersion()})`,
    );
    expect(a.stdout).toMatch(new RegExp(`cache read\\s+\\$${entry.cacheRead} per 1M tokens`));
    expect(a.stdout).toMatch(new RegExp(`cache write\\s+\\$${entry.cacheWrite} per 1M tokens`));
    expect(a.stdout).toContain(`as of        ${entry.asOf}`);
    expect(a.stdout).toContain(`source       ${entry.source}`);
  });

  it('--check FILE: valid files exit 0; an invalid one gives one line naming file and field, exit 1', async () => {
    const ours = file('ours3.json', OURS);
    const ok = await runCli(['pricing', '--check', ours]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^${ours}: valid llmcost price file, 1 entries`));
    const bad = file('bad-check.json', { entries: [{ ...OURS.entries[0], asOf: 'yesterday' }] });
    const r = await runCli(['pricing', '--check', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/field "asOf" must be the date the price was true, as YYYY-MM-DD/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('show --json: the matched entry', async () => {
    const r = await runCli(['pricing', 'show', 'claude-sonnet-4-5', '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.entry).toEqual(JSON.parse(JSON.stringify(findPrice('claude-sonnet-4-5'))));
  });

  it.each([[['pricing', 'show', 'mystery-model-x']], [['pricing', 'mystery-model-x']]])(
    '%j: an unknown model, exit 1, one line saying it would be unpriced',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^llmcost pricing: no price for 'mystery-model-x' in price table .*recorded as unpriced/,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it('check: our format and LiteLLM format are valid', async () => {
    const ours = file('ours.json', OURS);
    const a = await runCli(['pricing', 'check', ours]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(new RegExp(`^${ours}: valid llmcost price file, 1 entries`));
    const litellm = file('litellm.json', LITELLM);
    const b = await runCli(['pricing', 'check', litellm, '--json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ file: litellm, valid: true, format: 'litellm', entries: 1 });
  });

  it.each([
    ['a rate that is not a number', { entries: [{ ...OURS.entries[0], output: 'six' }] }, /field "output"/],
    ['not a price file', { hello: 'world' }, /is neither an llmcost price table/],
    ['broken JSON', '{"entries": [', /is not valid JSON/],
  ])('check %s: the one-line error, exit 1', async (_, data, message) => {
    const path = file(`bad-${Math.random().toString(36).slice(2)}.json`, data);
    const r = await runCli(['pricing', 'check', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--pricing-file: show resolves a model only the override file knows', async () => {
    const ours = file('ours2.json', OURS);
    const r = await runCli(['pricing', 'show', 'acme-tuned-1', '--pricing-file', ours]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^acme-tuned-1 -> openai acme-tuned-1 \(matched by exact id; table .*\+custom\./,
    );
  });

  it.each([
    [['pricing', 'show']],
    [['pricing', 'check']],
    [['pricing', '--all']],
    [['pricing', '--check']],
    [['pricing', 'gpt-4o', 'extra']],
    [['pricing', 'gpt-4o', '--check', 'x.json']],
  ])('%j: usage error, exit 2', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
