import { pricing } from '../../cjs.js';
import { DAY_MS, utcMonthOf } from '../analytics/hours.js';
import type { ReportAggregator } from './aggregate.js';
import { QUANTILE_RELATIVE_ACCURACY } from './key-stats.js';
import type { ReadSummary } from './read-files.js';

const usd = (n: number) => `$${n.toFixed(2)}`;

/** What a reader of the report must know to trust its numbers: one sentence each, with the fix where there is one. */
export function warningsOf(
  agg: ReportAggregator,
  read: ReadSummary,
  opts: { budgetMonthUsd: number | null },
): string[] {
  const w: string[] = [];
  const t = agg.totals;
  const first = (s: { file: string; line: number; reason: string } | undefined) =>
    s ? ` (first: ${s.file}:${s.line}: ${s.reason})` : '';
  if (read.skippedLines > 0) {
    w.push(`${read.skippedLines} malformed line(s) skipped${first(read.firstSkippedLine)}`);
  }
  if (read.skippedSpans > 0) {
    w.push(
      `${read.skippedSpans} malformed span(s) skipped, the other spans of their lines read${first(read.firstSkippedSpan)}`,
    );
  }
  if (agg.duplicateSpans > 0) {
    w.push(
      `${agg.duplicateSpans} LLM span(s) were repeats of a span already read (same trace id and span id: collector ` +
        'retries, overlapping exports or a file given twice) and were counted once',
    );
  }
  if (agg.repeatWindowExceeded) {
    w.push(
      `more than ${agg.limits.repeatWindow} LLM spans: a repeat of a span further back than that may be counted twice`,
    );
  }
  if (agg.issues > 0) {
    w.push(
      `${agg.issues} call(s) carried a token count or cost that cannot be right (${agg.issueExamples.join('; ')}` +
        `${agg.issues > agg.issueExamples.length ? '; ...' : ''}); if your prices differ on purpose, pass the ` +
        'same price override file as the app: --pricing-file FILE',
    );
  }
  if (t.calls === 0) {
    w.push(
      `no LLM calls in the window ${new Date(agg.sinceMs).toISOString()} .. ${new Date(agg.untilMs).toISOString()}` +
        ` (${agg.outOfWindow} outside it); check --since/--until or --days`,
    );
  }
  if (t.unpricedCalls > 0) {
    w.push(
      `${t.unpricedCalls} call(s) unpriced (model not in the price table) are not in the totals; ` +
        'add the models to the price override file of the instrumented app (LLMCOST_PRICING_FILE)',
    );
  }
  if (t.pricedHere > 0) {
    w.push(
      `${t.pricedHere} call(s) from other instrumentations carried tokens but no cost and were priced by this ` +
        `report with price table ${pricing.getPricingVersion()}`,
    );
  }
  if (agg.sameCallSpans > 0) {
    w.push(
      `${agg.sameCallSpans} span(s) were a second span of a call already counted (a GenAI span nested in ` +
        "another, e.g. the Anthropic SDK's own span inside llmcost's, or the same trace and gen_ai.response.id) " +
        'and were not counted again',
    );
  }
  if (!agg.userSketches) {
    w.push(
      `more than ${agg.limits.maxUserSketches} distinct users: no p95 per user (a quantile sketch per user ` +
        'would not be bounded memory)',
    );
  }
  if (agg.pricingVersions.size > 1) {
    w.push(`spans were priced with several price tables (${[...agg.pricingVersions].sort().join(', ')})`);
  }
  if (agg.users.approximate) {
    w.push(
      `more than ${agg.limits.maxUsers} distinct users: user rows are heavy-hitter estimates (upper bounds) and ` +
        `the user count is estimated (about ±1%)`,
    );
  }
  for (const [name, keys] of [
    ['features', agg.features],
    ['models', agg.models],
    ['tiers', agg.tiers],
  ] as const) {
    if (keys.approximate)
      w.push(`more than ${keys.capacity} distinct ${name}: those rows are estimates (upper bounds)`);
  }
  const monthStartMs = utcMonthOf(agg.untilMs - 1).startMs;
  if (t.calls > 0 && agg.firstCallMs > monthStartMs + DAY_MS) {
    w.push(
      `the input's first call is on ${new Date(agg.firstCallMs).toISOString().slice(0, 10)}, after the month began: ` +
        'month-to-date spend and the projection count only from then; pass files that cover the whole month',
    );
  }
  if (opts.budgetMonthUsd !== null && opts.budgetMonthUsd <= 0) {
    w.push(
      `--budget-month ${usd(opts.budgetMonthUsd)} is not a positive amount; utilisation is not computed`,
    );
  }
  w.push(`p95 figures are DDSketch estimates within ${QUANTILE_RELATIVE_ACCURACY * 100}% of the true value`);
  return w;
}
