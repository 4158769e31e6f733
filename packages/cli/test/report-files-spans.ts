// Test inputs for the span-file report: OTLP/JSON export requests built from REAL spans of our instrumentation
// (test/fixtures/otlp/real-calls.jsonl, made by running the real SDKs under `--import @llmcost/otel/register`),
// with the attributes that vary (time, user, feature, tokens, cost) replaced from a list of generated calls.
// The list is the ground truth the tests compute expected figures from, independently of the report code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/otlp/real-calls.jsonl', import.meta.url));

export interface GenCall {
  endMs: number;
  feature?: string;
  user?: string;
  tier?: string;
  provider: string;
  model: string;
  /** Omitted: a span with no usage (a failed call). */
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  /** `gen_ai.usage.cost`; omitted on unpriced and foreign spans. */
  costUsd?: number;
  status?: 'priced' | 'estimated' | 'unpriced';
  finishReasons?: string[];
  error?: boolean;
  /** Made by another instrumentation (scope not `@llmcost/`). */
  foreign?: boolean;
  /** Same traceId and gen_ai.response.id as another span. */
  traceId?: string;
  responseId?: string;
  /** Ids that relate spans (hex); generated when omitted, and no parent then. */
  spanId?: string;
  parentSpanId?: string;
  /** `gen_ai.operation.name`, when not the template's (`chat`). */
  operation?: string;
  /** Raw attribute values that replace the generated ones (e.g. a negative token count). */
  raw?: Record<string, Record<string, unknown>>;
}

type KeyValue = { key: string; value: Record<string, unknown> };
interface Templates {
  resource: unknown;
  llmSpan: Record<string, unknown> & { attributes: KeyValue[] };
  httpSpan: Record<string, unknown>;
}

let templates: Templates | undefined;

/** One real llmcost chat span, one real undici HTTP span and the real resource, from the fixture. */
export function realTemplates(): Templates {
  if (templates) return templates;
  for (const line of readFileSync(FIXTURE, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const request = JSON.parse(line);
    for (const rs of request.resourceSpans) {
      let llmSpan: Templates['llmSpan'] | undefined;
      let httpSpan: Templates['httpSpan'] | undefined;
      for (const ss of rs.scopeSpans) {
        if (ss.scope.name === '@llmcost/otel') llmSpan ??= ss.spans[0];
        if (ss.scope.name === '@opentelemetry/instrumentation-undici') httpSpan ??= ss.spans[0];
      }
      if (llmSpan && httpSpan) {
        templates = { resource: rs.resource, llmSpan, httpSpan };
        return templates;
      }
    }
  }
  throw new Error(`${FIXTURE}: no export request with both an @llmcost/otel and an undici span`);
}

/** The attributes we set from the call; every other attribute of the real span is kept. */
const VARYING = new Set([
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.provider.name',
  'gen_ai.response.id',
  'gen_ai.response.finish_reasons',
  'llmcost.feature',
  'llmcost.tier',
  'user.id',
  'error.type',
]);

let seq = 0;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);
const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n + 123_456n}`;
// The collector writes 64-bit ints as strings, the JS exporter as numbers: alternate to read both.
const int = (n: number, i: number) => ({ intValue: i % 2 === 0 ? String(n) : n });

export function llmSpan(call: GenCall): Record<string, unknown> {
  const t = realTemplates().llmSpan;
  const i = seq++;
  const attributes: KeyValue[] = t.attributes.filter(
    (kv) => !VARYING.has(kv.key) && !kv.key.startsWith('gen_ai.usage.') && !kv.key.startsWith('llmcost.'),
  );
  const add = (key: string, value: Record<string, unknown>) => attributes.push({ key, value });
  add('gen_ai.provider.name', { stringValue: call.provider });
  add('gen_ai.request.model', { stringValue: call.model });
  if (!call.error) add('gen_ai.response.model', { stringValue: call.model });
  if (call.responseId ?? !call.error)
    add('gen_ai.response.id', { stringValue: call.responseId ?? `resp-${i}` });
  if (call.feature !== undefined) add('llmcost.feature', { stringValue: call.feature });
  if (call.tier !== undefined) add('llmcost.tier', { stringValue: call.tier });
  if (call.user !== undefined) add('user.id', { stringValue: call.user });
  if (call.error) add('error.type', { stringValue: 'InternalServerError' });
  if (call.finishReasons) {
    add('gen_ai.response.finish_reasons', {
      arrayValue: { values: call.finishReasons.map((r) => ({ stringValue: r })) },
    });
  }
  if (call.inputTokens !== undefined) add('gen_ai.usage.input_tokens', int(call.inputTokens, i));
  if (call.outputTokens !== undefined) add('gen_ai.usage.output_tokens', int(call.outputTokens, i));
  if (call.cacheReadTokens !== undefined) {
    add('gen_ai.usage.cache_read.input_tokens', int(call.cacheReadTokens, i));
  }
  if (call.status !== undefined) add('llmcost.pricing.status', { stringValue: call.status });
  if (call.costUsd !== undefined) add('gen_ai.usage.cost', { doubleValue: call.costUsd });
  if (call.operation !== undefined) {
    const op = attributes.find((kv) => kv.key === 'gen_ai.operation.name');
    if (op) op.value = { stringValue: call.operation };
  }
  for (const [key, value] of Object.entries(call.raw ?? {})) {
    const at = attributes.findIndex((kv) => kv.key === key);
    if (at >= 0) attributes[at] = { key, value };
    else add(key, value);
  }
  return {
    ...t,
    traceId: call.traceId ?? hex(i, 32),
    spanId: call.spanId ?? hex(i, 16),
    ...(call.parentSpanId === undefined ? {} : { parentSpanId: call.parentSpanId }),
    startTimeUnixNano: nanos(call.endMs - 800),
    endTimeUnixNano: nanos(call.endMs),
    attributes,
  };
}

export function httpSpan(endMs: number): Record<string, unknown> {
  const i = seq++;
  return {
    ...realTemplates().httpSpan,
    traceId: hex(i, 32),
    spanId: hex(i, 16),
    startTimeUnixNano: nanos(endMs - 500),
    endTimeUnixNano: nanos(endMs),
  };
}

/** Export requests (one per line) of `perLine` LLM spans each, with one HTTP span per call. */
export function exportLines(calls: readonly GenCall[], perLine = 8): string[] {
  const { resource } = realTemplates();
  const lines: string[] = [];
  for (let i = 0; i < calls.length; i += perLine) {
    const batch = calls.slice(i, i + perLine);
    const own = batch.filter((c) => !c.foreign).map(llmSpan);
    const foreign = batch.filter((c) => c.foreign).map(llmSpan);
    const scopeSpans = [
      {
        scope: { name: '@opentelemetry/instrumentation-undici', version: '0.33.0' },
        spans: batch.map((c) => httpSpan(c.endMs)),
      },
      { scope: { name: '@llmcost/otel', version: '0.1.0' }, spans: own },
    ];
    if (foreign.length > 0)
      scopeSpans.push({
        scope: { name: '@opentelemetry/instrumentation-openai', version: '0.21.0' },
        spans: foreign,
      });
    lines.push(JSON.stringify({ resourceSpans: [{ resource, scopeSpans }] }));
  }
  return lines;
}
