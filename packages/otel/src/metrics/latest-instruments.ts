import type { Usage } from '@llmcost/pricing';
import type { Histogram, Meter } from '@opentelemetry/api';
import type { GenAiUsageSides } from '../recorder/record-call.js';
import { DURATION_BUCKETS, TOKEN_BUCKETS } from './instruments.js';
import type { MetricSeries } from './metric-series.js';
import { SummedCounter } from './summed-counter.js';

/**
 * The GenAI client metrics of semantic-conventions-genai's main branch, emitted instead of the v1.41.1 ones under
 * OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental (its migration guide,
 * docs/gen-ai/non-normative/migration.md): `gen_ai.client.operation.duration` becomes
 * `gen_ai.client.inference.duration` (chat, generate_content, text_completion) or
 * `gen_ai.client.embeddings.duration`; time to first chunk moves to `gen_ai.client.inference.*`;
 * `gen_ai.client.token.usage` is replaced by usage counters (with `gen_ai.token.modality`) and per-operation
 * token histograms (client-inference.md, gen-ai-token-metrics.md, client-embeddings.md).
 */
export interface LatestInstruments {
  inferenceDuration: Histogram;
  embeddingsDuration: Histogram;
  timeToFirstChunk: Histogram;
  operationInputTokens: Histogram;
  operationOutputTokens: Histogram;
  embeddingsInputTokens: Histogram;
  /** `gen_ai.client.inference.usage.{input_tokens, output_tokens, cache_read.input_tokens,
   * cache_write.input_tokens, reasoning.output_tokens}`, in that order. */
  usage: readonly SummedCounter[];
}

export const LATEST_USAGE_COUNTERS = [
  'gen_ai.client.inference.usage.input_tokens',
  'gen_ai.client.inference.usage.output_tokens',
  'gen_ai.client.inference.usage.cache_read.input_tokens',
  'gen_ai.client.inference.usage.cache_write.input_tokens',
  'gen_ai.client.inference.usage.reasoning.output_tokens',
] as const;

/** Our usage is not split by modality; semconv: report it under `unknown` then (gen-ai-token-metrics.md). */
const MODALITY = 'gen_ai.token.modality';
const UNKNOWN_MODALITY = 'unknown';

const byMeter = new WeakMap<Meter, LatestInstruments>();

export function latestInstrumentsFor(meter: Meter): LatestInstruments {
  let m = byMeter.get(meter);
  if (m === undefined) {
    m = createLatest(meter);
    byMeter.set(meter, m);
  }
  return m;
}

function createLatest(meter: Meter): LatestInstruments {
  const seconds = (name: string, description: string) =>
    meter.createHistogram(name, {
      description,
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
  const tokens = (name: string, description: string) =>
    meter.createHistogram(name, {
      description,
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
  return {
    inferenceDuration: seconds(
      'gen_ai.client.inference.duration',
      'GenAI client inference operation duration',
    ),
    embeddingsDuration: seconds(
      'gen_ai.client.embeddings.duration',
      'GenAI client embeddings operation duration',
    ),
    timeToFirstChunk: seconds(
      'gen_ai.client.inference.time_to_first_chunk',
      'Time from the request to the first chunk of a streamed response',
    ),
    operationInputTokens: tokens(
      'gen_ai.client.inference.operation.input_tokens',
      'Input tokens per inference operation',
    ),
    operationOutputTokens: tokens(
      'gen_ai.client.inference.operation.output_tokens',
      'Output tokens per inference operation',
    ),
    embeddingsInputTokens: tokens(
      'gen_ai.client.embeddings.operation.input_tokens',
      'Input tokens per embeddings operation',
    ),
    usage: LATEST_USAGE_COUNTERS.map(
      (name) =>
        new SummedCounter(meter, name, {
          description: 'Tokens used by inference operations',
          unit: '{token}',
        }),
    ),
  };
}

/** One call's points on the latest GenAI metrics. */
export function recordLatest(
  m: LatestInstruments,
  series: MetricSeries,
  operation: string,
  usage: Usage | undefined,
  sides: GenAiUsageSides,
  durationS: number,
  ttfc: number | undefined,
): void {
  if (operation === 'embeddings') {
    m.embeddingsDuration.record(durationS, series.base);
    if (usage !== undefined && sides.input) m.embeddingsInputTokens.record(usage.inputTokens, series.base);
    return;
  }
  m.inferenceDuration.record(durationS, series.base);
  if (ttfc !== undefined) m.timeToFirstChunk.record(ttfc, series.base);
  // Every inference operation counts, failed ones too: 0 when no usage was received (gen-ai-token-metrics.md).
  const input = usage === undefined ? 0 : sides.input ? usage.inputTokens : undefined;
  const output = usage === undefined ? 0 : sides.output ? usage.outputTokens : undefined;
  if (input !== undefined) {
    addUsage(m, series, 0, input);
    if (usage !== undefined) m.operationInputTokens.record(input, series.base);
  }
  if (output !== undefined) {
    addUsage(m, series, 1, output);
    if (usage !== undefined) m.operationOutputTokens.record(output, series.base);
  }
  if (usage !== undefined && sides.input) {
    addUsage(m, series, 2, usage.cacheReadInputTokens);
    addUsage(m, series, 3, usage.cacheCreationInputTokens);
  }
  if (usage !== undefined && sides.output) addUsage(m, series, 4, usage.reasoningOutputTokens);
}

function addUsage(m: LatestInstruments, series: MetricSeries, index: number, n: number | undefined): void {
  if (n === undefined || !(n >= 0)) return;
  // The detail counters (cache, reasoning) only when there is something to count; input/output always.
  if (index > 1 && n === 0) return;
  const cell = m.usage[index]!.cell(series.key, () => ({ ...series.base, [MODALITY]: UNKNOWN_MODALITY }));
  cell.value += n;
}
