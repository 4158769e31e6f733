// Semantic-convention provider names that contain dots (azure.ai.openai, gcp.vertex_ai, aws.bedrock,
// ibm.watsonx.ai, ...) are kept whole: the price table and the Azure deployment mapping key on them.
const DOTTED_SEMCONV_PROVIDER = /^(azure|gcp|aws|ibm)\./;

/**
 * The provider to price a foreign span with, from its `gen_ai.provider.name` / `gen_ai.system` /
 * `ai.model.provider`: the Vercel AI SDK names providers `openai.chat`, `openai.responses`,
 * `anthropic.messages`, which mean the vendor; dotted semantic-convention names stay whole. Used by the
 * CostSpanProcessor of @llmcost/otel and by `llmcost report` for spans that carry tokens but no cost.
 */
export function normaliseProvider(raw: string): string {
  return DOTTED_SEMCONV_PROVIDER.test(raw) ? raw : (raw.split('.', 1)[0] ?? raw);
}
