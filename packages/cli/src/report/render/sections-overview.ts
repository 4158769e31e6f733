/** The first sections: window and sources, totals, projection and budget. */
import { bytes, duration, int, pct, usd, usdPerCall, utcTime } from '../../format/units.js';
import { DAY_MS } from '../analytics/hours.js';
import type { CostReport } from '../model.js';
import type { Block, Section } from './document.js';

export function headerSection(r: CostReport): Section {
  const blocks: Block[] = [];
  const ms = Date.parse(r.window.until) - Date.parse(r.window.since);
  const files = r.sources.files;
  const fields: Array<readonly [string, string]> = [
    ['Window', `${utcTime(r.window.since)} to ${utcTime(r.window.until)} (${duration(ms)})`],
    ['Generated', utcTime(r.generatedAt)],
    [
      'Span files',
      files === null
        ? 'none'
        : `${int(files.paths.length)} ${files.paths.length === 1 ? 'file' : 'files'}, ${bytes(files.bytes)}, ` +
          `${int(files.lines)} lines: ${int(files.llmSpans)} LLM spans (${int(files.outOfWindow)} outside the ` +
          `window), ${int(files.spans)} spans in the window`,
    ],
    ['Prometheus', r.sources.prometheus === null ? 'none' : r.sources.prometheus.url],
    [
      'Skipped lines',
      r.sources.skipped.lines === 0
        ? '0'
        : `${int(r.sources.skipped.lines)} (could not be read; ${r.sources.skipped.examples.length === 0 ? 'no examples kept' : 'first ones below'})`,
    ],
  ];
  const skippedSpans = r.sources.skipped.spans ?? 0;
  if (skippedSpans > 0) {
    fields.push([
      'Skipped spans',
      `${int(skippedSpans)} malformed (the rest of their lines was read; first ones below)`,
    ]);
  }
  if (files !== null && files.duplicateSpans !== undefined) {
    // Said even when 0: a reader comparing with another tool's count wants to know repeats were looked for.
    fields.push([
      'Duplicate spans',
      `${int(files.duplicateSpans)} (the same trace id and span id read again, counted once)`,
    ]);
  }
  if (files !== null && (files.sameCallSpans ?? 0) > 0) {
    fields.push([
      'Second spans of a call',
      `${int(files.sameCallSpans ?? 0)} (a GenAI span nested in another for the same call, or the same ` +
        'response id: counted once)',
    ]);
  }
  blocks.push({ kind: 'fields', fields });
  if (files !== null && files.paths.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [{ header: 'file read' }],
      rows: files.paths.map((p) => [p]),
      htmlCollapsed: `${int(files.paths.length)} ${files.paths.length === 1 ? 'file' : 'files'} read`,
    });
  }
  if (r.sources.skipped.examples.length > 0) {
    blocks.push({
      kind: 'list',
      items: r.sources.skipped.examples.map((s) => `${s.file}:${s.line}: ${s.reason}`),
    });
  }
  return { id: 'window', title: 'Window and sources', blocks };
}

export function totalsSection(r: CostReport): Section {
  const t = r.totals;
  const blocks: Block[] = [];
  if (t.calls === 0) blocks.push({ kind: 'text', text: 'No LLM calls in this window.' });
  const costed = t.pricedCalls + t.estimatedCalls;
  blocks.push({
    kind: 'fields',
    fields: [
      ['Cost', `${usd(t.costUsd)} (priced and estimated calls; unpriced calls are not included)`],
      [
        'Calls',
        `${int(t.calls)} (${int(t.pricedCalls)} priced, ${int(t.estimatedCalls)} estimated, ` +
          `${int(t.unpricedCalls)} unpriced, ${int(t.errorCalls)} with errors)`,
      ],
      ['Mean cost per call', costed > 0 ? usdPerCall(t.costUsd / costed) : 'n/a (no priced calls)'],
      ['Input tokens', int(t.inputTokens)],
      ['Output tokens', int(t.outputTokens)],
      [
        'Cache-read input tokens',
        t.inputTokens > 0
          ? `${int(t.cacheReadTokens)} (${pct(t.cacheReadTokens / t.inputTokens)} of input)`
          : int(t.cacheReadTokens),
      ],
    ],
  });
  return { id: 'totals', title: 'Totals', blocks };
}

export function projectionSection(r: CostReport): Section {
  const p = r.projection;
  const windowMs = Date.parse(r.window.until) - Date.parse(r.window.since);
  const fields: Array<readonly [string, string]> = [
    ['Month', p.month],
    ['Month to date', usd(p.monthToDateUsd)],
    [
      'Daily rate',
      `${usd(p.dailyRateUsd)} per day (mean of the ${windowMs >= 7 * DAY_MS ? 'last 7 days' : 'window'})`,
    ],
    ['Projected month', usd(p.projectedMonthUsd)],
    [
      'Monthly budget',
      p.budgetMonthUsd === null ? 'none set (use --budget-month USD)' : usd(p.budgetMonthUsd),
    ],
  ];
  if (p.utilisation !== null) {
    fields.push([
      'Budget utilisation',
      `${pct(p.utilisation.monthToDate)} used so far, ${pct(p.utilisation.projected)} projected`,
    ]);
  }
  const blocks: Block[] = [{ kind: 'fields', fields }];
  if (p.utilisation !== null && p.utilisation.projected > 1) {
    blocks.push({ kind: 'text', text: 'At the current daily rate the month ends over budget.' });
  }
  return { id: 'projection', title: 'Projection and budget', blocks };
}
