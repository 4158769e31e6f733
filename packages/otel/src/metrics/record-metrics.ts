import type { CostResult, Usage } from '@llmcost/pricing';
import type { Meter } from '@opentelemetry/api';
import type { LlmCall } from '../core/call.js';
import type { CallPricingStatus } from '../recorder/call-record.js';
import type { GenAiUsageSides } from '../recorder/record-call.js';
import { instrumentsFor, type LlmcostInstruments } from './instruments.js';
import { latestInstrumentsFor, recordLatest } from './latest-instruments.js';
import type { MetricSeries } from './metric-series.js';
import { OVERFLOW_VALUE } from './value-limiter.js';

/**
 * The metric points of one finished call (names: DESIGN.md "Metrics" and the canonical metrics list). Attributes stay low-cardinality:
 * provider, operation, models, feature and tier (capped, see BAGGAGE_VALUE_LIMIT), pricing status, error type;
 * `user.id` only when opted in, capped.
 */
export function recordMetrics(
  call: LlmCall,
  usage: Usage | undefined,
  sides: GenAiUsageSides,
  cost: CostResult | undefined,
  status: CallPricingStatus | undefined,
  errorType: string | undefined,
  durationS: number,
  ttfc: number | undefined,
): void {
  const m = instrumentsFor(call.host.llmMeter());
  // Capped, the costliest values first: baggage from other services must not grow the series without bound
  // (spans keep the real values).
  const spend = cost?.totalUsd;
  const feature =
    call.attribution.feature !== undefined
      ? m.featureLimiter.label(call.attribution.feature, spend)
      : undefined;
  const tier =
    call.attribution.tier !== undefined ? m.tierLimiter.label(call.attribution.tier, spend) : undefined;
  const responseModel = call.state.responseModel;
  const limiter = call.host.userIdLimiter();
  // Opt-in, capped; pseudonymised like the span when a hash key is set (the raw id never reaches metrics then).
  const user =
    limiter !== undefined && call.userLabel !== undefined ? limiter.label(call.userLabel, spend) : undefined;
  if (user === OVERFLOW_VALUE && call.userLabel !== OVERFLOW_VALUE)
    m.overflow.add(1, { 'llmcost.attribute': 'user.id' });

  const series = m.series.get({
    provider: call.provider,
    operation: call.adapter.operation,
    requestModel: call.requestModel,
    responseModel,
    feature,
    tier,
    status,
    errorType,
    user,
    serverAddress: call.server?.address,
    serverPort: call.server?.port,
    // semconv's OpenAI metric attribute (the fingerprint, also recommended there, changes with every deployment
    // of the model: left to spans to keep series few).
    serviceTier: call.provider === 'openai' ? call.state.serviceTier : undefined,
  });
  const reason = firstFinishReason(call.state.finishReasons);
  const latest = call.host.getConfig().genAiLatestConventions === true;
  const genAi = latest ? { meter: call.host.llmMeter(), operation: call.adapter.operation } : undefined;
  recordSeries(m, series, reason, usage, sides, cost, durationS, ttfc, genAi);
}

/**
 * The metric points of one call into its series: shared by llmcost's own calls (above) and the calls of other
 * instrumentations' spans (CostSpanProcessor, recorder/record-span-call.ts), so both reach the same metrics.
 */
export function recordSeries(
  m: LlmcostInstruments,
  series: MetricSeries,
  finishReason: string,
  usage: Usage | undefined,
  sides: GenAiUsageSides,
  cost: CostResult | undefined,
  durationS: number,
  ttfc: number | undefined,
  /** Set under OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: the GenAI metrics of semconv-genai's main
   * branch replace the v1.41.1 ones (latest-instruments.ts); llmcost's own metrics are the same in both modes. */
  latest?: { meter: Meter; operation: string },
): void {
  series.addCall(m.calls, finishReason);
  if (latest !== undefined) {
    const l = latestInstrumentsFor(latest.meter);
    recordLatest(l, series, latest.operation, usage, sides, durationS, ttfc);
  } else {
    m.duration.record(durationS, series.base);
    if (ttfc !== undefined) m.timeToFirstChunk.record(ttfc, series.base);
    // gen_ai.client.token.usage: provider-reported counts only, unless estimates are opted in (see recordCall).
    if (usage !== undefined && sides.input) m.tokenUsage.record(usage.inputTokens, series.input);
    if (usage !== undefined && sides.output) m.tokenUsage.record(usage.outputTokens, series.output);
  }
  if (usage !== undefined) {
    series.addTokens(m.tokens, 0, usage.inputTokens);
    series.addTokens(m.tokens, 1, usage.outputTokens);
    series.addTokens(m.tokens, 2, usage.cacheReadInputTokens);
    series.addTokens(m.tokens, 3, usage.cacheCreationInputTokens);
    series.addTokens(m.tokens, 4, usage.reasoningOutputTokens);
  }
  if (cost?.status === 'priced') {
    m.cost.record(cost.totalUsd, series.base);
    if (cost.cacheSavingsUsd !== undefined && cost.cacheSavingsUsd > 0)
      series.addCacheSavings(m.cacheSavings, cost.cacheSavingsUsd);
  }
}

/** The first finish reason (a stream can leave holes for choices that never finished), or `none`. */
export function firstFinishReason(reasons: readonly (string | undefined)[]): string {
  for (const r of reasons) if (r !== undefined) return r;
  return 'none';
}
