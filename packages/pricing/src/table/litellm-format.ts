import { formatScaled, RATE_SCALE_DIGITS, scaleDecimal } from '../cost/money.js';
import { got, PricingFileError } from './pricing-file-error.js';

/**
 * Reads LiteLLM's `model_prices_and_context_window.json` (USD per token, one object per model key) into rows of
 * our format. https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json
 * Rows that are not priced per token (images, audio seconds, rerank queries) are skipped, and so are rows missing
 * a rate (see below). A file with no priced row at all is an error.
 */

/** LiteLLM `litellm_provider` -> gen_ai.provider.name. */
const PROVIDERS: Record<string, string> = {
  openai: 'openai',
  'text-completion-openai': 'openai',
  azure: 'azure.ai.openai',
  azure_text: 'azure.ai.openai',
  azure_ai: 'azure.ai.inference',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  bedrock_converse: 'aws.bedrock',
  mistral: 'mistral_ai',
  codestral: 'mistral_ai',
  'text-completion-codestral': 'mistral_ai',
  deepseek: 'deepseek',
  xai: 'x_ai',
  groq: 'groq',
  cohere: 'cohere',
  cohere_chat: 'cohere',
  perplexity: 'perplexity',
  watsonx: 'ibm.watsonx.ai',
};

function provider(litellm: string): string {
  if (litellm.startsWith('vertex_ai')) return 'gcp.vertex_ai';
  return PROVIDERS[litellm] ?? litellm;
}

const NOT_TOKEN_PRICED = new Set([
  'image_generation',
  'audio_transcription',
  'audio_speech',
  'moderation',
  'rerank',
  'search',
  'video_generation',
  'ocr',
]);

/** LiteLLM per-token field -> our rate field. */
const RATE_KEYS: Record<string, string> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cacheRead',
  cache_creation_input_token_cost: 'cacheWrite',
  cache_creation_input_token_cost_above_1hr: 'cacheWrite1h',
  output_cost_per_reasoning_token: 'reasoning',
};
const TIERED =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|cache_creation_input_token_cost_above_1hr)_above_(\d+)k_tokens$/;
const SERVICE_TIER =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)_(flex|priority)$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when the parsed JSON looks like LiteLLM's map rather than our `{ "entries": [...] }`. */
export function isLiteLLMFormat(data: unknown): boolean {
  if (!isObject(data) || 'entries' in data) return false;
  return Object.entries(data).some(
    ([k, v]) =>
      k !== 'azureDeployments' &&
      k !== 'providerByHost' &&
      isObject(v) &&
      ('litellm_provider' in v || 'input_cost_per_token' in v || 'output_cost_per_token' in v),
  );
}

export function fromLiteLLM(data: Record<string, unknown>, file: string, asOf: string): unknown[] {
  const rows: unknown[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'sample_spec' || key === 'azureDeployments' || key === 'providerByHost') continue;
    if (!isObject(value)) {
      throw new PricingFileError(
        file,
        key,
        undefined,
        `must be an object of LiteLLM fields such as input_cost_per_token ${got(value)}`,
      );
    }
    const perToken = (field: string): string | undefined => {
      const v = value[field];
      if (v === undefined || v === null) return undefined;
      const femto = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? scaleDecimal(v, 15) : undefined;
      if (!femto)
        throw new PricingFileError(
          file,
          key,
          field,
          `must be a non-negative number of USD per token ${got(v)}`,
        );
      return formatScaled(femto.value, RATE_SCALE_DIGITS); // USD per 1M tokens, exact decimal text
    };
    const tokens = (field: string): number | undefined => {
      const v = value[field];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
        throw new PricingFileError(file, key, field, `must be a positive whole number of tokens ${got(v)}`);
      }
      return v;
    };
    const mode = value.mode;
    if (typeof mode === 'string' && NOT_TOKEN_PRICED.has(mode)) continue;
    const input = perToken('input_cost_per_token');
    const output = perToken('output_cost_per_token');
    if (input === undefined && output === undefined) continue;
    const litellmProvider = value.litellm_provider;
    if (typeof litellmProvider !== 'string' || litellmProvider.trim() === '') {
      throw new PricingFileError(
        file,
        key,
        'litellm_provider',
        `must name the provider, e.g. "openai" ${got(litellmProvider)}`,
      );
    }
    const row: Record<string, unknown> = {
      provider: provider(litellmProvider.trim()),
      model: key.startsWith(`${litellmProvider}/`) ? key.slice(litellmProvider.length + 1) : key,
      asOf,
      source: typeof value.source === 'string' && value.source ? value.source : `LiteLLM format file ${file}`,
    };
    const tiers = new Map<number, Record<string, unknown>>();
    const service = new Map<string, Record<string, unknown>>();
    for (const field of Object.keys(value)) {
      const ours = RATE_KEYS[field];
      if (ours) {
        const v = perToken(field);
        if (v !== undefined) row[ours] = Number(v);
        continue;
      }
      const tiered = TIERED.exec(field);
      if (tiered) {
        const v = perToken(field);
        if (v === undefined) continue;
        const above = Number(tiered[2]) * 1000;
        const tier = tiers.get(above) ?? { aboveInputTokens: above };
        tier[RATE_KEYS[tiered[1]!]!] = Number(v);
        tiers.set(above, tier);
        continue;
      }
      const st = SERVICE_TIER.exec(field);
      if (st) {
        const v = perToken(field);
        if (v === undefined) continue;
        const tier = service.get(st[2]!) ?? {};
        tier[RATE_KEYS[st[1]!]!] = Number(v);
        service.set(st[2]!, tier);
      }
    }
    // Every field is checked before a row is skipped, so a typo is reported rather than silently dropped.
    const batchInput = perToken('input_cost_per_token_batches');
    const maxOut = tokens('max_output_tokens') ?? tokens('max_tokens');
    const maxIn = tokens('max_input_tokens');
    // A missing rate is unknown, not free: pricing it at $0 would report a real bill as zero with status
    // `priced`. So a row without `input_cost_per_token` is skipped (no mode has free input), and a row without
    // `output_cost_per_token` is skipped unless it is an embedding model, which produces no output tokens.
    // Skipped models stay unpriced, or keep their built-in rate. LiteLLM's file has such rows, so no error here.
    if (row.input === undefined) continue;
    if (row.output === undefined) {
      if (mode !== 'embedding') continue;
      row.output = 0;
    }
    if (tiers.size > 0) {
      row.longContext = [...tiers.values()].map((t) => ({ input: row.input, output: row.output, ...t }));
    }
    if (service.size > 0) {
      row.serviceTiers = Object.fromEntries(
        [...service]
          .filter(([, t]) => t.input !== undefined)
          .map(([name, t]) => [name, { output: row.output, ...t }]),
      );
    }
    if (batchInput !== undefined && Number(row.input) > 0) {
      const discount = 1 - Number(batchInput) / Number(row.input);
      if (discount > 0 && discount < 1) row.batchDiscount = Math.round(discount * 1e6) / 1e6;
    }
    if (maxOut !== undefined) row.maxOutputTokens = maxOut;
    if (maxIn !== undefined) row.contextWindow = maxIn;
    rows.push(row);
  }
  if (rows.length === 0) {
    throw new PricingFileError(
      file,
      undefined,
      undefined,
      'has no model priced per token; each chat model needs input_cost_per_token and output_cost_per_token (embeddings: input_cost_per_token)',
    );
  }
  return rows;
}
