export { type Summary, SummaryAggregator, type SummaryCall, type SummaryRow, toFemto } from './aggregate.js';
export { formatSummary, formatUsd } from './format.js';
