/**
 * Which rows may price a call made through a provider. A cloud reseller falls back to the model vendor's list
 * price (Bedrock, Vertex AI and Azure OpenAI sell at the vendor's list price in their global / standard
 * regions) unless the table has a row for the reseller itself. A host of open-weight models (Groq, Together,
 * Fireworks) sets its own price for the same weights, and a local server (Ollama, vLLM) has no list price at all:
 * their calls are priced only by their own rows (`strict`), never by another host's or a cloud vendor's.
 */
export interface ProviderPolicy {
  /** Providers whose rows may price the call, in order of preference. */
  order: readonly string[];
  /** Only `order` may price the call: no provider hint from the model id, no row of any other provider. */
  strict: boolean;
}

const LOOSE_EMPTY: ProviderPolicy = { order: [], strict: false };

// OpenRouter passes the upstream provider's price through for the closed models it resells; for open-weight
// models it routes to many hosts at many prices, and reports the charged cost in `usage.cost` instead.
// https://openrouter.ai/docs/faq#what-are-the-fees-and-pricing
const OPENROUTER_VENDORS = ['openrouter', 'openai', 'anthropic', 'gcp.gemini', 'x_ai', 'mistral_ai'];

/** Local model servers: no list price; a pricing-file row (a model, or `"model": "*"`) is the only price. */
export const LOCAL_PROVIDERS: ReadonlySet<string> = new Set(['ollama', 'vllm', 'lm_studio', 'local']);
const OPEN_WEIGHT_HOSTS: ReadonlySet<string> = new Set(['groq', 'together_ai', 'fireworks_ai']);
/** Providers priced by their own rows and nothing else: local servers and hosts of open-weight models. */
export const OWN_ROWS_ONLY: ReadonlySet<string> = new Set([...LOCAL_PROVIDERS, ...OPEN_WEIGHT_HOSTS]);

const POLICIES: Record<string, ProviderPolicy> = {
  'azure.ai.openai': { order: ['azure.ai.openai', 'openai'], strict: false },
  // Azure AI Foundry models endpoint: OpenAI models at the Azure OpenAI price; partner models have Azure's own.
  'azure.ai.inference': { order: ['azure.ai.inference', 'azure.ai.openai', 'openai'], strict: true },
  // Bedrock and Vertex sell Anthropic / OpenAI / Gemini models at the vendor's list price (global endpoints), but
  // open-weight partner models (Llama, Mistral, DeepSeek, Qwen) at their own prices: those need their own rows.
  'aws.bedrock': { order: ['aws.bedrock', 'anthropic', 'openai'], strict: true },
  'gcp.vertex_ai': { order: ['gcp.vertex_ai', 'gcp.gemini', 'anthropic'], strict: true },
  'gcp.gen_ai': { order: ['gcp.gen_ai', 'gcp.gemini', 'gcp.vertex_ai'], strict: false },
  openrouter: { order: OPENROUTER_VENDORS, strict: true },
};

export function providerPolicy(provider: string | undefined): ProviderPolicy {
  if (provider === undefined) return LOOSE_EMPTY;
  const known = POLICIES[provider];
  if (known) return known;
  if (OWN_ROWS_ONLY.has(provider)) {
    return { order: [provider], strict: true };
  }
  return { order: [provider], strict: false };
}
