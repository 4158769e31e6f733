export { type AggregationLimits, DEFAULT_LIMITS } from './aggregate.js';
export { buildReportFromFiles, type FileReportOptions } from './build-report.js';
export { QUANTILE_RELATIVE_ACCURACY } from './key-stats.js';
export type { ProgressListener } from './read-files.js';
