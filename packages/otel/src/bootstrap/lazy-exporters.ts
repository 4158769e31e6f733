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
import type { CollectorWatch } from './collector-watch.js';

// The OTLP exporters are created, and their packages loaded, on the first export rather than at start-up:
// @opentelemetry/exporter-{trace,metrics,logs}-otlp-proto pull in otlp-exporter-base, otlp-transformer and protobufjs,
// which took longer to load than the rest of the register entry together (and +16 MiB). The first export happens
// after the batch delay or at shutdown (the `beforeExit` / SIGTERM flush, which is asynchronous), never on the
// start-up path. Nothing to export, nothing loaded: forceFlush and shutdown of an exporter never created are no-ops.

const failed = (error: unknown): ExportResult => ({
  code: ExportResultCode.FAILED,
  error: error instanceof Error ? error : new Error(String(error)),
});

/** Where an exporter sends, and who hears of its failures (collector-watch.ts). */
export interface ExportTarget {
  url: string;
  watch: CollectorWatch;
}

/** Fails at once for a collector found absent; tells the watch of a failed export. */
function watched(
  target: ExportTarget | undefined,
  signal: 'spans' | 'metrics',
  send: (done: (result: ExportResult) => void) => void,
  resultCallback: (result: ExportResult) => void,
): void {
  if (target === undefined) {
    send(resultCallback);
    return;
  }
  if (target.watch.knownUnreachable(target.url)) {
    resultCallback(failed(new Error(`no collector at ${target.url}`)));
    return;
  }
  send((result) => {
    if (result.code !== ExportResultCode.SUCCESS) target.watch.exportFailed(signal, target.url, result.error);
    resultCallback(result);
  });
}

export class LazySpanExporter implements SpanExporter {
  #exporter: SpanExporter | undefined;

  constructor(
    private readonly create: () => SpanExporter,
    private readonly target?: ExportTarget,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let exporter: SpanExporter;
    try {
      this.#exporter ??= this.create();
      exporter = this.#exporter;
    } catch (err) {
      resultCallback(failed(err));
      return;
    }
    watched(this.target, 'spans', (done) => exporter.export(spans, done), resultCallback);
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

  constructor(
    private readonly create: () => PushMetricExporter,
    private readonly target?: ExportTarget,
  ) {}

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
    watched(this.target, 'metrics', (done) => exporter.export(metrics, done), resultCallback);
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
