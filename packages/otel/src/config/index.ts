export { ConfigError } from './errors.js';
export { resolveConfig } from './resolve.js';
export type {
  LlmcostConfig,
  LlmcostOptions,
  MetricsExporterName,
  OtlpProtocol,
  SummaryTarget,
  TracesExporterName,
} from './types.js';
