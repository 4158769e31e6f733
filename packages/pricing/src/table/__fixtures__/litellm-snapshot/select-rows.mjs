// Regenerates model-prices.json: the rows of LiteLLM's model_prices_and_context_window.json that price a
// model of the built-in table (resolved by our own matcher, for the provider LiteLLM names).
// usage: npx -y pnpm@10 --filter @llmcost/pricing build && \
//   node select-rows.mjs <model_prices_and_context_window.json> '<source JSON>' > model-prices.json
import { readFileSync } from 'node:fs';
import { findPrice } from '../../../../dist/index.js';

const [file, sourceJson] = process.argv.slice(2);
const all = JSON.parse(readFileSync(file, 'utf8'));
const PROVIDERS = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  bedrock_converse: 'aws.bedrock',
  mistral: 'mistral_ai',
  deepseek: 'deepseek',
  xai: 'x_ai',
  groq: 'groq',
  together_ai: 'together_ai',
  fireworks_ai: 'fireworks_ai',
  'fireworks_ai-embedding-models': 'fireworks_ai',
};
const provider = (p) => (p?.startsWith('vertex_ai') ? 'gcp.vertex_ai' : PROVIDERS[p]);
const KEEP = /cost|^litellm_provider$|^mode$|^max_(input|output)?_?tokens$/;
const rows = {};
for (const [key, row] of Object.entries(all)) {
  const p = provider(row?.litellm_provider);
  if (!p || row.input_cost_per_token === undefined) continue;
  const model = key.startsWith(`${row.litellm_provider}/`) ? key.slice(row.litellm_provider.length + 1) : key;
  if (!findPrice(model, { provider: p })) continue;
  // Only the fields a price comparison reads (rates, provider, mode, limits), values as LiteLLM wrote them.
  rows[key] = Object.fromEntries(Object.entries(row).filter(([k]) => KEEP.test(k)));
}
process.stdout.write(`${JSON.stringify({ source: JSON.parse(sourceJson), rows }, null, 2)}\n`);
