/** The sections over time: hourly cost with its anomalies, and the trends. */
import { int, signedPct, usd, utcTime } from '../../format/units.js';
import type { CostReport, HourPoint } from '../model.js';
import { type Block, NA_CELL, NOT_AVAILABLE, type Section } from './document.js';
import { KEY_WIDTH } from './sections-breakdowns.js';

export function anomaliesSection(r: CostReport): Section {
  const blocks: Block[] = [
    {
      kind: 'text',
      text: 'Hours whose cost is more than 3 standard deviations above the rolling 14-day baseline of the hours before them.',
    },
  ];
  const section = { id: 'anomalies', title: 'Hourly cost and anomalies', blocks };
  if (r.hourly.length === 0) {
    blocks.push({ kind: 'text', text: `Hourly cost: ${NOT_AVAILABLE}.` });
    return section;
  }
  blocks.push({ kind: 'chart', chart: { type: 'hourly', hourly: r.hourly, anomalies: r.anomalies } });
  blocks.push({ kind: 'subheading', text: 'Cost per day' });
  blocks.push({
    kind: 'table',
    columns: [
      { header: 'day (UTC)' },
      { header: 'cost', align: 'right' },
      { header: 'calls', align: 'right' },
      { header: 'anomalous hours', align: 'right' },
    ],
    rows: perDay(r.hourly).map((d) => [d.day, usd(d.costUsd), int(d.calls), int(d.anomalies)]),
  });
  blocks.push({
    kind: 'table',
    htmlCollapsed: `Every hour (${int(r.hourly.length)})`,
    columns: [
      { header: 'hour (UTC)' },
      { header: 'cost', align: 'right' },
      { header: 'calls', align: 'right' },
      { header: 'baseline mean', align: 'right' },
      { header: 'baseline sd', align: 'right' },
      { header: 'anomaly' },
    ],
    rows: r.hourly.map((h) => [
      utcTime(h.hour),
      usd(h.costUsd),
      int(h.calls),
      h.baselineMeanUsd === null ? NA_CELL : usd(h.baselineMeanUsd),
      h.baselineSdUsd === null ? NA_CELL : usd(h.baselineSdUsd),
      h.anomaly ? 'yes' : '',
    ]),
  });

  blocks.push({ kind: 'subheading', text: 'Anomalies' });
  if (r.anomalies.length === 0) {
    const scored = r.hourly.some((h) => h.baselineMeanUsd !== null);
    blocks.push({
      kind: 'text',
      text: scored
        ? 'None: no hour was more than 3 standard deviations above its baseline.'
        : 'None: no hour had enough history for a baseline yet.',
    });
    return section;
  }
  blocks.push({
    kind: 'table',
    columns: [
      { header: 'hour (UTC)' },
      { header: 'cost', align: 'right' },
      { header: 'baseline mean', align: 'right' },
      { header: 'baseline sd', align: 'right' },
      { header: 'z-score', align: 'right' },
    ],
    rows: r.anomalies.map((a) => [
      utcTime(a.hour),
      usd(a.costUsd),
      usd(a.baselineMeanUsd),
      usd(a.baselineSdUsd),
      zScore(a.zScore),
    ]),
  });
  const top = (list: ReadonlyArray<{ key: string; costUsd: number }>) =>
    list.length === 0 ? NOT_AVAILABLE : list.map((x) => `${x.key} ${usd(x.costUsd)}`).join(', ');
  for (const a of r.anomalies) {
    blocks.push({
      kind: 'subheading',
      text: `${utcTime(a.hour)}: ${usd(a.costUsd)}, z-score ${zScore(a.zScore)}`,
    });
    blocks.push({
      kind: 'fields',
      fields: [
        ['Top features', top(a.topFeatures)],
        ['Top users', top(a.topUsers)],
      ],
    });
  }
  return section;
}

export function trendsSection(r: CostReport): Section {
  const t = r.trends;
  const run = t.budgetRunOut;
  let runOut: string;
  if (run === null) runOut = 'no monthly budget set (use --budget-month USD)';
  else if (run.exceeded) runOut = `already over the ${usd(run.budgetMonthUsd)} budget`;
  else if (run.date === null) {
    runOut = `not this month (${usd(run.budgetMonthUsd)} budget, ${signedPct(run.weeklyGrowth)} week-over-week growth)`;
  } else {
    runOut = `${run.date} (${usd(run.budgetMonthUsd)} budget, ${signedPct(run.weeklyGrowth)} week-over-week growth)`;
  }
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        [
          'Total spend, last 7 days vs the 7 before',
          t.totalGrowth === null
            ? 'not available (needs spend in the earlier week)'
            : signedPct(t.totalGrowth),
        ],
        ['Budget runs out', runOut],
      ],
    },
    { kind: 'subheading', text: 'Week over week, per feature' },
  ];
  if (t.weekOverWeek.length === 0) {
    blocks.push({ kind: 'text', text: 'No feature spend in the last two weeks.' });
  } else {
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'feature', maxWidth: KEY_WIDTH },
        { header: 'this week', align: 'right' },
        { header: 'last week', align: 'right' },
        { header: 'change', align: 'right' },
      ],
      rows: t.weekOverWeek.map((w) => [
        w.feature,
        usd(w.thisWeekUsd),
        usd(w.lastWeekUsd),
        // No spend last week: a growth rate is undefined, so say `new` (or `-` when nothing either week).
        w.growth === null ? (w.thisWeekUsd > 0 ? 'new' : '-') : signedPct(w.growth),
      ]),
    });
  }
  return { id: 'trends', title: 'Trends', blocks };
}

interface Day {
  day: string;
  costUsd: number;
  calls: number;
  anomalies: number;
}

function perDay(hourly: readonly HourPoint[]): Day[] {
  const days = new Map<string, Day>();
  for (const h of hourly) {
    const day = new Date(h.hour).toISOString().slice(0, 10);
    const d = days.get(day) ?? { day, costUsd: 0, calls: 0, anomalies: 0 };
    d.costUsd += h.costUsd;
    d.calls += h.calls;
    if (h.anomaly) d.anomalies += 1;
    days.set(day, d);
  }
  return [...days.values()];
}

/** A z-score to one decimal; a degenerate baseline (sd 0) can make it infinite. */
function zScore(z: number): string {
  return Number.isFinite(z) ? z.toFixed(1) : '-';
}
