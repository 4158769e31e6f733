import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { LlmcostInstrumentation } from '../instrumentation-base.js';

/** A MetricReader the test collects on demand (cumulative: every collect sees the totals so far). */
export class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface MetricPoint {
  name: string;
  unit: string;
  scope: string;
  attributes: Attributes;
  value: number | Histogram;
}

/** In-memory traces and metrics wired into one or more instrumentations (no globals touched). */
export function telemetryFor(...instrumentations: LlmcostInstrumentation[]) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  for (const instrumentation of instrumentations) {
    instrumentation.setTracerProvider(tracerProvider);
    instrumentation.setMeterProvider(meterProvider);
  }

  return {
    exporter,
    spans(): ReadableSpan[] {
      return exporter.getFinishedSpans();
    },
    /** The one span finished since the last reset (fails loudly when there are more or none). */
    onlySpan(): ReadableSpan {
      const spans = exporter.getFinishedSpans();
      if (spans.length !== 1)
        throw new Error(`expected exactly one span, got ${spans.length}: ${spans.map((s) => s.name)}`);
      return spans[0]!;
    },
    reset(): void {
      exporter.reset();
    },
    async points(name?: string): Promise<MetricPoint[]> {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw errors[0];
      return flatten(resourceMetrics).filter((p) => name === undefined || p.name === name);
    },
    async shutdown(): Promise<void> {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

export function flatten(rm: ResourceMetrics): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const scope of rm.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const dp of metric.dataPoints as DataPoint<number | Histogram>[]) {
        out.push({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          scope: scope.scope.name,
          attributes: dp.attributes,
          value: dp.value,
        });
      }
    }
  }
  return out;
}

/** Points whose attributes include every given key/value. */
export function matching(points: MetricPoint[], attrs: Attributes): MetricPoint[] {
  return points.filter((p) => Object.entries(attrs).every(([k, v]) => p.attributes[k] === v));
}
