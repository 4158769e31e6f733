/**
 * `llmcost report` from OTLP JSON span files (the collector `file` exporter's format: one
 * ExportTraceServiceRequest per line, plain or gzip). One streaming pass; memory is bounded by the report's
 * hours and the key caps below, not by the input:
 * - features, models, tiers: exact up to 1,000 distinct values each, then Space-Saving heavy hitters (rows
 *   marked `approximate`, figures upper bounds);
 * - users: exact up to 100,000 distinct ids, then Space-Saving (top spenders kept, figures upper bounds) with a
 *   HyperLogLog distinct count (about ±1%); no per-user p95 (a sketch per user would cost kilobytes each);
 * - p95 figures: DDSketch, within 1% of the true value (nearest-rank definition);
 * - anomaly contributors: the top users of each window hour from a per-hour Space-Saving of 32 users;
 * - one call seen as two spans (an SDK's own span nested in llmcost's, same trace and `gen_ai.response.id`) is
 *   counted once, from llmcost's span.
 */
export { type AggregationLimits, DEFAULT_LIMITS } from './aggregate.js';
export { buildReportFromFiles, type FileReportOptions } from './build-report.js';
export { QUANTILE_RELATIVE_ACCURACY } from './key-stats.js';
export type { ProgressListener } from './read-files.js';
