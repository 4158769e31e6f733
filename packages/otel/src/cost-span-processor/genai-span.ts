import type { Attributes } from '@opentelemetry/api';

/** Attributes by which a span is recognised as a GenAI call when it starts (before usage is known).
 * gen_ai.*: semconv, OpenLLMetry, the Anthropic SDK; llm.*: OpenInference and older OpenLLMetry; ai.model.id: the
 * Vercel AI SDK. */
export const GENAI_START_KEYS = [
  'gen_ai.operation.name',
  'gen_ai.system',
  'gen_ai.provider.name',
  'ai.model.id',
  'llm.model_name',
  'llm.system',
  'llm.request.type',
];

/** A span of an LLM call: ours (scope `@llmcost/...`), or another instrumentation's with GenAI attributes. */
export function isGenAiSpan(span: {
  attributes: Attributes;
  instrumentationScope?: { name: string };
}): boolean {
  if (span.instrumentationScope?.name.startsWith('@llmcost/') === true) return true;
  const a = span.attributes;
  for (const key of GENAI_START_KEYS) if (a[key] !== undefined) return true;
  return false;
}
