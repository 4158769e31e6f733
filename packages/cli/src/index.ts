// Public surface of the package: re-exports only.
export {
  COST_TRANSFORM_PROCESSOR,
  costTransformStatements,
  generateCostTransform,
} from './collector-config.js';
export type { Io } from './io.js';
export { run } from './main.js';
export {
  type AggregationLimits,
  buildReportFromFiles,
  DEFAULT_LIMITS,
  type FileReportOptions,
  type ProgressListener,
  QUANTILE_RELATIVE_ACCURACY,
} from './report/files/index.js';
export {
  buildReportFromPrometheus,
  mergeReports,
  PrometheusClient,
  type PrometheusReportOptions,
} from './report/prometheus/index.js';
