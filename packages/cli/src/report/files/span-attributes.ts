import type { CallRecord, SpanIds } from './call-record.js';
import { isCallOperation, OPERATION_KEYS, RANKED_FIELDS, RANKED_KEYS, TOKEN_SLOTS } from './genai-keys.js';
import { priceCall } from './price-call.js';
import { checkedCost, checkedTokens } from './value-checks.js';

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

/** The number of an intValue (string or number) or doubleValue (number, or "NaN"/"Infinity" strings); NaN for
 * any other value. */
function rawNumber(v: AnyValue): number {
  const raw = v.intValue ?? v.doubleValue;
  return typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
}

/** A token count of a present attribute, checked (value-checks.ts); undefined for an absent one. */
function tokens(v: AnyValue | undefined, label: string, f: SpanFields): number | undefined {
  return v == null ? undefined : checkedTokens(rawNumber(v), label, f);
}

function strings(v: AnyValue | undefined): string[] {
  if (v == null) return [];
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
  ...RANKED_KEYS.keys(),
  ...OPERATION_KEYS,
  'gen_ai.usage.cost',
  'gen_ai.response.id',
  'llmcost.pricing.status',
  'llmcost.pricing.version',
  'llmcost.feature',
  'user.id',
  'user.hash',
  'llmcost.tier',
  'error.type',
]);

/** Whether an attribute key can matter to the report (see `readCall`): the scanner parses only these values. */
export function isReportKey(key: string): boolean {
  return REPORT_KEYS.has(key) || key.startsWith('gen_ai.usage.');
}

/**
 * What `readCall` takes from a span's attributes, before it becomes a call record. The fast scanner
 * (otlp-fast-scan.ts) fills the same fields straight from the text, with the same rules.
 */
export interface SpanFields {
  /** `gen_ai.operation.name` or any `gen_ai.usage.*` key is present: an LLM call. */
  llm: boolean;
  feature: string | undefined;
  userId: string | undefined;
  userHash: string | undefined;
  tier: string | undefined;
  requestModel: string | undefined;
  responseModel: string | undefined;
  provider: string | undefined;
  status: string | undefined;
  cost: number | undefined;
  input: number | undefined;
  output: number | undefined;
  cacheRead: number | undefined;
  cacheWrite: number | undefined;
  reasoning: number | undefined;
  /** Finish reasons of the first finish-reason attribute that has a value. */
  finish: readonly string[] | undefined;
  error: boolean;
  pricingVersion: string | undefined;
  responseId: string | undefined;
  /** The first value of the span that cannot be right (value-checks.ts). */
  issue: string | undefined;
  /** Rank (genai-keys.ts) of the name each of RANKED_FIELDS was taken from; 255 while unset. */
  ranks: Uint8Array;
}

/** What `checkedTokens` calls each count in an issue. */
export const TOKEN_LABELS = {
  input: 'input tokens',
  output: 'output tokens',
  cacheRead: 'cache-read tokens',
  cacheWrite: 'cache-write tokens',
  reasoning: 'reasoning tokens',
} as const;

export function emptySpanFields(): SpanFields {
  return {
    llm: false,
    feature: undefined,
    userId: undefined,
    userHash: undefined,
    tier: undefined,
    requestModel: undefined,
    responseModel: undefined,
    provider: undefined,
    status: undefined,
    cost: undefined,
    input: undefined,
    output: undefined,
    cacheRead: undefined,
    cacheWrite: undefined,
    reasoning: undefined,
    finish: undefined,
    error: false,
    pricingVersion: undefined,
    responseId: undefined,
    issue: undefined,
    ranks: new Uint8Array(RANKED_FIELDS.length).fill(255),
  };
}

/** What `checkedTokens` calls each count in an issue, by token slot. */
const SLOT_LABELS = [
  TOKEN_LABELS.input,
  TOKEN_LABELS.output,
  TOKEN_LABELS.cacheRead,
  TOKEN_LABELS.cacheWrite,
  TOKEN_LABELS.reasoning,
];

/**
 * Sets a field named in GENAI_SPAN_KEYS unless a better-ranked name set it already. `read` gives the value: a
 * checked token count (slots below TOKEN_SLOTS), a non-empty string, or the finish reasons; a token name makes
 * the span an LLM call even when its value is unusable. Shared by readCall and the fast scanner.
 */
export function setRanked(
  f: SpanFields,
  slot: number,
  rank: number,
  value: {
    tokenValue(label: string): number | undefined;
    stringValue(): string | undefined;
    stringsValue(): string[];
  },
): void {
  if (slot < TOKEN_SLOTS) f.llm = true;
  if (rank >= (f.ranks[slot] as number)) return;
  const field = RANKED_FIELDS[slot]!;
  let v: unknown;
  if (slot < TOKEN_SLOTS) v = value.tokenValue(SLOT_LABELS[slot]!);
  else if (field === 'finish') v = value.stringsValue();
  else v = value.stringValue();
  if (v === undefined) return;
  (f as unknown as Record<string, unknown>)[field] = v;
  f.ranks[slot] = rank;
}

/** The attributes of an LLM span, or undefined for any other span. */
export function readCall(
  attributes: unknown[],
  traceId: string,
  ids: SpanIds,
  endMs: number,
  own: boolean,
): CallRecord | undefined {
  const f = emptySpanFields();
  for (const kv of attributes as KeyValue[]) {
    const key = kv?.key;
    if (typeof key !== 'string') continue;
    const v = kv.value;
    // The attribute names of the public contract (ARCHITECTURE.md); a call's model and usage under every spelling
    // of GENAI_SPAN_KEYS (genai-keys.ts).
    const ranked = RANKED_KEYS.get(key);
    if (ranked !== undefined) {
      setRanked(f, ranked.slot, ranked.rank, {
        tokenValue: (label) => tokens(v, label, f),
        stringValue: () => str(v),
        stringsValue: () => strings(v),
      });
      continue;
    }
    if (OPERATION_KEYS.includes(key)) {
      if (isCallOperation(key, str(v))) f.llm = true;
      continue;
    }
    switch (key) {
      case 'gen_ai.usage.cost':
        f.llm = true;
        f.cost = v == null ? undefined : checkedCost(rawNumber(v), f);
        break;
      case 'gen_ai.response.id':
        f.responseId = str(v);
        break;
      case 'llmcost.pricing.status':
        f.status = str(v);
        break;
      case 'llmcost.pricing.version':
        f.pricingVersion = str(v);
        break;
      case 'llmcost.feature':
        f.feature = str(v);
        break;
      case 'user.id':
        f.userId = str(v);
        break;
      case 'user.hash':
        f.userHash = str(v);
        break;
      case 'llmcost.tier':
        f.tier = str(v);
        break;
      case 'error.type':
        f.error = str(v) !== undefined;
        break;
      default:
        if (key.startsWith('gen_ai.usage.')) f.llm = true;
    }
  }
  return callOf(f, traceId, ids, endMs, own);
}

/** The call record of a span's fields, priced; undefined when the span is not an LLM call. */
export function callOf(
  f: SpanFields,
  traceId: string,
  ids: SpanIds,
  endMs: number,
  own: boolean,
): CallRecord | undefined {
  if (!f.llm) return undefined;
  const hasUsage = f.input !== undefined || f.output !== undefined;
  const call: CallRecord = {
    endMs,
    feature: f.feature,
    user: f.userId ?? f.userHash,
    tier: f.tier,
    // The response model is the one that ran and was billed (a request for `gpt-4o` is answered by a dated
    // snapshot; a router may substitute another model); the request model stands in when there was no
    // response (failed calls).
    model: f.responseModel ?? f.requestModel,
    pricing: 'none',
    costUsd: 0,
    hasUsage,
    inputTokens: f.input ?? 0,
    outputTokens: f.output ?? 0,
    cacheReadTokens: f.cacheRead ?? 0,
    cacheSavingsUsd: 0,
    finishReasons: f.finish ?? [],
    error: f.error,
    pricedHere: false,
    pricingVersion: f.pricingVersion,
    dedupeKey: f.responseId === undefined ? undefined : `${traceId}/${f.responseId}`,
    own,
    hasId: ids.hasId,
    idHi: ids.idHi,
    idLo: ids.idLo,
    hasParent: ids.hasParent,
    parentHi: ids.parentHi,
    parentLo: ids.parentLo,
    issue: f.issue,
  };
  priceCall(call, {
    status: f.status,
    cost: f.cost,
    provider: f.provider,
    cacheWrite: f.cacheWrite,
    reasoning: f.reasoning,
  });
  return call;
}
