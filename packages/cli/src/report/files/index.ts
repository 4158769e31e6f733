/**
 * `llmcost report` from OTLP JSON span files (the collector `file` exporter's format: one
 * ExportTraceServiceRequest per line, plain or gzip). One streaming pass; memory is bounded by the report's
 * hours and the key caps below, not by the input:
 * - features, models, tiers: exact up to 1,000 distinct values each, then Space-Saving heavy hitters (rows
 *   marked `approximate`, figures upper bounds);
 * - users: exact up to 100,000 distinct ids, then Space-Saving (top spenders kept, figures upper bounds) with a
 *   HyperLogLog distinct count (about ±1%); a p95 per user while there are at most 10,000 users (a sketch each);
 * - p95 figures: DDSketch, within 1% of the true value (nearest-rank definition);
 * - anomaly contributors: the top users of each window hour from a per-hour Space-Saving of 32 users;
 * - repeats of a span (same trace id and span id) found within 2,097,152 LLM spans: 16 bytes per LLM span, at
 *   most 64 MB (call-dedupe.ts);
 * - one call seen as several spans (a GenAI span nested in another, or the same trace and
 *   `gen_ai.response.id`) is counted once, from llmcost's span when there is one (call-dedupe.ts).
 */
export { type AggregationLimits, DEFAULT_LIMITS } from './aggregate.js';
export { buildReportFromFiles, type FileReportOptions } from './build-report.js';
export { QUANTILE_RELATIVE_ACCURACY } from './key-stats.js';
export type { ProgressListener } from './read-files.js';
