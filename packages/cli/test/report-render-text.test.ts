import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/format/table.js';
import { renderReport } from '../src/report/render/index.js';
import {
  CJK_FEATURE,
  EMOJI_FEATURE,
  emptyReport,
  INJECTION_FEATURE,
  INJECTION_USER,
  LONG_FEATURE,
  prometheusReport,
  sampleReport,
} from './render-helpers/sample-report.js';
import { headingPositions, SAMPLE_TITLES, sectionOf, textCells } from './render-helpers/text-sections.js';

const text = renderReport(sampleReport(), 'text');
const lines = (s: string) => s.split('\n');
/** The table line whose first cell is `key` (keys are unique in a table). */
const rowOf = (section: string, key: string) => {
  const found = lines(section).filter((l) => textCells(l)[0] === key);
  expect(found, `one row for ${key} in:\n${section}`).toHaveLength(1);
  return textCells(found[0]!);
};

describe('text report', () => {
  it('prints every section once, in the report order', () => {
    const at = headingPositions(text, SAMPLE_TITLES, 'text');
    expect(at.every((p) => p >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text.startsWith('llmcost report\n2026-11-01 00:00 UTC to 2026-11-15 00:00 UTC\n')).toBe(true);
  });

  it('prints the breakdowns in the order of --by', () => {
    const r = sampleReport();
    r.breakdowns.reverse();
    const at = headingPositions(
      renderReport(r, 'text'),
      ['Cost by tier', 'Cost by model', 'Top users', 'Cost by feature'],
      'text',
    );
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('header: window, sources and the first skipped lines with file and line number', () => {
    const s = sectionOf(text, 'Window and sources');
    expect(s).toContain('Window         2026-11-01 00:00 UTC to 2026-11-15 00:00 UTC (14 days)');
    expect(s).toContain(
      'Span files     2 files, 123.5 MB, 45,678 lines: 987,654 LLM spans (1,234 outside the window), 1,000,000 spans in the window',
    );
    expect(s).toContain('Prometheus     none');
    expect(s).toContain('Skipped lines  3 (could not be read; first ones below)');
    expect(s).toContain('- /data/otlp/2026-11-08.jsonl:17: invalid JSON: Unexpected token } at 42');
    expect(s).toContain('- /data/otlp/2026-11-08.jsonl:99: not an OTLP export request (no resourceSpans)');
  });

  it('totals and projection: every number formatted', () => {
    const t = sectionOf(text, 'Totals');
    expect(t).toContain('Cost                     $1,234.57 (priced and estimated calls');
    expect(t).toContain(
      'Calls                    123,456 (120,000 priced, 3,000 estimated, 456 unpriced, 78 with errors)',
    );
    // 1234.5678 / (120,000 + 3,000) = 0.010037...
    expect(t).toContain('Mean cost per call       $0.0100\n');
    expect(t).toContain('Input tokens             98,765,432\n');
    expect(t).toContain('Output tokens            12,345,678\n');
    expect(t).toContain('Cache-read input tokens  24,691,358 (25.0% of input)\n');

    const p = sectionOf(text, 'Projection and budget');
    expect(p).toContain('Month               2026-11\n');
    expect(p).toContain('Month to date       $1,234.57\n');
    expect(p).toContain('Daily rate          $88.18 per day');
    expect(p).toContain('Projected month     $2,821.07\n');
    expect(p).toContain('Monthly budget      $2,500.00\n');
    expect(p).toContain('Budget utilisation  49.4% used so far, 112.8% projected\n');
    expect(p).toContain('the month ends over budget');
  });

  it('breakdowns: every row with every number in column order, the rest as one row', () => {
    const f = sectionOf(text, 'Cost by feature');
    expect(textCells(lines(f).find((l) => l.includes('feature'))!)).toEqual([
      'feature',
      'cost',
      'share',
      'calls',
      'mean/call',
      'p95/call',
      'mean in tok',
      'mean out tok',
    ]);
    expect(rowOf(f, 'chat')).toEqual([
      'chat',
      '$800.25',
      '64.8%',
      '80,000',
      '$0.0100',
      '$0.0250',
      '1,234',
      '322',
    ]);
    expect(rowOf(f, CJK_FEATURE)).toEqual([
      CJK_FEATURE,
      '$200.50',
      '16.2%',
      '20,000',
      '$0.0100',
      '$0.0251',
      '1,234',
      '322',
    ]);
    expect(rowOf(f, EMOJI_FEATURE)).toEqual([
      EMOJI_FEATURE,
      '$25.00',
      '2.0%',
      '2,500',
      '$0.0100',
      '$0.0250',
      '1,234',
      '322',
    ]);
    expect(rowOf(f, '(none)')).toEqual([
      '(none)',
      '$0.00432',
      '0.0%',
      '3',
      '$0.00144',
      '$0.00360',
      '1,234',
      '322',
    ]);
    expect(rowOf(f, '(3 more)')).toEqual(['(3 more)', '$12.34', '1.0%', '56']);

    const u = sectionOf(text, 'Top users');
    expect(rowOf(u, 'user-42')).toEqual([
      'user-42',
      '$500.00',
      '40.5%',
      '1,000',
      '$0.5000',
      '$1.25',
      '1,234',
      '322',
    ]);
    expect(rowOf(u, 'ユーザー')).toEqual([
      'ユーザー',
      '$99.99',
      '8.1%',
      '100',
      '$0.9999',
      '$2.50',
      '1,234',
      '322',
    ]);
    expect(rowOf(u, '(1,200 more)')).toEqual(['(1,200 more)', '$373.83', '30.3%', '119,856']);
    expect(u).toContain('Approximate: more user keys than can be tracked exactly');

    const m = sectionOf(text, 'Cost by model');
    expect(rowOf(m, 'gpt-4o')).toEqual([
      'gpt-4o',
      '$1,000.00',
      '81.0%',
      '60,000',
      '$0.0167',
      '$0.0417',
      '1,234',
      '322',
    ]);
    expect(rowOf(m, 'claude-sonnet-4-5')).toEqual([
      'claude-sonnet-4-5',
      '$234.57',
      '19.0%',
      '60,000',
      '$0.00391',
      'n/a',
      '1,234',
      '322',
    ]);
    // No price for any call: not a $0.00 cost.
    expect(rowOf(m, 'my-finetune')).toEqual([
      'my-finetune',
      'unpriced',
      '-',
      '456',
      '-',
      '-',
      '1,234',
      '322',
    ]);
    expect(m).toContain('n/a: not available from this source.');
  });

  it('aligns columns by terminal width with CJK and emoji names', () => {
    const table = lines(sectionOf(text, 'Cost by feature')).filter((l) => textCells(l).length === 8);
    expect(table.length).toBe(8); // header, rule and 6 rows
    // The last column is right-aligned: every full row ends at the same terminal column as the rule.
    expect(new Set(table.map(displayWidth)).size).toBe(1);
    expect(table.some((l) => l.includes(CJK_FEATURE))).toBe(true);
    expect(table.some((l) => l.includes(EMOJI_FEATURE))).toBe(true);
  });

  it('cuts long names to 40 terminal columns with an ellipsis', () => {
    const f = sectionOf(text, 'Cost by feature');
    expect(f).not.toContain(LONG_FEATURE);
    const cut = `${LONG_FEATURE.slice(0, 39)}…`;
    expect(rowOf(f, cut)[1]).toBe('$50.13');
    expect(displayWidth(cut)).toBe(40);
  });

  it('efficiency: token quantiles, ratio, truncation, cache and finish reasons', () => {
    const e = sectionOf(text, 'Efficiency');
    expect(e).toContain('Input tokens per call   mean 800, p95 2,900\n');
    expect(e).toContain('Output tokens per call  mean 101, p95 640\n');
    expect(e).toContain('Output/input ratio      0.13 (1 output token per 8 input tokens)\n');
    expect(e).toContain('Truncation rate         9.7% of calls');
    expect(e).toContain('Cache hit rate          25.0% of input tokens');
    expect(e).toContain('Cache savings           $45.68 saved');
    expect(rowOf(e, 'stop')).toEqual(['stop', '110,000', '89.1%']);
    expect(rowOf(e, 'length')).toEqual(['length', '12,000', '9.7%']);
    expect(rowOf(e, 'tool_calls')).toEqual(['tool_calls', '1,456', '1.2%']);
  });

  it('hourly: cost per day is the sum of its hours, anomalies with their top users and features', () => {
    const r = sampleReport();
    const s = sectionOf(text, 'Hourly cost and anomalies');
    // Independent of the renderer: sum the hours per UTC day here.
    const days = new Map<string, { cost: number; calls: number; anomalies: number }>();
    for (const h of r.hourly) {
      const d = days.get(h.hour.slice(0, 10)) ?? { cost: 0, calls: 0, anomalies: 0 };
      days.set(h.hour.slice(0, 10), {
        cost: d.cost + h.costUsd,
        calls: d.calls + h.calls,
        anomalies: d.anomalies + (h.anomaly ? 1 : 0),
      });
    }
    expect(days.size).toBe(14);
    for (const [day, d] of days) {
      expect(rowOf(s, day)).toEqual([day, `$${d.cost.toFixed(2)}`, String(d.calls), String(d.anomalies)]);
    }
    expect(rowOf(s, '2026-11-09')).toEqual(['2026-11-09', '$66.50', '665', '1']);

    expect(rowOf(s, '2026-11-09 08:00 UTC')).toEqual([
      '2026-11-09 08:00 UTC',
      '$25.50',
      '$1.75',
      '$0.97',
      '24.6',
    ]);
    expect(rowOf(s, '2026-11-11 20:00 UTC')).toEqual([
      '2026-11-11 20:00 UTC',
      '$40.25',
      '$1.75',
      '$0.97',
      '39.7',
    ]);
    expect(s).toContain('2026-11-09 08:00 UTC: $25.50, z-score 24.6\n');
    expect(s).toContain(`Top features  chat $22.50, ${CJK_FEATURE} $2.00\n`);
    expect(s).toContain(`Top users     user-42 $20.13, ${INJECTION_USER} $3.00\n`);
    // The second anomaly has no user data.
    expect(s).toContain('Top users     not available from this source\n');
    // One line per hour would flood a terminal: that table is only in the HTML.
    expect(s).not.toContain('2026-11-09 07:00 UTC');
  });

  it('trends: week-over-week per feature, total growth, budget run-out date', () => {
    const t = sectionOf(text, 'Trends');
    expect(t).toContain('Total spend, last 7 days vs the 7 before  +15.3%\n');
    expect(t).toContain(
      'Budget runs out                           2026-11-27 ($2,500.00 budget, +15.3% week-over-week growth)',
    );
    expect(rowOf(t, 'chat')).toEqual(['chat', '$450.50', '$349.75', '+28.8%']);
    expect(rowOf(t, CJK_FEATURE)).toEqual([CJK_FEATURE, '$80.00', '$120.50', '-33.6%']);
    expect(rowOf(t, 'brand-new')).toEqual(['brand-new', '$5.00', '$0.00', 'new']);
    expect(rowOf(t, 'idle')).toEqual(['idle', '$0.00', '$0.00', '-']);
  });

  it('pricing quality and warnings', () => {
    const p = sectionOf(text, 'Pricing quality');
    expect(p).toContain('Estimated calls  3,000 (priced from locally counted tokens)');
    expect(p).toContain('Unpriced calls   456 (no known price: not in the cost totals)');
    expect(p).toContain('Pricing table    2026-11-01');
    expect(rowOf(p, 'my-finetune')).toEqual(['my-finetune', '450']);
    expect(rowOf(p, 'mystery|model')).toEqual(['mystery|model', '6']);
    const w = sectionOf(text, 'Warnings');
    expect(w).toContain('- Prometheus was not queried: no --prometheus URL given\n');
  });

  it('names and warnings cannot send control sequences to the terminal', () => {
    // The sample's warning carries a newline and ESC [31m (red): it stays on one line, ESC replaced.
    expect(text).not.toMatch(/(?!\n)\p{Cc}/u);
    expect(text).toContain('- a warning with a newline and an escape \uFFFD[31mred\uFFFD[0m sequence\n');
    expect(text).toContain(INJECTION_FEATURE);
  });
});

describe('text report: what the source cannot provide is said, never printed as zero', () => {
  const t = renderReport(prometheusReport(), 'text');

  it('sources and budget', () => {
    expect(sectionOf(t, 'Window and sources')).toContain('Span files     none\n');
    expect(sectionOf(t, 'Window and sources')).toContain('Prometheus     http://127.0.0.1:9090\n');
    const p = sectionOf(t, 'Projection and budget');
    expect(p).toContain('Monthly budget   none set (use --budget-month USD)');
    expect(p).not.toContain('utilisation');
    expect(sectionOf(t, 'Trends')).toContain('no monthly budget set (use --budget-month USD)');
  });

  it('missing per-call columns are dropped and named; missing users and efficiency say so', () => {
    const f = sectionOf(t, 'Cost by feature');
    expect(rowOf(f, 'chat')).toEqual(['chat', '$800.25', '64.8%', '80,000', '$0.0100']);
    expect(f).toContain('p95/call, mean in tok, mean out tok: not available from this source.');
    expect(sectionOf(t, 'Top users').trim()).toBe('By user: not available from this source.');
    const e = sectionOf(t, 'Efficiency');
    expect(e.trim()).toBe('Efficiency: not available from this source.');
    expect(e).not.toMatch(/\d/);
    const a = sectionOf(t, 'Hourly cost and anomalies');
    expect(a.match(/Top users {5}not available from this source/g)).toHaveLength(2);
    // No tier breakdown was asked for.
    expect(t).not.toContain('Cost by tier');
  });
});

describe('text report: a window without calls', () => {
  const t = renderReport(emptyReport(), 'text');

  it('prints true zeros and says what cannot be computed', () => {
    expect(sectionOf(t, 'Window and sources')).toContain('(24 hours)');
    const totals = sectionOf(t, 'Totals');
    expect(totals).toContain('No LLM calls in this window.');
    expect(totals).toContain('Cost                     $0.00 ');
    expect(totals).toContain('Mean cost per call       n/a (no priced calls)');
    for (const title of ['Cost by feature', 'Top users', 'Cost by model']) {
      expect(sectionOf(t, title).trim()).toBe('No calls in this window.');
    }
    const e = sectionOf(t, 'Efficiency');
    expect(e.match(/n\/a \(no calls\)/g)).toHaveLength(5);
    expect(e).toContain('No finish reasons recorded.');
    const a = sectionOf(t, 'Hourly cost and anomalies');
    expect(rowOf(a, '2026-11-14')).toEqual(['2026-11-14', '$0.00', '0', '0']);
    expect(a).toContain('None: no hour had enough history for a baseline yet.');
    const tr = sectionOf(t, 'Trends');
    expect(tr).toContain('not available (needs spend in the earlier week)');
    expect(tr).toContain('not this month ($100.00 budget, +0.0% week-over-week growth)');
    expect(tr).toContain('No feature spend in the last two weeks.');
    expect(sectionOf(t, 'Warnings').trim()).toBe('None.');
  });

  it('an hourly series that is empty is not available, not zero', () => {
    const r = emptyReport();
    r.hourly = [];
    const a = sectionOf(renderReport(r, 'text'), 'Hourly cost and anomalies');
    expect(a).toContain('Hourly cost: not available from this source.');
    expect(a).not.toContain('$0.00');
  });

  it('a degenerate baseline (infinite z-score) prints a dash, not Infinity', () => {
    const r = sampleReport();
    r.anomalies[0]!.zScore = Number.POSITIVE_INFINITY;
    const a = sectionOf(renderReport(r, 'text'), 'Hourly cost and anomalies');
    expect(a).toContain('2026-11-09 08:00 UTC: $25.50, z-score -\n');
    expect(renderReport(r, 'html')).not.toContain('Infinity');
  });

  it('anomalies say none when hours were scored and none stood out', () => {
    const r = sampleReport();
    r.anomalies = [];
    expect(sectionOf(renderReport(r, 'text'), 'Hourly cost and anomalies')).toContain(
      'None: no hour was more than 3 standard deviations above its baseline.',
    );
  });
});
