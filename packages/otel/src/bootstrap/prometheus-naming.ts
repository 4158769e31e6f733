import type { ExporterConfig } from '@opentelemetry/exporter-prometheus';
import {
  type CollectionResult,
  DataPointType,
  type MetricData,
  type MetricReader,
} from '@opentelemetry/sdk-metrics';

import { oneLine } from '../config/errors.js';
import { lazyRequire } from './lazy-require.js';
import { noticeOnce } from './notices.js';

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
  const where = `${config.host ?? '0.0.0.0'}:${config.port}`;
  const exporter = new CollectorNamingPrometheusExporter(config, (err) => {
    if (err === undefined || err === null) return;
    const code = (err as NodeJS.ErrnoException).code ?? oneLine(String((err as Error).message ?? err));
    noticeOnce(
      'prometheus',
      `llmcost: cannot serve Prometheus metrics on ${where} (${code}); metrics are not exported; set OTEL_EXPORTER_PROMETHEUS_PORT to a free port`,
    );
  });
  mergeMetricFamilies(exporter);
  return exporter;
}

/**
 * One `# HELP` / `# TYPE` and one group of samples per metric name in the scrape. The exporter writes a block per
 * metric of each instrumentation scope, so two scopes recording the same metric (instrumentation-http and
 * -undici both record `http.client.request.duration`) gave two HELP lines for one name, which the exposition
 * format forbids (https://prometheus.io/docs/instrumenting/exposition_formats/#comments-help-text-and-type-information).
 * Their samples stay apart by their `otel_scope_name` label. Works on the exporter's serializer (a private field of
 * @opentelemetry/exporter-prometheus 0.223): left as is when that is not there.
 */
function mergeMetricFamilies(exporter: object): void {
  const serializer = (exporter as { _serializer?: { serialize?: (metrics: unknown) => string } })._serializer;
  const serialize = serializer?.serialize;
  if (serializer === undefined || typeof serialize !== 'function') return;
  serializer.serialize = (metrics: unknown) => mergeFamilies(serialize.call(serializer, metrics));
}

/** The exposition text with the blocks of one metric name joined under the first block's comments. */
export function mergeFamilies(text: string): string {
  const families = new Map<string, { head: string[]; samples: string[] }>();
  const order: string[] = [];
  let current: { head: string[]; samples: string[] } | undefined;
  const tail: string[] = [];
  for (const line of text.split('\n')) {
    const comment = /^# (HELP|UNIT|TYPE) (\S+)/.exec(line);
    if (comment) {
      const name = comment[2]!;
      let family = families.get(name);
      if (family === undefined) {
        family = { head: [], samples: [] };
        families.set(name, family);
        order.push(name);
      }
      if (!family.head.some((h) => h.startsWith(`# ${comment[1]} `))) family.head.push(line);
      current = family;
    } else if (line.trim() === '') {
    } else if (current) current.samples.push(line);
    else tail.push(line);
  }
  const blocks = order.map((name) => {
    const f = families.get(name)!;
    return [...f.head, ...f.samples].join('\n');
  });
  return `${[...tail, ...blocks].join('\n')}\n`;
}
