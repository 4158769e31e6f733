import {
  ConsoleMetricExporter,
  type MetricReader,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { LlmcostConfig, OtlpSignalConfig } from '../config/types.js';
import type { CollectorWatch } from './collector-watch.js';
import { LazyMetricExporter } from './lazy-exporters.js';
import { lazyRequire } from './lazy-require.js';
import { optionalPeerInstalled } from './optional-peers.js';
import { createCollectorNamingPrometheusExporter } from './prometheus-naming.js';

type ExporterModule = { OTLPMetricExporter: new (config: object) => PushMetricExporter };

const OTLP_METRIC_MODULES = {
  'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto',
  'http/json': '@opentelemetry/exporter-metrics-otlp-http',
  grpc: '@opentelemetry/exporter-metrics-otlp-grpc',
} as const;

function createOtlpMetricExporter(otlp: OtlpSignalConfig): PushMetricExporter {
  const { OTLPMetricExporter } = lazyRequire<ExporterModule>(OTLP_METRIC_MODULES[otlp.protocol]);
  // Cumulative temporality (the exporters' default): what Prometheus, behind the collector, expects.
  if (otlp.protocol === 'grpc') return new OTLPMetricExporter({ url: otlp.url });
  return new OTLPMetricExporter({ url: otlp.url, headers: { ...otlp.headers } });
}

/** One reader per name in OTEL_METRICS_EXPORTER; `none` gives none. */
export function createMetricReaders(config: LlmcostConfig, watch?: CollectorWatch): MetricReader[] {
  const m = config.metrics;
  const periodic = (exporter: PushMetricExporter) =>
    new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: m.exportIntervalMillis,
      exportTimeoutMillis: Math.min(30_000, m.exportIntervalMillis),
    });
  const readers: MetricReader[] = [];
  for (const name of m.exporters) {
    // Created, its package loaded, on the first export (lazy-exporters.ts).
    if (
      name === 'otlp' &&
      (m.otlp.protocol !== 'grpc' ||
        optionalPeerInstalled(
          OTLP_METRIC_MODULES.grpc,
          'OTLP over gRPC for metrics',
          'metrics are not exported',
        ))
    ) {
      const target = watch && { url: m.otlp.url, watch };
      readers.push(periodic(new LazyMetricExporter(() => createOtlpMetricExporter(m.otlp), target)));
    }
    if (name === 'console') readers.push(periodic(new ConsoleMetricExporter()));
    if (
      name === 'prometheus' &&
      optionalPeerInstalled(
        '@opentelemetry/exporter-prometheus',
        'OTEL_METRICS_EXPORTER=prometheus',
        'no scrape endpoint is started',
      )
    ) {
      readers.push(
        createCollectorNamingPrometheusExporter({ port: m.prometheusPort, host: m.prometheusHost }),
      );
    }
  }
  return readers;
}
