/**
 * Every span attribute, metric and metric attribute @llmcost/otel (and the budget guard it runs) emits, under
 * each naming mode: `v1.41` (default; semantic conventions v1.41.1, the last release holding the GenAI registry)
 * and `latest` (OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: semantic-conventions-genai's main).
 * The telemetry table of packages/otel/README.md is rendered from this list, and emitted-names.test.ts fails when
 * real calls emit a name not listed here for their mode, or when a listed name is nowhere in the code.
 */
export type NameMode = 'both' | 'v1.41' | 'latest';

export interface EmittedName {
  readonly name: string;
  readonly kind: 'span' | 'metric' | 'metric attribute';
  readonly mode: NameMode;
  /** For metrics: instrument and unit. */
  readonly instrument?: string;
  readonly note: string;
}

const span = (name: string, note: string, mode: NameMode = 'both'): EmittedName => ({
  name,
  kind: 'span',
  mode,
  note,
});
const metric = (name: string, instrument: string, note: string, mode: NameMode = 'both'): EmittedName => ({
  name,
  kind: 'metric',
  mode,
  instrument,
  note,
});
const attr = (name: string, note: string, mode: NameMode = 'both'): EmittedName => ({
  name,
  kind: 'metric attribute',
  mode,
  note,
});

export const EMITTED_NAMES: readonly EmittedName[] = [
  span('gen_ai.operation.name', '`chat`, `embeddings`, `generate_content` (Gemini)'),
  span(
    'gen_ai.provider.name',
    'registry value of the provider; another host behind an OpenAI client is that host',
  ),
  span('gen_ai.request.model', 'model asked for (Azure: the deployment)'),
  span('gen_ai.response.model', 'model that answered'),
  span('gen_ai.request.max_tokens', 'request parameter'),
  span('gen_ai.request.temperature', 'request parameter'),
  span('gen_ai.request.top_p', 'request parameter'),
  span('gen_ai.request.top_k', 'request parameter'),
  span('gen_ai.request.frequency_penalty', 'request parameter'),
  span('gen_ai.request.presence_penalty', 'request parameter'),
  span('gen_ai.request.stop_sequences', 'request parameter'),
  span('gen_ai.request.seed', 'request parameter'),
  span('gen_ai.request.choice.count', 'request parameter, when not 1'),
  span('gen_ai.request.stream', 'request parameter'),
  span('gen_ai.request.encoding_formats', 'embeddings request parameter'),
  span('gen_ai.embeddings.dimension.count', 'embeddings request parameter'),
  span('gen_ai.output.type', '`json` or `text`, when the request sets an output format'),
  span('gen_ai.response.id', 'response'),
  span('gen_ai.response.finish_reasons', 'response'),
  span('gen_ai.response.time_to_first_chunk', 'streams: seconds to the first chunk'),
  span('server.address', 'host the client sends to'),
  span('server.port', 'port the client sends to'),
  span(
    'error.type',
    'the SDK error class name; `APIUserAbortError` for a stream the app aborted (priced at the tokens seen)',
  ),
  span('openai.api.type', '`chat_completions` or `responses` (provider `openai` only)'),
  span('openai.request.service_tier', 'tier asked for, unless `auto` (provider `openai` only)'),
  span('openai.response.service_tier', 'tier that served the call: its price (provider `openai` only)'),
  span('openai.response.system_fingerprint', 'provider `openai` only'),
  span('gen_ai.usage.input_tokens', 'provider-reported input, cached included; embeddings: the only usage'),
  span('gen_ai.usage.output_tokens', 'provider-reported output, reasoning included; never on embeddings'),
  span('gen_ai.usage.cache_read.input_tokens', 'provider-reported'),
  span('gen_ai.usage.cache_creation.input_tokens', 'provider-reported', 'v1.41'),
  span(
    'gen_ai.usage.cache_write.input_tokens',
    'provider-reported (renamed in semconv-genai PR 440)',
    'latest',
  ),
  span('gen_ai.usage.reasoning.output_tokens', 'provider-reported'),
  span(
    'llmcost.estimated.input_tokens',
    'input counted locally (the provider reported none); under gen_ai.usage.input_tokens with LLMCOST_ESTIMATED_USAGE_AS_GENAI=true',
  ),
  span(
    'llmcost.estimated.output_tokens',
    'output counted locally; under gen_ai.usage.output_tokens with LLMCOST_ESTIMATED_USAGE_AS_GENAI=true',
  ),
  span('gen_ai.usage.cost', 'total USD (read by Langfuse, OpenLIT, LiteLLM)'),
  span('llmcost.cost.input_usd', 'USD of uncached input (not when the cost is provider-reported)'),
  span('llmcost.cost.output_usd', 'USD of output'),
  span('llmcost.cost.cache_read_usd', 'USD of cached input'),
  span('llmcost.cost.cache_write_usd', 'USD of cache writes'),
  span('llmcost.cost.source', '`provider` when the cost is the provider’s own figure (OpenRouter)'),
  span(
    'llmcost.pricing.status',
    '`priced`, `estimated` (tokens counted locally), `unpriced` (no cost at all)',
  ),
  span('llmcost.pricing.model', 'price-table entry that matched'),
  span('llmcost.pricing.version', 'price-table version'),
  span('llmcost.feature', 'attribution'),
  span('llmcost.tier', 'attribution'),
  span('user.id', 'attribution (or `user.hash` when ids are hashed)'),
  span('user.hash', 'attribution, pseudonymised'),
  span('session.id', 'attribution'),
  span('gen_ai.input.messages', 'only with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true'),
  span('gen_ai.output.messages', 'only with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true'),
  span('llmcost.budget.decision', '`allowed`, `downgraded`, `rejected`'),
  span('llmcost.budget.reserved_usd', 'worst-case cost held before the call'),
  span('llmcost.budget.downgraded_from', 'model asked for before a downgrade'),
  span('llmcost.budget.overshoot_usd', 'spend above a budget cap, when above 0'),

  metric('gen_ai.client.operation.duration', 'histogram, `s`', 'every call', 'v1.41'),
  metric('gen_ai.client.operation.time_to_first_chunk', 'histogram, `s`', 'streams', 'v1.41'),
  metric('gen_ai.client.token.usage', 'histogram, `{token}`', 'provider-reported tokens per call', 'v1.41'),
  metric('gen_ai.client.inference.duration', 'histogram, `s`', 'chat / generate_content calls', 'latest'),
  metric('gen_ai.client.embeddings.duration', 'histogram, `s`', 'embeddings calls', 'latest'),
  metric('gen_ai.client.inference.time_to_first_chunk', 'histogram, `s`', 'streams', 'latest'),
  metric(
    'gen_ai.client.inference.usage.input_tokens',
    'counter, `{token}`',
    'provider-reported; 0 for a call without usage',
    'latest',
  ),
  metric('gen_ai.client.inference.usage.output_tokens', 'counter, `{token}`', 'as input', 'latest'),
  metric(
    'gen_ai.client.inference.usage.cache_read.input_tokens',
    'counter, `{token}`',
    'when above 0',
    'latest',
  ),
  metric(
    'gen_ai.client.inference.usage.cache_write.input_tokens',
    'counter, `{token}`',
    'when above 0',
    'latest',
  ),
  metric(
    'gen_ai.client.inference.usage.reasoning.output_tokens',
    'counter, `{token}`',
    'when above 0',
    'latest',
  ),
  metric('gen_ai.client.inference.operation.input_tokens', 'histogram, `{token}`', 'per call', 'latest'),
  metric('gen_ai.client.inference.operation.output_tokens', 'histogram, `{token}`', 'per call', 'latest'),
  metric('gen_ai.client.embeddings.operation.input_tokens', 'histogram, `{token}`', 'per call', 'latest'),
  metric('gen_ai.usage.cost', 'histogram, `USD`', 'priced and estimated calls'),
  metric('llmcost.calls', 'counter, `{call}`', 'every call: failed, unpriced and estimated ones too'),
  metric(
    'llmcost.tokens',
    'counter, `{token}`',
    'all tokens, estimated ones too (see `llmcost.pricing.status`)',
  ),
  metric('llmcost.cache.savings', 'counter, `USD`', 'saved by cached input'),
  metric('llmcost.budget.spent', 'gauge, `USD`', 'budget guard'),
  metric('llmcost.budget.limit', 'gauge, `USD`', 'budget guard'),
  metric('llmcost.budget.rejections', 'counter, `{call}`', 'budget guard'),
  metric('llmcost.budget.downgrades', 'counter, `{call}`', 'budget guard'),
  metric('llmcost.budget.cuts', 'counter, `{call}`', 'streams cut off at a cap'),
  metric('llmcost.budget.overshoot', 'counter, `USD`', 'spend above caps'),
  metric('llmcost.user.spend_alerts', 'counter, `{alert}`', '`user.id` of offenders only'),
  metric('llmcost.spans.dropped', 'counter, `{span}`', 'spans lost before export'),

  attr('gen_ai.provider.name', 'every call metric'),
  attr('gen_ai.operation.name', 'every call metric'),
  attr('gen_ai.request.model', 'every call metric'),
  attr('gen_ai.response.model', 'every call metric'),
  attr('server.address', 'every call metric'),
  attr('server.port', 'every call metric'),
  attr('error.type', 'failed calls; `llmcost.spans.dropped`'),
  attr('openai.response.service_tier', 'provider `openai`'),
  attr('llmcost.feature', 'capped at 100 values'),
  attr('llmcost.tier', 'capped at 100 values'),
  attr('llmcost.pricing.status', 'every call metric'),
  attr('user.id', 'only with LLMCOST_METRICS_USER_ID_LIMIT; `llmcost.user.spend_alerts`'),
  attr('gen_ai.token.type', '`gen_ai.client.token.usage`: `input`, `output`', 'v1.41'),
  attr('gen_ai.token.modality', 'usage counters: `unknown` (usage is not split by modality)', 'latest'),
  attr('llmcost.token.type', '`llmcost.tokens`: input, output, cache_read, cache_creation, reasoning'),
  attr('llmcost.finish_reason', '`llmcost.calls`: the first finish reason, or `none`'),
  attr('llmcost.budget.scope', 'budget metrics'),
  attr('llmcost.budget.window', 'budget metrics'),
  attr('llmcost.budget.reason', 'rejections and cuts'),
  attr('llmcost.span.class', '`llmcost.spans.dropped`'),
];

/** The names of one kind a mode emits. */
export function namesOf(kind: EmittedName['kind'], mode: 'v1.41' | 'latest'): Set<string> {
  return new Set(
    EMITTED_NAMES.filter((n) => n.kind === kind && (n.mode === 'both' || n.mode === mode)).map((n) => n.name),
  );
}

const MODE_LABEL: Record<NameMode, string> = { both: 'both', 'v1.41': 'default only', latest: 'opt-in only' };

/** The README table (between its `names:start` / `names:end` markers). */
export function renderNamesTable(): string {
  const rows = EMITTED_NAMES.map(
    (n) =>
      `| ${n.kind} | \`${n.name}\` | ${MODE_LABEL[n.mode]} | ${n.instrument === undefined ? n.note : `${n.instrument}; ${n.note}`} |`,
  );
  return ['| kind | name | mode | what |', '|---|---|---|---|', ...rows].join('\n');
}
