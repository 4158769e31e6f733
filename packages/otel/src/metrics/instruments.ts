import type { Counter, Meter } from '@opentelemetry/api';
import { SeriesCache } from './metric-series.js';
import { SeriesHistogram } from './series-histogram.js';
import { SummedCounter } from './summed-counter.js';
import { ValueLimiter } from './value-limiter.js';

/** The instruments of the `@llmcost/otel` meter (names and units: DESIGN.md "Metrics" and the canonical metrics list). */
export interface LlmcostInstruments {
  tokenUsage: SeriesHistogram;
  duration: SeriesHistogram;
  timeToFirstChunk: SeriesHistogram;
  cost: SeriesHistogram;
  calls: SummedCounter;
  tokens: SummedCounter;
  cacheSavings: SummedCounter;
  /** Attribute objects and counter cells per metric attribute set, for these instruments. */
  series: SeriesCache;
  /** Caps on the distinct `llmcost.feature` / `llmcost.tier` values these instruments see (baggage is untrusted). */
  featureLimiter: ValueLimiter;
  tierLimiter: ValueLimiter;
  /** Calls recorded with a capped attribute as `other` (`llmcost.attribute`: which one). */
  overflow: Counter;
}

/**
 * Distinct `llmcost.feature` values, and separately `llmcost.tier` values, kept on metrics per meter (one meter,
 * hence one cap, per process in practice); further values are recorded as `other`. Both come from W3C baggage,
 * which any upstream service can set, and each distinct value multiplies every metric's series. 100 is far above
 * the features and tiers a real app names, and far below the SDK's 2000 attribute sets per instrument. The values
 * with the most spend keep their names (value-limiter.ts).
 */
export const BAGGAGE_VALUE_LIMIT = 100;

/** Durations and time to first chunk: the bucket advice of both metrics in the GenAI semantic conventions
 * (v1.41.1 gen-ai-metrics.md; unchanged for gen_ai.client.inference.* in semantic-conventions-genai). */
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/**
 * Tokens and cost: boundaries at most 1.5x apart where LLM calls live (4k to 512k tokens, 1 cent to 1 USD), so a
 * p95 panel (histogram_quantile interpolates inside a bucket) reads at most 1.5x above the largest call; the
 * semconv advice for tokens (powers of 4) put a 67.5k-token largest call's p95 at 183k. Coarser below and
 * above; 24 and 25 boundaries.
 */
export const TOKEN_BUCKETS = [
  1, 10, 100, 250, 500, 1000, 2000, 4000, 6000, 8000, 12000, 16000, 24000, 32000, 48000, 64000, 96000, 128000,
  192000, 256000, 384000, 512000, 1000000, 2000000,
];
export const COST_BUCKETS = [
  0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1,
  0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2, 5, 10,
];

// One set per meter: InstrumentationBase swaps its meter on setMeterProvider, and both instrumentations
// (OpenAI, Anthropic) share the `@llmcost/otel` meter name.
const byMeter = new WeakMap<Meter, LlmcostInstruments>();

export function instrumentsFor(meter: Meter): LlmcostInstruments {
  let instruments = byMeter.get(meter);
  if (!instruments) {
    instruments = createInstruments(meter);
    byMeter.set(meter, instruments);
  }
  return instruments;
}

function createInstruments(meter: Meter): LlmcostInstruments {
  const overflow = meter.createCounter('llmcost.metrics.overflow', {
    description: 'Calls recorded with a capped metric attribute (feature, tier, user.id) as "other"',
    unit: '{call}',
  });
  return {
    tokenUsage: new SeriesHistogram(
      meter.createHistogram('gen_ai.client.token.usage', {
        description: 'Number of input and output tokens used',
        unit: '{token}',
        advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
      }),
    ),
    duration: new SeriesHistogram(
      meter.createHistogram('gen_ai.client.operation.duration', {
        description: 'GenAI operation duration',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
    ),
    timeToFirstChunk: new SeriesHistogram(
      meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', {
        description: 'Time from the request to the first chunk of a streamed response',
        unit: 's',
        advice: { explicitBucketBoundaries: DURATION_BUCKETS },
      }),
    ),
    cost: new SeriesHistogram(
      meter.createHistogram('gen_ai.usage.cost', {
        description: 'Cost of one LLM call (priced or estimated calls only)',
        unit: 'USD',
        advice: { explicitBucketBoundaries: COST_BUCKETS },
      }),
    ),
    calls: new SummedCounter(meter, 'llmcost.calls', {
      description: 'LLM calls, including failed and unpriced ones',
      unit: '{call}',
    }),
    tokens: new SummedCounter(meter, 'llmcost.tokens', {
      description: 'Tokens by type: input, output, cache_read, cache_creation, reasoning',
      unit: '{token}',
    }),
    cacheSavings: new SummedCounter(meter, 'llmcost.cache.savings', {
      description: 'Dollars saved by cached input versus the full input rate',
      unit: 'USD',
    }),
    series: new SeriesCache(),
    featureLimiter: new ValueLimiter(BAGGAGE_VALUE_LIMIT, () =>
      overflow.add(1, { 'llmcost.attribute': 'llmcost.feature' }),
    ),
    tierLimiter: new ValueLimiter(BAGGAGE_VALUE_LIMIT, () =>
      overflow.add(1, { 'llmcost.attribute': 'llmcost.tier' }),
    ),
    overflow,
  };
}
