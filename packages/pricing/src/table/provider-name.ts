// Semantic-convention provider names that contain dots (azure.ai.openai, gcp.vertex_ai, aws.bedrock,
// ibm.watsonx.ai, ...) are kept whole: the price table and the Azure deployment mapping key on them.
const DOTTED_SEMCONV_PROVIDER = /^(azure\.ai\.|gcp\.|aws\.|ibm\.)/;

// Vercel AI SDK provider ids (`LanguageModel.provider`: `<vendor>.<api>`) whose vendor part is not the
// semconv name (https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/#gen-ai-provider-name):
// @ai-sdk/google is the Gemini API (`google.generative-ai`), @ai-sdk/google-vertex `google.vertex.chat`
// (and `vertex.anthropic.messages` for Claude on Vertex), @ai-sdk/azure `azure.chat` / `azure.responses`,
// @ai-sdk/amazon-bedrock `amazon-bedrock`, @ai-sdk/mistral `mistral.chat`, @ai-sdk/xai `xai.chat`.
const AI_SDK_VENDORS: Readonly<Record<string, string>> = {
  google: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  azure: 'azure.ai.openai',
  'amazon-bedrock': 'aws.bedrock',
  mistral: 'mistral_ai',
  xai: 'x_ai',
  // OpenInference `llm.provider` values (openinference-semantic-conventions LLMProvider) and the AI SDK's
  // @ai-sdk/togetherai (`togetherai.chat`) and @ai-sdk/fireworks (`fireworks.chat`).
  mistralai: 'mistral_ai',
  aws: 'aws.bedrock',
  together: 'together_ai',
  togetherai: 'together_ai',
  fireworks: 'fireworks_ai',
};

/**
 * The semconv `gen_ai.provider.name` for a provider as instrumentations and the Vercel AI SDK name it:
 * `openai.chat`, `openai.responses`, `anthropic.messages` mean the vendor; `google.generative-ai` is
 * `gcp.gemini`, `google.vertex.chat` `gcp.vertex_ai`; dotted semconv names stay whole. Used by the
 * CostSpanProcessor of @llmcost/otel, its AI SDK instrumentation, and `llmcost report`.
 */
export function normaliseProvider(raw: string): string {
  if (DOTTED_SEMCONV_PROVIDER.test(raw)) return raw;
  if (raw.startsWith('google.vertex')) return 'gcp.vertex_ai';
  const vendor = raw.split('.', 1)[0] ?? raw;
  return AI_SDK_VENDORS[vendor] ?? vendor;
}
