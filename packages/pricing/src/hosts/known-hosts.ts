/**
 * OpenAI-compatible endpoints by host: the `gen_ai.provider.name` of a call made with the `openai` SDK whose
 * `baseURL` points there. Semantic-convention names where the registry has one
 * (https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/#gen-ai-provider-name), else the
 * vendor's name in the same style (`together_ai`, `fireworks_ai`, `openrouter`, `ollama`, `vllm`, `lm_studio`).
 */
export const KNOWN_HOSTS: Readonly<Record<string, string>> = {
  'api.openai.com': 'openai',
  'api.anthropic.com': 'anthropic', // https://docs.anthropic.com/en/api/openai-sdk
  'api.groq.com': 'groq', // https://console.groq.com/docs/openai
  'api.deepseek.com': 'deepseek', // https://api-docs.deepseek.com/
  'api.x.ai': 'x_ai', // https://docs.x.ai/docs/api-reference
  'api.together.xyz': 'together_ai', // https://docs.together.ai/docs/openai-api-compatibility
  'api.together.ai': 'together_ai',
  'api.fireworks.ai': 'fireworks_ai', // https://docs.fireworks.ai/tools-sdks/openai-compatibility
  'openrouter.ai': 'openrouter', // https://openrouter.ai/docs/quickstart
  'api.mistral.ai': 'mistral_ai', // https://docs.mistral.ai/api/
  'api.perplexity.ai': 'perplexity',
  // Gemini's OpenAI endpoint, https://generativelanguage.googleapis.com/v1beta/openai/
  // https://ai.google.dev/gemini-api/docs/openai
  'generativelanguage.googleapis.com': 'gcp.gemini',
  'aiplatform.googleapis.com': 'gcp.vertex_ai',
};

/** Host patterns: `<resource>.services.ai.azure.com` and the like; the first match wins. */
export const KNOWN_HOST_PATTERNS: ReadonlyArray<readonly [pattern: RegExp, provider: string]> = [
  // Vertex AI's OpenAI-compatible endpoint: https://{location}-aiplatform.googleapis.com/v1/projects/.../endpoints/openapi
  [/-aiplatform\.googleapis\.com$/, 'gcp.vertex_ai'],
  // Azure AI Foundry models (Azure AI model inference), serverless deployments
  // https://learn.microsoft.com/en-us/azure/ai-foundry/model-inference/how-to/inference
  [/\.services\.ai\.azure\.com$/, 'azure.ai.inference'],
  [/\.models\.ai\.azure\.com$/, 'azure.ai.inference'],
  [/\.inference\.ai\.azure\.com$/, 'azure.ai.inference'],
  // The `OpenAI` class (not `AzureOpenAI`) pointed at an Azure OpenAI resource's /openai/v1 endpoint
  [/\.openai\.azure\.com$/, 'azure.ai.openai'],
  [/\.cognitiveservices\.azure\.com$/, 'azure.ai.openai'],
  // Bedrock's OpenAI-compatible endpoints: https://bedrock-runtime.{region}.amazonaws.com/openai/v1,
  // https://bedrock-mantle.{region}.api.aws/v1 (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html)
  [/^bedrock-(?:runtime|mantle)(?:-fips)?\.[a-z0-9-]+\.(?:amazonaws\.com|api\.aws)$/, 'aws.bedrock'],
];

/**
 * Local model servers by port. 11434 is Ollama's own port wherever it runs
 * (https://github.com/ollama/ollama/blob/main/docs/openai.md); vLLM's `vllm serve` (8000) and LM Studio (1234)
 * defaults are taken only on a loopback address. Any other loopback port is not assumed local: it is as often a
 * proxy in front of a cloud API (LiteLLM proxy, a gateway, mock-llm), which keeps the SDK's provider; say
 * otherwise with LLMCOST_PROVIDER_BY_HOST (`localhost:9000=vllm`).
 */
export const LOCAL_PORTS_ANY_HOST: Readonly<Record<string, string>> = { '11434': 'ollama' };
export const LOCAL_PORTS_LOOPBACK: Readonly<Record<string, string>> = { '8000': 'vllm', '1234': 'lm_studio' };
