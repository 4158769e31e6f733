export { buildReportFromPrometheus, PROMETHEUS_LIMITS, type PrometheusReportOptions } from './build.js';
export { PrometheusClient } from './client.js';
export { mergeReports } from './merge.js';
