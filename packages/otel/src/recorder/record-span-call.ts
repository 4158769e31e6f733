import type { GenAiSpanCall } from '@llmcost/pricing';
import { type Attributes, type Meter, SpanStatusCode } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace-base';
import { instrumentsFor } from '../metrics/instruments.js';
import { recordSeries } from '../metrics/record-metrics.js';
import { ATTR, setCostAttributes } from './attributes.js';
import { type CallPricingStatus, type CallRecord, emitCallRecord, hasCallListeners } from './call-record.js';
import { type PriceFunction, priceModels } from './price-models.js';
import { PROVIDER_REPORTED } from './record-call.js';

/** Provider of a span that names none (metric attributes need a value; semconv's catch-all). */
const UNKNOWN = '_OTHER';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * The recorder for a call another instrumentation traced (CostSpanProcessor, in the span's `onEnding`): the
 * same price, the same cost attributes and the same metric points and exit-summary record as `recordCall`
 * gives llmcost's own calls. Metric attribution is what the span carries (`llmcost.feature`, `llmcost.tier`,
 * copied from baggage when the span started), capped like ours.
 */
export function recordSpanCall(
  span: Span,
  call: GenAiSpanCall,
  price: PriceFunction,
  meter: Meter,
  latestGenAi = false,
): void {
  const attrs = span.attributes;
  const serviceTier = str(attrs[ATTR.openaiResponseServiceTier]) ?? str(attrs[ATTR.openaiRequestServiceTier]);
  const cost = priceModels(
    price,
    call.usage,
    call.provider,
    call.requestModel,
    call.responseModel,
    serviceTier,
  );
  const status: CallPricingStatus = cost?.status === 'priced' ? 'priced' : 'unpriced';
  if (cost !== undefined) setCostAttributes(span, cost);
  span.setAttribute(ATTR.pricingStatus, status);

  const errorType =
    span.status.code === SpanStatusCode.ERROR ? (str(attrs[ATTR.errorType]) ?? UNKNOWN) : undefined;
  const m = instrumentsFor(meter);
  const feature = str(attrs[ATTR.feature]);
  const tier = str(attrs[ATTR.tier]);
  const series = m.series.get({
    provider: call.provider ?? UNKNOWN,
    operation: call.operation ?? 'chat',
    requestModel: call.requestModel ?? call.model,
    responseModel: call.responseModel,
    feature: feature === undefined ? undefined : m.featureLimiter.label(feature, cost?.totalUsd),
    tier: tier === undefined ? undefined : m.tierLimiter.label(tier, cost?.totalUsd),
    status,
    errorType,
    user: undefined,
    serverAddress: str(attrs[ATTR.serverAddress]),
    serverPort: num(attrs[ATTR.serverPort]),
    serviceTier: call.provider === 'openai' ? serviceTier : undefined,
  });
  const [seconds, nanos] = span.duration;
  recordSeries(
    m,
    series,
    call.finishReasons[0] ?? 'none',
    call.usage,
    // The span's usage is the provider's as that instrumentation read it.
    PROVIDER_REPORTED,
    cost,
    seconds + nanos / 1e9,
    undefined,
    latestGenAi ? { meter, operation: call.operation ?? 'chat' } : undefined,
  );
  if (hasCallListeners()) emitCallRecord(callRecord(call, attrs, cost, status, errorType));
}

function callRecord(
  call: GenAiSpanCall,
  attrs: Attributes,
  cost: ReturnType<typeof priceModels>,
  status: CallPricingStatus,
  errorType: string | undefined,
): CallRecord {
  const { usage } = call;
  const record: CallRecord = {
    provider: call.provider ?? UNKNOWN,
    operation: call.operation ?? 'chat',
    requestModel: call.requestModel ?? call.model,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheReadInputTokens: usage.cacheReadInputTokens ?? 0,
    cacheCreationInputTokens: usage.cacheCreationInputTokens ?? 0,
    pricingStatus: status,
  };
  if (call.responseModel !== undefined) record.responseModel = call.responseModel;
  const feature = str(attrs[ATTR.feature]);
  const user = str(attrs[ATTR.userHash]) ?? str(attrs[ATTR.userId]);
  const tier = str(attrs[ATTR.tier]);
  if (feature !== undefined) record.feature = feature;
  if (user !== undefined) record.userId = user;
  if (tier !== undefined) record.tier = tier;
  if (cost?.status === 'priced') {
    record.costUsd = cost.totalUsd;
    if (cost.totalFemtoUsd !== undefined) record.costExact = cost.totalFemtoUsd;
  }
  if (errorType !== undefined) record.errorType = errorType;
  return record;
}
