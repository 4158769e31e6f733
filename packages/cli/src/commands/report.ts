import { writeFileSync } from 'node:fs';
import { oneOf, parseCommandArgs, positiveInt } from '../args.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { createProgress } from '../format/progress.js';
import { bytes as formatBytes, int } from '../format/units.js';
import type { Io } from '../io.js';
import { buildReportFromFiles } from '../report/files/index.js';
import { type CostReport, DIMENSIONS, type Dimension } from '../report/model.js';
import { resolvePeriod } from '../report/period.js';
import { applyPricingFile } from './pricing-overrides.js';

export const help = `Usage: llmcost report [FILES/GLOBS...] [--prometheus URL]
                      [--since ISO | --days N] [--until ISO] [--budget-month USD]
                      [--by feature,user,model,tier] [--top N]
                      [--format text|markdown|json|html] [--output FILE] [--pricing-file FILE] [--quiet]

A cost report for a time window: totals, projected month-end spend and budget use, cost by feature, user,
model and tier (calls, mean and p95 per call, mean tokens), efficiency (tokens, finish reasons, truncation,
cache hit rate and savings), hourly anomalies against a rolling 14-day baseline with the users and features
behind each, week-over-week trends, the date the monthly budget runs out, unpriced and estimated calls.

Sources (at least one):
  FILES/GLOBS        OTLP JSON span files as the collector's \`file\` exporter writes them (one export request
                     per line; .gz read as gzip). Quote globs: 'spans/*.jsonl*'. Read streaming: memory stays
                     bounded however large; a malformed line or span is skipped and reported with
                     file:line; a span read twice (same trace and span id) counts once.
  --prometheus URL   Prometheus base URL (e.g. http://localhost:9090; basic auth as https://user:pw@host) for
                     the aggregates. Prometheus has no per-call data: without files the report has no p95
                     and no users (unless the app put user_id on metrics). With both, aggregates come from
                     Prometheus (it counts every call) and per-call parts from the files (often sampled);
                     the report says which section came from where.

Options:
  --since ISO        window start, e.g. 2026-11-01 or 2026-11-01T09:00:00Z (UTC unless a zone is given)
  --days N           window of N days ending at --until (default 7 when --since is not given)
  --until ISO        window end (default now)
  --budget-month USD monthly budget: utilisation, projection against it, the date it runs out
  --pricing-file FILE
                     merge this price override file over the built-in table first: it prices spans that
                     carry tokens but no cost, and span costs more than 10x from it are counted at its price
  --by LIST          breakdowns, comma-separated, in this order (default feature,user,model,tier)
  --top N            rows per breakdown, the rest summed (default 10)
  --format F         text (default), markdown, json or html (one self-contained file with charts)
  -o, --output FILE  write the report to FILE instead of stdout
  -q, --quiet        no progress bar and no summary lines on stderr
  -h, --help         this help

A call belongs to the hour its span ENDED (when the cost was incurred). Anomalies: hours whose cost is more
than 3 standard deviations above the baseline of the same hour on the previous 14 days.

Exit codes: 0 report written (even with skipped lines), 1 input unreadable, no usable span in any line, or
Prometheus unreachable,
2 bad flags (unknown --by dimension, bad dates or --days, --until before --since, a window over 366 days,
bad budget).
`;

const FORMATS = ['text', 'markdown', 'json', 'html'] as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'report',
    argv,
    {
      prometheus: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      days: { type: 'string' },
      'budget-month': { type: 'string' },
      by: { type: 'string' },
      top: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'pricing-file': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    },
    Number.POSITIVE_INFINITY,
  );
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  const format = oneOf('report', 'format', values.format, FORMATS, 'text');
  const by = parseBy(values.by);
  const top = positiveInt('report', 'top', values.top) ?? 10;
  const budgetMonthUsd = parseBudget(values['budget-month']);
  const now = new Date();
  const { since, until } = resolvePeriod(values, now);
  const files = positionals;
  const url = values.prometheus;
  if (files.length === 0 && url === undefined) {
    throw new UsageError(
      'llmcost report: no source: pass OTLP JSON span files (or quoted globs) and/or --prometheus URL (see llmcost report --help)',
    );
  }
  applyPricingFile(values['pricing-file']);
  const quiet = values.quiet === true;
  const base = { since, until, budgetMonthUsd, top, now };

  let fileReport: CostReport | undefined;
  if (files.length > 0) {
    const progress = createProgress({ label: 'reading', unit: 'bytes', quiet, stream: process.stderr });
    try {
      fileReport = await buildReportFromFiles(files, { ...base, by: by.dimensions }, (p) =>
        progress.update(p.bytesRead, p.bytesTotal),
      );
    } finally {
      progress.finish();
    }
  }
  let report: CostReport;
  if (url !== undefined) {
    // Loaded only when asked for: a report from files does not pay for the Prometheus client's start-up.
    const { buildReportFromPrometheus, mergeReports, PrometheusClient } = await import(
      '../report/prometheus/index.js'
    );
    const client = new PrometheusClient(url);
    const promReport = await buildReportFromPrometheus(client, {
      ...base,
      by: by.dimensions,
      explicitBy: by.explicit,
    });
    report = fileReport ? mergeReports(promReport, fileReport) : promReport;
  } else {
    report = fileReport as CostReport;
  }

  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : (await import('../report/render/index.js')).renderReport(report, format);
  if (values.output !== undefined) {
    try {
      writeFileSync(values.output, text);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new CliError(
        `--output ${values.output}: cannot write the report (${code}); check the directory exists`,
      );
    }
  } else {
    io.out(text);
  }
  if (!quiet) io.err(summaryOf(report, values.output, Buffer.byteLength(text)));
  return EXIT_OK;
}

/** `--by feature,model`: known dimensions, each once, in the order given. */
function parseBy(raw: string | undefined): { dimensions: Dimension[]; explicit: boolean } {
  if (raw === undefined) return { dimensions: [...DIMENSIONS], explicit: false };
  const dimensions: Dimension[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    if (!(DIMENSIONS as readonly string[]).includes(part)) {
      throw new UsageError(
        `llmcost report: --by '${part === '' ? raw : part}' is not a dimension: use a comma-separated list of ${DIMENSIONS.join(', ')}`,
      );
    }
    if (!dimensions.includes(part as Dimension)) dimensions.push(part as Dimension);
  }
  return { dimensions, explicit: true };
}

function parseBudget(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const usd = Number(raw.trim().replace(/^\$/, ''));
  if (raw.trim() === '' || !Number.isFinite(usd) || usd <= 0) {
    throw new UsageError(
      `llmcost report: --budget-month '${raw}' must be a positive amount in USD, e.g. --budget-month 5000`,
    );
  }
  return usd;
}

/** The lines printed on stderr after the report: what was read, what was skipped (with file:line), where it went. */
function summaryOf(report: CostReport, output: string | undefined, bytes: number): string {
  const lines: string[] = [];
  const n = int;
  const f = report.sources.files;
  if (f) {
    const dropped = [
      `${n(f.outOfWindow)} outside the window`,
      `${n(f.duplicateSpans ?? 0)} duplicate${f.duplicateSpans === 1 ? '' : 's'} (same trace and span id) counted once`,
    ];
    if ((f.sameCallSpans ?? 0) > 0) dropped.push(`${n(f.sameCallSpans ?? 0)} second span(s) of a call`);
    lines.push(
      `read ${f.paths.length} file(s), ${formatBytes(f.bytes)}, ${n(f.lines)} lines: ` +
        `${n(f.llmSpans)} LLM spans (${dropped.join(', ')})`,
    );
  }
  const skipped = report.sources.skipped;
  const skippedSpans = skipped.spans ?? 0;
  if (skipped.lines > 0 || skippedSpans > 0) {
    const what = [
      skipped.lines > 0 ? `${n(skipped.lines)} line(s) that could not be used` : '',
      skippedSpans > 0 ? `${n(skippedSpans)} malformed span(s)` : '',
    ].filter(Boolean);
    lines.push(`skipped ${what.join(' and ')}:`);
    for (const e of skipped.examples) lines.push(`  ${e.file}:${e.line}: ${e.reason}`);
    const total = skipped.lines + skippedSpans;
    if (total > skipped.examples.length) lines.push(`  ... and ${n(total - skipped.examples.length)} more`);
  }
  if (output !== undefined) lines.push(`wrote ${output} (${formatBytes(bytes)})`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
