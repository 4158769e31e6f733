import type { CallRecord } from './call-record.js';
import { priceCall } from './price-call.js';

/** An OTLP/JSON AnyValue. */
export interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number | string;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
}

export interface KeyValue {
  key?: unknown;
  value?: AnyValue;
}

/** Nanoseconds since the epoch (decimal string, or a number from JSON encoders that write small ints bare) to ms. */
export function nanosToMs(v: unknown): number | undefined {
  if (typeof v === 'string') {
    // Whole milliseconds: dropping the last 6 digits keeps any uint64 of nanoseconds exact in a double.
    if (v.length === 0 || v.length > 20) return undefined;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
    }
    return v.length > 6 ? Number(v.slice(0, v.length - 6)) : 0;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v / 1e6);
  return undefined;
}

function str(v: AnyValue | undefined): string | undefined {
  const s = v?.stringValue;
  return typeof s === 'string' && s !== '' ? s : undefined;
}

/** A non-negative number from intValue (string or number) or doubleValue (number, or "NaN"/"Infinity" strings). */
function num(v: AnyValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  const raw = v.intValue ?? v.doubleValue;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function strings(v: AnyValue | undefined): string[] {
  if (v === undefined) return [];
  if (typeof v.stringValue === 'string') return v.stringValue === '' ? [] : [v.stringValue];
  const values = v.arrayValue?.values;
  if (!Array.isArray(values)) return [];
  const out: string[] = [];
  for (const item of values) {
    const s = item?.stringValue;
    if (typeof s === 'string' && s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Every attribute `readCall` reads; any other `gen_ai.usage.*` key also matters (it makes the span an LLM call). */
const REPORT_KEYS: ReadonlySet<string> = new Set([
  'gen_ai.operation.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.usage.cost',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.response.finish_reasons',
  'gen_ai.response.finish_reason',
  'gen_ai.response.id',
  'llmcost.pricing.status',
  'llmcost.pricing.version',
  'llmcost.feature',
  'user.id',
  'user.hash',
  'llmcost.tier',
  'error.type',
  'ai.model.id',
  'ai.response.model',
]);

/** Whether an attribute key can matter to the report (see `readCall`): the scanner parses only these values. */
export function isReportKey(key: string): boolean {
  return REPORT_KEYS.has(key) || key.startsWith('gen_ai.usage.');
}

/** The attributes of an LLM span, or undefined for any other span. */
export function readCall(
  attributes: unknown[],
  traceId: string,
  endMs: number,
  own: boolean,
): CallRecord | undefined {
  let llm = false;
  let feature: string | undefined;
  let userId: string | undefined;
  let userHash: string | undefined;
  let tier: string | undefined;
  let requestModel: string | undefined;
  let responseModel: string | undefined;
  let aiModel: string | undefined;
  let provider: string | undefined;
  let system: string | undefined;
  let status: string | undefined;
  let cost: number | undefined;
  let input: number | undefined;
  let output: number | undefined;
  let cacheRead: number | undefined;
  let cacheWrite: number | undefined;
  let reasoning: number | undefined;
  let finish: AnyValue | undefined;
  let error = false;
  let pricingVersion: string | undefined;
  let responseId: string | undefined;

  for (const kv of attributes as KeyValue[]) {
    const key = kv?.key;
    if (typeof key !== 'string') continue;
    const v = kv.value;
    // The attribute names of the public contract (DESIGN.md), plus the spellings other instrumentations use.
    if (key.startsWith('gen_ai.')) {
      if (key.startsWith('gen_ai.usage.')) llm = true;
      switch (key) {
        case 'gen_ai.operation.name':
          llm = true;
          break;
        case 'gen_ai.request.model':
          requestModel = str(v);
          break;
        case 'gen_ai.response.model':
          responseModel = str(v);
          break;
        case 'gen_ai.provider.name':
          provider = str(v);
          break;
        case 'gen_ai.system':
          system = str(v);
          break;
        case 'gen_ai.usage.cost':
          cost = num(v);
          break;
        case 'gen_ai.usage.input_tokens':
        case 'gen_ai.usage.prompt_tokens':
          input ??= num(v);
          break;
        case 'gen_ai.usage.output_tokens':
        case 'gen_ai.usage.completion_tokens':
          output ??= num(v);
          break;
        case 'gen_ai.usage.cache_read.input_tokens':
          cacheRead = num(v);
          break;
        case 'gen_ai.usage.cache_creation.input_tokens':
        // the Anthropic SDK's own spans spell it cache_write
        case 'gen_ai.usage.cache_write.input_tokens':
          cacheWrite ??= num(v);
          break;
        case 'gen_ai.usage.reasoning.output_tokens':
          reasoning = num(v);
          break;
        case 'gen_ai.response.finish_reasons':
        case 'gen_ai.response.finish_reason':
          finish ??= v;
          break;
        case 'gen_ai.response.id':
          responseId = str(v);
          break;
      }
      continue;
    }
    switch (key) {
      case 'llmcost.pricing.status':
        status = str(v);
        break;
      case 'llmcost.pricing.version':
        pricingVersion = str(v);
        break;
      case 'llmcost.feature':
        feature = str(v);
        break;
      case 'user.id':
        userId = str(v);
        break;
      case 'user.hash':
        userHash = str(v);
        break;
      case 'llmcost.tier':
        tier = str(v);
        break;
      case 'error.type':
        error = str(v) !== undefined;
        break;
      case 'ai.model.id':
      case 'ai.response.model':
        aiModel ??= str(v);
        break;
    }
  }
  if (!llm) return undefined;

  const hasUsage = input !== undefined || output !== undefined;
  const call: CallRecord = {
    endMs,
    feature,
    user: userId ?? userHash,
    tier,
    // The response model is the one that ran and was billed (a request for `gpt-4o` is answered by a dated
    // snapshot; a router may substitute another model); the request model stands in when there was no
    // response (failed calls).
    model: responseModel ?? requestModel ?? aiModel,
    pricing: 'none',
    costUsd: 0,
    hasUsage,
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    cacheReadTokens: cacheRead ?? 0,
    cacheSavingsUsd: 0,
    finishReasons: strings(finish),
    error,
    pricedHere: false,
    pricingVersion,
    dedupeKey: responseId === undefined ? undefined : `${traceId}/${responseId}`,
    own,
  };
  priceCall(call, { status, cost, provider: provider ?? system, cacheWrite, reasoning });
  return call;
}
