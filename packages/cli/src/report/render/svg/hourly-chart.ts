/**
 * Hourly cost as a line (one point per hour), the rolling baseline as a band (mean ± 3 sd, where there is
 * enough history) and a dashed mean, and one red marker per anomaly. Every hour also gets a transparent
 * hover target with a native SVG tooltip, so the chart explains itself with JavaScript disabled.
 */
import { int, usd, utcTime } from '../../../format/units.js';
import { HOUR_MS } from '../../analytics/hours.js';
import type { Anomaly, HourPoint } from '../../model.js';
import { escapeHtml as e } from '../escape.js';
import { axisUsd, costScale, n } from './scale.js';

const WIDTH = 960;
const HEIGHT = 300;
const M = { left: 72, right: 16, top: 16, bottom: 40 };
/** The band's half-width in standard deviations: the anomaly threshold. */
const BAND_SD = 3;

export function hourlyChart(hourly: readonly HourPoint[], anomalies: readonly Anomaly[]): string {
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const slot = plotW / Math.max(1, hourly.length);
  const upper = (h: HourPoint) =>
    h.baselineMeanUsd === null ? 0 : h.baselineMeanUsd + BAND_SD * (h.baselineSdUsd ?? 0);
  // A loop, not Math.max(...spread): a long window has more hours than a call's argument limit.
  let top = 0;
  for (const h of hourly) top = Math.max(top, h.costUsd, upper(h));
  const scale = costScale(
    hourly.map((h) => h.costUsd),
    top,
  );
  const ticks = scale.ticks;
  const x = (i: number) => M.left + (i + 0.5) * slot;
  const y = (usdValue: number) => M.top + plotH - scale.pos(usdValue) * plotH;
  const parts: string[] = [];

  for (const t of ticks) {
    parts.push(
      `<line class="grid" x1="${M.left}" x2="${WIDTH - M.right}" y1="${n(y(t))}" y2="${n(y(t))}"/>` +
        `<text class="tick" x="${M.left - 6}" y="${n(y(t))}" text-anchor="end" dominant-baseline="middle">${e(axisUsd(t))}</text>`,
    );
  }
  parts.push(...xTicks(hourly, x, M.top + plotH));

  // The band: one polygon per run of consecutive hours that have a baseline.
  for (const run of runs(hourly)) {
    const top = run.map((i) => `${n(x(i))},${n(y(upper(hourly[i]!)))}`);
    const bottom = run
      .map((i) => {
        const h = hourly[i]!;
        return `${n(x(i))},${n(y((h.baselineMeanUsd ?? 0) - BAND_SD * (h.baselineSdUsd ?? 0)))}`;
      })
      .reverse();
    parts.push(`<polygon class="band" points="${[...top, ...bottom].join(' ')}"/>`);
    parts.push(
      `<polyline class="baseline" points="${run.map((i) => `${n(x(i))},${n(y(hourly[i]!.baselineMeanUsd ?? 0))}`).join(' ')}"/>`,
    );
  }

  parts.push(
    `<polyline class="cost" points="${hourly.map((h, i) => `${n(x(i))},${n(y(h.costUsd))}`).join(' ')}"/>`,
  );

  const index = new Map(hourly.map((h, i) => [Date.parse(h.hour), i]));
  for (const a of anomalies) {
    const i = index.get(Date.parse(a.hour));
    if (i === undefined) continue;
    const tip = `anomaly ${utcTime(a.hour)}: ${usd(a.costUsd)}, baseline ${usd(a.baselineMeanUsd)} ± ${usd(a.baselineSdUsd)}, z-score ${Number.isFinite(a.zScore) ? a.zScore.toFixed(1) : '-'}`;
    parts.push(
      `<circle class="anomaly" cx="${n(x(i))}" cy="${n(y(a.costUsd))}" r="5"><title>${e(tip)}</title></circle>`,
    );
  }

  // Hover targets last, so they sit on top; transparent but they still count as one per hour.
  parts.push('<g class="hours">');
  hourly.forEach((h, i) => {
    const base = h.baselineMeanUsd === null ? 'no baseline yet' : `baseline ${usd(h.baselineMeanUsd)}`;
    const tip = `${utcTime(h.hour)}: ${usd(h.costUsd)}, ${int(h.calls)} calls, ${base}`;
    parts.push(
      `<rect class="hour" x="${n(M.left + i * slot)}" y="${M.top}" width="${n(slot)}" height="${plotH}"><title>${e(tip)}</title></rect>`,
    );
  });
  parts.push('</g>');

  return (
    '<figure class="chart hourly" id="chart-hourly"><figcaption>Hourly cost</figcaption>' +
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Hourly cost with baseline band and anomalies">` +
    `<line class="axis" x1="${M.left}" x2="${WIDTH - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}"/>` +
    parts.join('') +
    '</svg>' +
    '<p class="legend"><span class="swatch cost"></span>cost per hour ' +
    `<span class="swatch band"></span>baseline mean ± ${BAND_SD} sd (rolling 14 days) ` +
    '<span class="swatch anomaly"></span>anomaly</p>' +
    (scale.log
      ? `<p class="legend scale-note">The y axis is logarithmic above ${e(axisUsd(scale.linearUpTo))}, so the ` +
        'usual hours stay readable beside a spike.</p>'
      : '') +
    '</figure>'
  );
}

/** Runs of consecutive hour indexes with a baseline. */
function runs(hourly: readonly HourPoint[]): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  hourly.forEach((h, i) => {
    if (h.baselineMeanUsd !== null) current.push(i);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** Day labels at UTC midnights (at most about 12), or hour labels for windows under two days. */
function xTicks(hourly: readonly HourPoint[], x: (i: number) => number, baseY: number): string[] {
  const out: string[] = [];
  const short = hourly.length < 48;
  const every = short
    ? Math.max(1, Math.ceil(hourly.length / 12))
    : Math.max(1, Math.ceil(hourly.length / 24 / 12)) * 24;
  hourly.forEach((h, i) => {
    const t = Date.parse(h.hour);
    const hourOfDay = Math.floor(t / HOUR_MS) % 24;
    const label = short
      ? i % every === 0
      : hourOfDay === 0 && Math.floor(t / HOUR_MS / 24) % (every / 24) === 0;
    if (!label) return;
    const iso = new Date(t).toISOString();
    const text = short ? iso.slice(11, 16) : iso.slice(5, 10);
    // The tick marks the hour's start (left edge of its slot).
    const tx = x(i) - (x(1) - x(0)) / 2;
    out.push(
      `<line class="xtick" x1="${n(tx)}" x2="${n(tx)}" y1="${n(baseY)}" y2="${n(baseY + 5)}"/>` +
        `<text class="tick" x="${n(tx)}" y="${n(baseY + 18)}" text-anchor="middle">${e(text)}</text>`,
    );
  });
  return out;
}
