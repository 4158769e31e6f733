/**
 * The report's numbers computed straight from an OTLP JSON fixture with plain loops, sharing no code with
 * src/report: what `llmcost report` must say about the same file.
 *
 * Definitions (the report's, restated):
 * - a call is a span with `gen_ai.operation.name`, unless its parent is such a span (the Anthropic SDK's own
 *   span nested in ours is the same call);
 * - keys missing on a span are `(none)`; the user is `user.id`, else `user.hash`;
 * - cost is `gen_ai.usage.cost`; mean cost per call is over calls that carry a cost; mean tokens over calls
 *   that carry usage;
 * - cache savings per call = cache-read tokens x the span's own uncached input rate
 *   (`llmcost.cost.input_usd` / uncached input tokens) - `llmcost.cost.cache_read_usd`.
 */
import { attr, readOtlpSpans, type SpanEntry } from './synthetic-spans.js';

export interface IndependentCall {
  endMs: number;
  feature: string;
  user: string;
  model: string;
  tier: string;
  status: string | undefined;
  cost: number | undefined;
  input: number | undefined;
  output: number | undefined;
  cacheRead: number;
  cacheSavings: number;
  finishReasons: string[];
  error: boolean;
}

export interface KeyNumbers {
  cost: number;
  calls: number;
  costed: number;
  costs: number[];
  inputSum: number;
  outputSum: number;
  usageCalls: number;
}

const NONE = '(none)';
const TRUNCATION = ['length', 'max_tokens', 'max_output_tokens'];

export function callsOf(entries: SpanEntry[]): IndependentCall[] {
  const genAi = new Set<string>();
  for (const e of entries) if (attr(e.span, 'gen_ai.operation.name') !== undefined) genAi.add(e.span.spanId);
  const calls: IndependentCall[] = [];
  for (const e of entries) {
    const s = e.span;
    if (attr(s, 'gen_ai.operation.name') === undefined) continue;
    if (s.parentSpanId && genAi.has(s.parentSpanId)) continue;
    const str = (key: string) => {
      const v = attr(s, key);
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const num = (key: string) => {
      const v = attr(s, key);
      return typeof v === 'number' ? v : undefined;
    };
    // Tokens the provider did not report are @llmcost/otel's local counts, under llmcost.estimated.*.
    const input = num('gen_ai.usage.input_tokens') ?? num('llmcost.estimated.input_tokens');
    const cacheRead = num('gen_ai.usage.cache_read.input_tokens') ?? 0;
    const cacheWrite =
      num('gen_ai.usage.cache_creation.input_tokens') ?? num('gen_ai.usage.cache_write.input_tokens') ?? 0;
    let cacheSavings = 0;
    if (cacheRead > 0 && input !== undefined) {
      const uncachedRate = (num('llmcost.cost.input_usd') ?? 0) / (input - cacheRead - cacheWrite);
      cacheSavings = cacheRead * uncachedRate - (num('llmcost.cost.cache_read_usd') ?? 0);
    }
    const reasons = attr(s, 'gen_ai.response.finish_reasons');
    calls.push({
      endMs: Number(BigInt(s.endTimeUnixNano) / 1_000_000n),
      feature: str('llmcost.feature') ?? NONE,
      user: str('user.id') ?? str('user.hash') ?? NONE,
      model: str('gen_ai.request.model') ?? NONE,
      tier: str('llmcost.tier') ?? NONE,
      status: str('llmcost.pricing.status'),
      cost: num('gen_ai.usage.cost'),
      input,
      output: num('gen_ai.usage.output_tokens') ?? num('llmcost.estimated.output_tokens'),
      cacheRead,
      cacheSavings,
      finishReasons: Array.isArray(reasons) ? [...new Set(reasons.map(String))] : [],
      error: str('error.type') !== undefined,
    });
  }
  return calls;
}

export function byKey(
  calls: IndependentCall[],
  key: 'feature' | 'user' | 'model' | 'tier',
): Map<string, KeyNumbers> {
  const map = new Map<string, KeyNumbers>();
  for (const c of calls) {
    let k = map.get(c[key]);
    if (!k) {
      k = { cost: 0, calls: 0, costed: 0, costs: [], inputSum: 0, outputSum: 0, usageCalls: 0 };
      map.set(c[key], k);
    }
    k.calls++;
    if (c.cost !== undefined) {
      k.cost += c.cost;
      k.costed++;
      k.costs.push(c.cost);
    }
    if (c.input !== undefined || c.output !== undefined) {
      k.inputSum += c.input ?? 0;
      k.outputSum += c.output ?? 0;
      k.usageCalls++;
    }
  }
  return map;
}

/** The two order statistics around the 95th percentile (any textbook definition lies between them). */
export function p95Bounds(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = 0.95 * (sorted.length - 1);
  return [sorted[Math.floor(rank)]!, sorted[Math.ceil(rank)]!];
}

export function independentReport(path?: string) {
  const calls = callsOf(readOtlpSpans(path));
  let cost = 0;
  let input = 0;
  let output = 0;
  let cacheRead = 0;
  let savings = 0;
  let truncated = 0;
  const reasons = new Map<string, number>();
  const unpricedModels = new Map<string, number>();
  const inputs: number[] = [];
  const outputs: number[] = [];
  let usageCalls = 0;
  for (const c of calls) {
    cost += c.cost ?? 0;
    input += c.input ?? 0;
    output += c.output ?? 0;
    cacheRead += c.cacheRead;
    savings += c.cacheSavings;
    if (c.input !== undefined || c.output !== undefined) {
      usageCalls++;
      inputs.push(c.input ?? 0);
      outputs.push(c.output ?? 0);
    }
    for (const r of c.finishReasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    if (c.finishReasons.some((r) => TRUNCATION.includes(r))) truncated++;
    if (c.status === 'unpriced') unpricedModels.set(c.model, (unpricedModels.get(c.model) ?? 0) + 1);
  }
  const count = (f: (c: IndependentCall) => boolean) => calls.filter(f).length;
  return {
    calls,
    firstEndMs: Math.min(...calls.map((c) => c.endMs)),
    lastEndMs: Math.max(...calls.map((c) => c.endMs)),
    totals: {
      costUsd: cost,
      calls: calls.length,
      pricedCalls: count((c) => c.status === 'priced'),
      estimatedCalls: count((c) => c.status === 'estimated'),
      unpricedCalls: count((c) => c.status === 'unpriced'),
      errorCalls: count((c) => c.error),
      inputTokens: input,
      outputTokens: output,
      cacheReadTokens: cacheRead,
    },
    byFeature: byKey(calls, 'feature'),
    byUser: byKey(calls, 'user'),
    byModel: byKey(calls, 'model'),
    byTier: byKey(calls, 'tier'),
    efficiency: {
      inputMean: input / usageCalls,
      outputMean: output / usageCalls,
      inputs,
      outputs,
      outputInputRatio: output / input,
      finishReasons: reasons,
      truncationRate: truncated / calls.length,
      cacheHitRate: cacheRead / input,
      cacheSavingsUsd: savings,
    },
    unpricedModels,
  };
}
