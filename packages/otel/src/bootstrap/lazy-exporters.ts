import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  type AggregationOption,
  AggregationTemporality,
  AggregationType,
  type InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

// The OTLP exporters are created, and their packages loaded, on the first export rather than at start-up:
// @opentelemetry/exporter-{trace,metrics,logs}-otlp-proto pull in otlp-exporter-base, otlp-transformer and protobufjs,
// which took longer to load than the rest of the register entry together (and +16 MiB). The first export happens
// after the batch delay or at shutdown (the `beforeExit` / SIGTERM flush, which is asynchronous), never on the
// start-up path. Nothing to export, nothing loaded: forceFlush and shutdown of an exporter never created are no-ops.

const failed = (error: unknown): ExportResult => ({
  code: ExportResultCode.FAILED,
  error: error instanceof Error ? error : new Error(String(error)),
});

export class LazySpanExporter implements SpanExporter {
  #exporter: SpanExporter | undefined;

  constructor(private readonly create: () => SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      this.#exporter ??= this.create();
    } catch (err) {
      resultCallback(failed(err));
      return;
    }
    this.#exporter.export(spans, resultCallback);
  }

  async shutdown(): Promise<void> {
    await this.#exporter?.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this.#exporter?.forceFlush?.();
  }
}

export class LazyMetricExporter implements PushMetricExporter {
  #exporter: PushMetricExporter | undefined;

  constructor(private readonly create: () => PushMetricExporter) {}

  #get(): PushMetricExporter {
    this.#exporter ??= this.create();
    return this.#exporter;
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    let exporter: PushMetricExporter;
    try {
      exporter = this.#get();
    } catch (err) {
      resultCallback(failed(err));
      return;
    }
    exporter.export(metrics, resultCallback);
  }

  // Asked when an instrument is created (at start-up, by the http instrumentation): answered without loading the
  // exporter. The OTLP metric exporters, given no `aggregationPreference` (we give none), answer DEFAULT for all.
  selectAggregation(_instrumentType: InstrumentType): AggregationOption {
    return { type: AggregationType.DEFAULT };
  }

  // Asked at collection, i.e. just before the first export: the exporter decides (it reads
  // OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE; cumulative by default).
  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    try {
      return this.#get().selectAggregationTemporality?.(instrumentType) ?? AggregationTemporality.CUMULATIVE;
    } catch {
      // The exporter cannot be created: `export` reports that, as a failed export.
      return AggregationTemporality.CUMULATIVE;
    }
  }

  async forceFlush(): Promise<void> {
    await this.#exporter?.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.#exporter?.shutdown();
  }
}

export class LazyLogRecordExporter implements LogRecordExporter {
  #exporter: LogRecordExporter | undefined;

  constructor(private readonly create: () => LogRecordExporter) {}

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    try {
      this.#exporter ??= this.create();
    } catch (err) {
      resultCallback(failed(err));
      return;
    }
    this.#exporter.export(records, resultCallback);
  }

  async shutdown(): Promise<void> {
    await this.#exporter?.shutdown();
  }

  async forceFlush(): Promise<void> {
    await this.#exporter?.forceFlush?.();
  }
}
