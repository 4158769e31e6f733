import { ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { LlmcostConfig, OtlpSignalConfig } from '../config/types.js';
import type { CollectorWatch } from './collector-watch.js';
import { LazySpanExporter } from './lazy-exporters.js';
import { lazyRequire } from './lazy-require.js';
import { optionalPeerInstalled } from './optional-peers.js';

type ExporterModule = { OTLPTraceExporter: new (config: object) => SpanExporter };

const OTLP_TRACE_MODULES = {
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
} as const;

/** The OTLP span exporter of the configured protocol, created (its package loaded) on the first export. */
export function createOtlpTraceExporter(otlp: OtlpSignalConfig, watch?: CollectorWatch): SpanExporter {
  return new LazySpanExporter(() => {
    const { OTLPTraceExporter } = lazyRequire<ExporterModule>(OTLP_TRACE_MODULES[otlp.protocol]);
    if (otlp.protocol === 'grpc') return new OTLPTraceExporter({ url: otlp.url });
    return new OTLPTraceExporter({ url: otlp.url, headers: { ...otlp.headers } });
  }, watch && { url: otlp.url, watch });
}

/** One exporter per name in OTEL_TRACES_EXPORTER; `none` gives none. */
export function createSpanExporters(
  config: LlmcostConfig,
  watch?: CollectorWatch,
): { exporter: SpanExporter; batch: boolean }[] {
  const out: { exporter: SpanExporter; batch: boolean }[] = [];
  for (const name of config.traces.exporters) {
    if (name === 'otlp' && otlpInstalled(config.traces.otlp)) {
      out.push({ exporter: createOtlpTraceExporter(config.traces.otlp, watch), batch: true });
    }
    if (name === 'console') out.push({ exporter: new ConsoleSpanExporter(), batch: false });
  }
  return out;
}

function otlpInstalled(otlp: OtlpSignalConfig): boolean {
  return (
    otlp.protocol !== 'grpc' ||
    optionalPeerInstalled(OTLP_TRACE_MODULES.grpc, 'OTLP over gRPC for traces', 'spans are not exported')
  );
}
