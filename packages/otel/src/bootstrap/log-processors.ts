import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  type LogRecordExporter,
  type LogRecordProcessor,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { LlmcostConfig, OtlpSignalConfig } from '../config/types.js';
import { LazyLogRecordExporter } from './lazy-exporters.js';
import { lazyRequire } from './lazy-require.js';
import { optionalPeerInstalled } from './optional-peers.js';

// Log records are the budget guard's alerts (@llmcost/budget: `llmcost.user.spend_alert`,
// `llmcost.budget.threshold`), the OpenTelemetry way to emit events; without a logger provider they were dropped.

type ExporterModule = { OTLPLogExporter: new (config: object) => LogRecordExporter };

const OTLP_LOG_MODULES = {
  'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto',
  'http/json': '@opentelemetry/exporter-logs-otlp-http',
  grpc: '@opentelemetry/exporter-logs-otlp-grpc',
} as const;

function createOtlpLogExporter(otlp: OtlpSignalConfig): LogRecordExporter {
  // Created, its package loaded, on the first export (lazy-exporters.ts): an app whose budget never alerts loads none.
  return new LazyLogRecordExporter(() => {
    const { OTLPLogExporter } = lazyRequire<ExporterModule>(OTLP_LOG_MODULES[otlp.protocol]);
    if (otlp.protocol === 'grpc') return new OTLPLogExporter({ url: otlp.url });
    return new OTLPLogExporter({ url: otlp.url, headers: { ...otlp.headers } });
  });
}

/** One processor per name in OTEL_LOGS_EXPORTER; `none` gives none. */
export function createLogRecordProcessors(config: LlmcostConfig): LogRecordProcessor[] {
  const out: LogRecordProcessor[] = [];
  for (const name of config.logs.exporters) {
    const { otlp } = config.logs;
    if (
      name === 'otlp' &&
      (otlp.protocol !== 'grpc' ||
        optionalPeerInstalled(
          OTLP_LOG_MODULES.grpc,
          'OTLP over gRPC for logs',
          'log records are not exported',
        ))
    ) {
      out.push(new BatchLogRecordProcessor({ exporter: createOtlpLogExporter(otlp) }));
    }
    if (name === 'console')
      out.push(new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() }));
  }
  return out;
}
