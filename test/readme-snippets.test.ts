// The README code blocks a user pastes as whole files, run or loaded as they stand: the budget files (root and
// budget READMEs) through loadBudgetConfig, the pricing files (pricing README) through loadPricingData, the
// budget guard used on its own (budget README) against mock-llm, and mock-llm started from code (mock-llm
// README). Elsewhere: the root README's install lines and withLlmContext snippet (consumer.test.ts), the own-NodeSDK
// snippet (otel-lines.test.ts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBudgetConfig } from '@llmcost/budget';
import { startMockLlm } from '@llmcost/mock-llm';
import { computeCost, loadPricingData, resetPricing } from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onOtherCiNode } from './ci-matrix.mjs';
import { REPO_ROOT, runNode } from './helpers/run-node.js';

/** The ```lang blocks of a README, each with the heading it sits under. */
function blocks(readme: string, lang: string): { heading: string; code: string }[] {
  const text = readFileSync(join(REPO_ROOT, readme), 'utf8');
  const out: { heading: string; code: string }[] = [];
  let heading = '';
  const re = /^(#+ .*)$|^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) heading = m[1];
    else if (m[2] === lang) out.push({ heading, code: m[3]! });
  }
  return out;
}
const block = (readme: string, lang: string, heading: string) => {
  const found = blocks(readme, lang).find((b) => b.heading.includes(heading));
  if (!found) throw new Error(`${readme}: no ${lang} block under a heading "${heading}"`);
  return found.code;
};

// Inside test/node_modules: the files resolve test/package.json's dependencies, and git and biome skip them.
const dir = mkdtempSync(join(REPO_ROOT, 'test', 'node_modules', '.readme-snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('budget files in the READMEs', () => {
  const files = ['README.md', 'packages/budget/README.md'].flatMap((readme) =>
    blocks(readme, 'yaml').map((b) => ({ readme, ...b })),
  );
  it('there are two (the root README, the budget file reference)', () => {
    expect(files.map((f) => f.readme)).toEqual(['README.md', 'packages/budget/README.md']);
  });
  it.each(files)('$readme, $heading: loads', ({ readme, code }) => {
    const file = join(dir, `${readme.replaceAll('/', '-')}.yaml`);
    writeFileSync(file, code);
    const config = loadBudgetConfig(file);
    expect(config.users?.tiers?.free?.hourUsd).toBe(0.05);
    expect(config.store).toBe('redis://127.0.0.1:6379');
  });
});

describe('pricing files in the pricing README', () => {
  const json = blocks('packages/pricing/README.md', 'json');
  afterAll(() => resetPricing());
  it('a row, our format, LiteLLM format, providerByHost: each loads', () => {
    expect(json).toHaveLength(4);
    const [row, ours, litellm, hosts] = json.map((b) => JSON.parse(b.code));
    loadPricingData({ entries: [row] }, 'README row');
    expect(computeCost({ inputTokens: 100_000, outputTokens: 0 }, 'claude-sonnet-4-5').totalUsd).toBeCloseTo(
      0.3,
      12,
    );
    loadPricingData(ours, 'README our format');
    expect(computeCost({ inputTokens: 1_000_000, outputTokens: 0 }, 'my-ft').totalUsd).toBeCloseTo(0.3, 12);
    loadPricingData(litellm, 'README LiteLLM format');
    expect(computeCost({ inputTokens: 1_000_000, outputTokens: 0 }, 'my-llama').status).toBe('priced');
    loadPricingData(hosts, 'README providerByHost');
  });
});

describe.skipIf(onOtherCiNode())('programs in the READMEs, run as they stand', () => {
  let mock: Awaited<ReturnType<typeof startMockLlm>>;
  beforeAll(async () => {
    mock = await startMockLlm({ port: 0 });
  });
  afterAll(() => mock?.close());

  it('budget README, "Using the guard on its own": allowed, then rejected at the cap', async () => {
    // The file as printed, with the app's own calls where the README says "On shutdown" comes after them.
    const program = block('packages/budget/README.md', 'js', 'Using the guard on its own').replace(
      '// On shutdown:',
      `console.log(await answer('alice', 'free', 'What does this cost?'));
try { await answer('alice', 'free', 'word '.repeat(10000)); } catch (err) { console.log(err.name, err.scope); }
// On shutdown:`,
    );
    const cwd = join(dir, 'guard');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'guard.mjs'), program);
    writeFileSync(join(cwd, 'budget.yaml'), 'users:\n  tiers:\n    free: { hourUsd: 0.01 }\n');
    const r = await runNode({
      cwd,
      args: ['guard.mjs'],
      env: { OPENAI_BASE_URL: `${mock.url}/v1`, OPENAI_API_KEY: 'test-key' },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [answer, check, rejected] = r.stdout.trim().split('\n');
    expect(answer!.length).toBeGreaterThan(0);
    // The snippet's own guard.check line, then the reserve's error.
    expect(check).toMatch(/^would be rejected: budget exceeded: user alice hourly cap \$0\.01 /);
    expect(rejected).toBe('BudgetExceededError user');
  });

  it('mock-llm README, "Start it" from code', async () => {
    writeFileSync(join(dir, 'mock.mjs'), block('packages/mock-llm/README.md', 'ts', 'Start it'));
    const r = await runNode({ cwd: dir, args: ['mock.mjs'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
