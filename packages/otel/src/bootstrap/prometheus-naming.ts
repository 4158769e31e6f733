import type { ExporterConfig } from '@opentelemetry/exporter-prometheus';
import {
  type CollectionResult,
  DataPointType,
  type MetricData,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';

import { lazyRequire } from './lazy-require.js';

type CollectionOptions = Parameters<MetricReader['collect']>[0];

// The OTel Collector's Prometheus translation appends the unit to the name (`_seconds`, `_USD`) and
// `_total` to monotonic sums; @opentelemetry/exporter-prometheus 0.223 appends only `_total` (see its
// PrometheusSerializer). Renaming here, on what this one reader collects, gives a direct scrape the same
// names as the collector path without the Views that would also rename what OTLP exports.
// https://github.com/open-telemetry/opentelemetry-collector-contrib/blob/main/pkg/translator/prometheus/README.md
const UNIT_WORDS: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  '%': 'percent',
};

/** The unit suffix the collector would add: annotations in braces vanish, `1` means ratio (gauges only). */
export function unitSuffix(unit: string, dataPointType: DataPointType): string {
  const main = unit.replace(/\{[^}]*\}/g, '').trim();
  if (main === '') return '';
  if (main === '1') return dataPointType === DataPointType.GAUGE ? 'ratio' : '';
  const [numerator = '', per] = main.split('/', 2);
  const word = (u: string) => (UNIT_WORDS[u] ?? u).replace(/[^a-zA-Z0-9]+/g, '_').replace(/^_|_$/g, '');
  const head = word(numerator);
  const tail = per !== undefined ? `per_${word(per)}` : '';
  return [head, tail].filter((p) => p !== '').join('_');
}

/** The Prometheus name the collector gives an OTel metric, without the `_total` the exporter adds. */
export function collectorStyleName(metric: MetricData): string {
  const base = metric.descriptor.name;
  const suffix = unitSuffix(metric.descriptor.unit, metric.dataPointType);
  const sanitized = base.replace(/[^a-zA-Z0-9_:]+/g, '_');
  if (suffix === '' || sanitized.endsWith(`_${suffix}`) || sanitized.endsWith(`_${suffix}_total`))
    return base;
  if (sanitized.endsWith('_total')) return `${base.slice(0, -'_total'.length)}_${suffix}_total`;
  return `${base}_${suffix}`;
}

/**
 * A Prometheus scrape endpoint (exporter-prometheus) whose metric names follow the collector's naming.
 * The exporter package is loaded only when asked for, so apps exporting OTLP do not pay for it.
 */
export function createCollectorNamingPrometheusExporter(config: ExporterConfig): MetricReader {
  const { PrometheusExporter } = lazyRequire<typeof import('@opentelemetry/exporter-prometheus')>(
    '@opentelemetry/exporter-prometheus',
  );
  class CollectorNamingPrometheusExporter extends PrometheusExporter {
    override async collect(options?: CollectionOptions): Promise<CollectionResult> {
      const result = await super.collect(options);
      const scopeMetrics = result.resourceMetrics.scopeMetrics.map((scope) => ({
        ...scope,
        metrics: scope.metrics.map(
          (metric) =>
            ({
              ...metric,
              descriptor: { ...metric.descriptor, name: collectorStyleName(metric) },
            }) as MetricData,
        ),
      }));
      return { ...result, resourceMetrics: { ...result.resourceMetrics, scopeMetrics } };
    }
  }
  return new CollectorNamingPrometheusExporter(config);
}
