import { ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  AggregationType,
  InMemoryMetricExporter,
  InstrumentType,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { LazyMetricExporter, LazySpanExporter } from './lazy-exporters.js';

const exportSpans = (exporter: LazySpanExporter, spans: ReadableSpan[]) =>
  new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(spans, resolve));

function oneSpan(): ReadableSpan {
  const span = new BasicTracerProvider().getTracer('t').startSpan('s');
  span.end();
  return span as unknown as ReadableSpan;
}

describe('LazySpanExporter', () => {
  it('creates the exporter on the first export only, once, and hands it the spans', async () => {
    const memory = new InMemorySpanExporter();
    let created = 0;
    const lazy = new LazySpanExporter(() => {
      created++;
      return memory;
    });
    await lazy.forceFlush();
    expect(created).toBe(0);

    expect((await exportSpans(lazy, [oneSpan()])).code).toBe(ExportResultCode.SUCCESS);
    await exportSpans(lazy, [oneSpan()]);
    expect(created).toBe(1);
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(['s', 's']);

    await lazy.shutdown();
    expect((await exportSpans(lazy, [oneSpan()])).code).toBe(ExportResultCode.FAILED);
  });

  it('shutdown without an export creates nothing', async () => {
    let created = 0;
    const lazy = new LazySpanExporter(() => {
      created++;
      return new InMemorySpanExporter();
    });
    await lazy.shutdown();
    expect(created).toBe(0);
  });

  it('an exporter that cannot be created fails the export, it does not throw', async () => {
    const lazy = new LazySpanExporter(() => {
      throw new Error('Cannot find module @opentelemetry/exporter-trace-otlp-proto');
    });
    const result = await exportSpans(lazy, [oneSpan()]);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/Cannot find module/);
  });
});

describe('LazyMetricExporter', () => {
  it('answers the aggregation without creating the exporter; temporality and export create it once', async () => {
    const memory = new InMemoryMetricExporter(AggregationTemporality.DELTA);
    let created = 0;
    const lazy = new LazyMetricExporter(() => {
      created++;
      return memory;
    });
    expect(lazy.selectAggregation(InstrumentType.HISTOGRAM)).toEqual({ type: AggregationType.DEFAULT });
    await lazy.forceFlush();
    expect(created).toBe(0);

    expect(lazy.selectAggregationTemporality(InstrumentType.COUNTER)).toBe(AggregationTemporality.DELTA);
    const metrics = { resource: {}, scopeMetrics: [] } as unknown as ResourceMetrics;
    const result = await new Promise<{ code: ExportResultCode }>((r) => lazy.export(metrics, r));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(memory.getMetrics()).toHaveLength(1);
    expect(created).toBe(1);
  });

  it('an exporter that cannot be created fails the export and keeps the default temporality', async () => {
    const lazy = new LazyMetricExporter(() => {
      throw new Error('no exporter');
    });
    expect(lazy.selectAggregationTemporality(InstrumentType.COUNTER)).toBe(AggregationTemporality.CUMULATIVE);
    const metrics = { resource: {}, scopeMetrics: [] } as unknown as ResourceMetrics;
    const result = await new Promise<{ code: ExportResultCode }>((r) => lazy.export(metrics, r));
    expect(result.code).toBe(ExportResultCode.FAILED);
  });
});
