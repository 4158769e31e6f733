// Public surface of the package: re-exports only.
export {
  type LlmcostEmbeddingModelMiddleware,
  type LlmcostLanguageModelMiddleware,
  llmcostEmbeddingMiddleware,
  llmcostMiddleware,
} from './ai-sdk/index.js';
/** @internal What `@llmcost/otel/register` runs once the configuration is read (dist/register.*); not API. */
export { startFromEnvConfig as _startFromEnvConfig } from './bootstrap/from-env.js';
export { type LlmcostHandle, shutdown, startLlmcost } from './bootstrap/start.js';
export { ConfigError } from './config/errors.js';
export type {
  LlmcostOptions,
  LogsExporterName,
  MetricsExporterName,
  OtlpProtocol,
  SummaryTarget,
  TracesExporterName,
} from './config/types.js';
export { getLlmContext, type LlmContext, withLlmContext } from './context.js';
export { CostSpanProcessor, type CostSpanProcessorOptions } from './cost-span-processor/index.js';
export {
  AttributionBaggagePropagator,
  type AttributionBaggagePropagatorOptions,
} from './privacy/attribution-propagator.js';
export { UrlRedactionSpanProcessor } from './privacy/url-redaction-processor.js';
// The SDK instrumentations, one of each (`llmcostInstrumentations`) and each class.
export * from './providers.js';
export { type CallRecord, onCallRecorded } from './recorder/call-record.js';
export type { LlmcostInstrumentationConfig } from './types.js';
