// @llmcost/pricing and @llmcost/budget hold state (the price table with its overrides, the tokenizer cache) and
// classes callers test with instanceof. @llmcost/otel's CommonJS bundle requires them; an ESM app and the ESM
// `llmcost` command import them. Both must reach ONE instance (scripts/tsup-one-instance.ts), or a price file
// loaded on one side never prices what the other records.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import { type NodeResult, REPO_ROOT, runNode } from './helpers/run-node.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-one-instance-'));
// $1000 per 1M tokens, input and output: a total that cannot be mistaken for the built-in $0.15 / $0.60.
const PRICES = join(dir, 'prices.json');
writeFileSync(
  PRICES,
  JSON.stringify({ entries: [{ provider: 'openai', model: 'gpt-4o-mini', input: 1000, output: 1000 }] }),
);
const BUDGET = join(dir, 'budget.yaml');
writeFileSync(BUDGET, 'perRequest:\n  maxOutputTokens: 100\n');
const overridePrice = (input: number, output: number) => ((input + output) * 1000) / 1e6;

// An ESM app: loads the price file through its own `import`, then one call that is priced and one that the
// instrumentation's budget guard rejects (max_tokens over the per-request cap).
const ESM_APP = `
import { getPricingVersion, loadPricing } from '@llmcost/pricing';
import { BudgetExceededError } from '@llmcost/budget';
import OpenAI from 'openai';
loadPricing(process.env.PRICES);
const client = new OpenAI({ maxRetries: 0 });
const messages = [{ role: 'user', content: 'One instance, please.' }];
const r = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages });
const rejected = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 500, messages }).then(
  () => undefined,
  (err) => ({ name: err.name, instanceOfImported: err instanceof BudgetExceededError }),
);
console.log(JSON.stringify({ usage: r.usage, version: getPricingVersion(), rejected }));
`;

let h: Harness;
let app: NodeResult;

beforeAll(async () => {
  h = await startHarness();
  app = await runNode({
    cwd: join(REPO_ROOT, 'test'),
    args: ['--import', '@llmcost/otel/register', '--input-type=module', '-e', ESM_APP],
    env: h.env('one-instance', {
      PRICES,
      LLMCOST_BUDGET_FILE: BUDGET,
      OTEL_METRICS_EXPORTER: 'none',
    }),
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an ESM app under --import @llmcost/otel/register', () => {
  it('loadPricing() in the app changes what the instrumentation charges', () => {
    expect(app.stderr).toBe('');
    expect(app.code).toBe(0);
    const out = JSON.parse(app.stdout);
    expect(out.version).toMatch(/\+custom\./);
    const [span] = h.llmSpans('one-instance');
    expect(span?.attributes['llmcost.pricing.version']).toBe(out.version);
    expect(span?.attributes['gen_ai.usage.cost']).toBeCloseTo(
      overridePrice(out.usage.prompt_tokens, out.usage.completion_tokens),
      12,
    );
  });

  it("the guard's BudgetExceededError is the class the app imports", () => {
    expect(JSON.parse(app.stdout).rejected).toEqual({
      name: 'BudgetExceededError',
      instanceOfImported: true,
    });
  });
});

describe('llmcost compare --pricing-file (the ESM command, the instrumentation bundle inside)', () => {
  it('totals at the prices of the file', async () => {
    const dataset = join(dir, 'cases.jsonl');
    writeFileSync(dataset, '{"prompt": "What is the capital of France?", "expected": "Paris"}\n');
    const r = await runNode({
      args: [
        join(REPO_ROOT, 'packages/cli/dist/bin.js'),
        'compare',
        '--dataset',
        dataset,
        '--models',
        'gpt-4o-mini',
        '--mock',
        '--quiet',
        '--format',
        'json',
        '--pricing-file',
        PRICES,
      ],
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { pricingVersion, models } = JSON.parse(r.stdout);
    expect(pricingVersion).toMatch(/\+custom\./);
    const [row] = models;
    expect(row.totalCostUsd).toBeGreaterThan(0.01);
    expect(row.totalCostUsd).toBeCloseTo(overridePrice(row.inputTokens, row.outputTokens), 12);
  });
});
