import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  createAllowListAttributesProcessor,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { SeriesHistogram } from './series-histogram.js';

const BASE: Attributes = Object.freeze({
  'gen_ai.provider.name': 'openai',
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o-mini',
  'llmcost.pricing.status': 'priced',
});
const INPUT: Attributes = Object.freeze({ ...BASE, 'gen_ai.token.type': 'input' });
const OUTPUT: Attributes = Object.freeze({ ...BASE, 'gen_ai.token.type': 'output' });
// Equal to INPUT, another object (what a series-cache restart makes).
const INPUT_AGAIN: Attributes = Object.freeze({ ...INPUT });

type Point = { attributes: Attributes; value: unknown };

/** One app: a MeterProvider with the given readers' temporalities and views, one histogram. */
function app(temporalities: AggregationTemporality[], views: ViewOptions[] = []) {
  const exporters = temporalities.map((t) => new InMemoryMetricExporter(t));
  const readers: MetricReader[] = exporters.map(
    (exporter) => new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 }),
  );
  const provider = new MeterProvider({ readers, views });
  const histogram = provider.getMeter('t').createHistogram('gen_ai.client.token.usage', {
    advice: { explicitBucketBoundaries: [10, 100, 1000] },
  });
  /** Every reader's exported points so far, without timestamps. */
  const points = () =>
    exporters.map((e) =>
      e
        .getMetrics()
        .flatMap((rm) =>
          rm.scopeMetrics.flatMap((sm) => sm.metrics.flatMap((m) => [...m.dataPoints] as Point[])),
        )
        .map(({ attributes, value }) => ({ attributes, value })),
    );
  const collect = () => Promise.all(readers.map((r) => r.forceFlush()));
  return { provider, histogram, points, collect };
}

/** The same records, with collections between them, through SeriesHistogram and through the public API. */
async function both(temporalities: AggregationTemporality[], views: ViewOptions[] = []) {
  const ours = app(temporalities, views);
  const plain = app(temporalities, views);
  const series = new SeriesHistogram(ours.histogram);
  const steps: [number, Attributes][][] = [
    [
      [24, INPUT],
      [12, OUTPUT],
      [240, INPUT],
      [3, OUTPUT],
      [5000, INPUT],
    ],
    [[7, INPUT_AGAIN]], // after a collection, and an equal set in another object
    [],
    [
      [70, OUTPUT],
      [700, INPUT],
      [1, INPUT],
    ],
  ];
  for (const step of steps) {
    for (const [value, attributes] of step) {
      series.record(value, attributes);
      plain.histogram.record(value, attributes);
    }
    await Promise.all([ours.collect(), plain.collect()]);
  }
  const result = { ours: ours.points(), plain: plain.points(), direct: series.direct };
  await Promise.all([ours.provider.shutdown(), plain.provider.shutdown()]);
  return result;
}

describe('SeriesHistogram', () => {
  it('exports what the public record() exports, recording straight into the SDK accumulation once it knows the set', async () => {
    const r = await both([AggregationTemporality.CUMULATIVE]);
    expect(r.ours).toEqual(r.plain);
    expect(r.plain[0]?.length).toBeGreaterThan(0);
    // Of 11 records, the first of each set after each collection goes through the public path (7 of them).
    expect(r.direct).toBe(4);
  });

  it('records into every reader, cumulative and delta, as the public path does', async () => {
    const r = await both([AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA]);
    expect(r.ours).toEqual(r.plain);
    expect(r.direct).toBe(4);
  });

  it('keeps to the public path when a view rewrites the attributes', async () => {
    const views: ViewOptions[] = [
      {
        instrumentName: 'gen_ai.client.token.usage',
        attributesProcessors: [createAllowListAttributesProcessor(['gen_ai.token.type'])],
      },
    ];
    const r = await both([AggregationTemporality.CUMULATIVE], views);
    expect(r.ours).toEqual(r.plain);
    expect(r.direct).toBe(0);
  });

  it('keeps to the public path on a histogram that is not sdk-metrics', () => {
    const seen: [number, Attributes | undefined][] = [];
    const series = new SeriesHistogram({ record: (v, a) => seen.push([v, a]) });
    series.record(1, INPUT);
    series.record(2, INPUT);
    expect(seen).toEqual([
      [1, INPUT],
      [2, INPUT],
    ]);
    expect(series.direct).toBe(0);
  });
});
