import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-cli-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const VALID = `store: redis://app:s3cret@localhost:6379
onStoreError: closed
perRequest:
  maxOutputTokens: 4000
users:
  default: { hourUsd: 0.5, dayUsd: 2, monthUsd: 20 }
  tiers:
    pro: { dayUsd: 10, monthUsd: 100 }
features:
  chat: { dayUsd: 50 }
global:
  monthUsd: 3000
  alertAt: [0.5, 0.9]
`;

describe('llmcost budget check', () => {
  it('a valid file: summary of the limits, password redacted, exit 0', async () => {
    const path = file('ok.yaml', VALID);
    const r = await runCli(['budget', 'check', path]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${path}: valid budget file`);
    expect(r.stdout).toContain('store: redis://app:***@localhost:6379');
    expect(r.stdout).not.toContain('s3cret');
    expect(r.stdout).toContain('when unreachable: fail closed');
    expect(r.stdout).toContain('max output tokens 4000');
    expect(r.stdout).toMatch(/global\s+-\s+-\s+-\s+\$3,000\.00/);
    expect(r.stdout).toMatch(/user\s+default\s+\$0\.50\s+\$2\.00\s+\$20\.00/);
    expect(r.stdout).toMatch(/user\s+tier pro\s+-\s+\$10\.00\s+\$100\.00/);
    expect(r.stdout).toMatch(/feature\s+chat\s+-\s+\$50\.00\s+-/);
    expect(r.stdout).toContain('Global alerts at: 50%, 90%');
    expect(r.stdout).toContain(
      'reservations: expected cost (p95 of the last 500 outputs per feature and model, from 20 on; streams p50, metered every 200 tokens or 1000 ms and cut at a cap)',
    );
    const worst = await runCli([
      'budget',
      'check',
      file('worst.yaml', 'reserve: worst-case\nglobal:\n  dayUsd: 5\n'),
    ]);
    expect(worst.stdout).toContain('reservations: worst case (max_tokens, or the model output limit)');
    // A file that limits nothing is refused, as LLMCOST_BUDGET_FILE refuses it.
    const empty = file('empty.yaml', '# to do\n');
    const refused = await runCli(['budget', 'check', empty]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^llmcost budget: budget file ${empty}: is empty; set at least one limit`),
    );
  });

  it('--json prints the parsed configuration', async () => {
    const r = await runCli([
      'budget',
      'check',
      file('ok.json', JSON.stringify({ global: { dayUsd: 12 } })),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.valid).toBe(true);
    expect(got.config.global.dayUsd).toBe(12);
  });

  it.each([
    ['negative cap', 'bad-cap.yaml', 'global:\n  monthUsd: -5\n', /global\.monthUsd/],
    ['YAML syntax', 'bad-syntax.yaml', 'global: [1, 2\n', /is not valid YAML/],
    ['JSON syntax', 'bad.json', '{"global": ', /is not valid JSON/],
  ])('%s: the one-line error from @llmcost/budget, exit 1', async (_, name, text, message) => {
    const path = file(name, text);
    const r = await runCli(['budget', 'check', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(message);
  });

  it('a missing file: exit 1 naming it', async () => {
    const r = await runCli(['budget', 'check', join(dir, 'nope.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.yaml: cannot be read \(ENOENT\)/);
  });

  it.each([
    [['budget']],
    [['budget', 'check']],
    [['budget', 'apply', 'x.yaml']],
    [['budget', 'check', 'a', 'b']],
  ])('%j: usage error, exit 2', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
