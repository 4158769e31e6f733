// Cross-check of the built-in table against @pydantic/genai-prices (its bundled data, installed by the
// lockfile: offline). For each row, the same usages are priced by both; a total that differs by more than 1% must be
// explained in the row's `reviewed` field under `genai-prices:<provider>`.
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { computeCost } from '../cost/compute-cost.js';
import builtInFile from '../data/prices.json' with { type: 'json' };
import type { PriceEntry, Usage } from '../types.js';
import { listPrices, PRICING_VERSION } from './pricing-state.js';
import { type Difference, differs, judge, label, pct } from './test-support/cross-check.js';

/** gen_ai.provider.name -> genai-prices provider id. */
const PROVIDER_IDS: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'aws.bedrock': 'aws',
  'azure.ai.openai': 'azure',
  mistral_ai: 'mistral',
  deepseek: 'deepseek',
  x_ai: 'x-ai',
  groq: 'groq',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
};

// A fixed instant (the table's date, 12:00 UTC: outside DeepSeek's peak hours) so the test does not change by the hour.
const AT = new Date(`${PRICING_VERSION}T12:00:00Z`);
// Below every long-context threshold of the table (the lowest is 100K): base rates only.
const M = 50_000;

interface Shape {
  name: string;
  usage: Usage;
  applies: (e: PriceEntry) => boolean;
}

function shapes(e: PriceEntry): Shape[] {
  const out: Shape[] = [
    { name: '50K input', usage: { inputTokens: M, outputTokens: 0 }, applies: () => true },
    { name: '50K output', usage: { inputTokens: 0, outputTokens: M }, applies: (r) => r.output > 0 },
    {
      name: '50K cached input',
      usage: { inputTokens: M, outputTokens: 0, cacheReadInputTokens: M },
      applies: (r) => r.cacheRead !== undefined,
    },
    {
      name: '50K cache write',
      usage: { inputTokens: M, outputTokens: 0, cacheCreationInputTokens: M },
      applies: (r) => r.cacheWrite !== undefined,
    },
  ];
  for (const t of e.longContext ?? []) {
    const input = Math.round(t.aboveInputTokens * 1.5);
    out.push({
      name: `${input} input + 50K output (above ${t.aboveInputTokens})`,
      usage: { inputTokens: input, outputTokens: M },
      applies: () => true,
    });
  }
  return out;
}

function genai(usage: Usage, model: string, providerId: string) {
  return calcPrice(
    {
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
      cache_read_tokens: usage.cacheReadInputTokens ?? 0,
      cache_write_tokens: usage.cacheCreationInputTokens ?? 0,
    },
    model,
    { providerId, timestamp: AT },
  );
}

describe('built-in table vs @pydantic/genai-prices', () => {
  const builtIn = listPrices();
  // The data file keeps the vendors' spelling (`meta-llama/Llama-3.3-70B-Instruct-Turbo`); genai-prices matches it.
  const raw = new Map(
    (builtInFile.entries as PriceEntry[]).map((e) => [label({ ...e, model: e.model.toLowerCase() }), e]),
  );
  let compared = 0;
  const differences: Difference[] = [];
  for (const e of builtIn) {
    const providerId = PROVIDER_IDS[e.provider];
    const model = raw.get(label(e))?.model;
    if (!providerId || !model) continue;
    let any = false;
    for (const s of shapes(e)) {
      if (!s.applies(e)) continue;
      const theirs = genai(s.usage, model, providerId);
      if (!theirs) break;
      any = true;
      const ours = computeCost(s.usage, e.model, { provider: e.provider });
      if (ours.status !== 'priced') continue;
      if (differs(ours.totalUsd, theirs.total_price)) {
        differences.push({
          reviewKey: `genai-prices:${e.provider}`,
          row: label(e),
          text: `vs ${theirs.provider.id}/${theirs.model.id}: ${s.name} $${ours.totalUsd} vs $${theirs.total_price} (${pct(ours.totalUsd, theirs.total_price)})`,
        });
      }
    }
    if (any) compared++;
  }

  it('compares most of the table (the check cannot pass by comparing nothing)', () => {
    expect(compared).toBeGreaterThan(builtIn.length * 0.6);
  });

  it('has no unreviewed difference above 1%, and no review left without a difference', () => {
    const { unreviewed, stale } = judge(differences, builtIn, 'genai-prices');
    expect(unreviewed, `differences to review:\n${unreviewed.join('\n')}`).toEqual([]);
    expect(stale, 'reviews whose difference is gone').toEqual([]);
  });
});
