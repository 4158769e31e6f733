/** Horizontal bars of cost per key (features, users): one `<g class="bar">` per breakdown row. */
import { truncateToWidth } from '../../../format/table.js';
import { int, pct, usd } from '../../../format/units.js';
import type { BreakdownRow } from '../../model.js';
import { escapeHtml as e } from '../escape.js';
import { isUnpriced } from '../unpriced.js';
import { n } from './scale.js';

const WIDTH = 760;
const LABEL = 220;
const VALUE = 90;
const ROW = 24;
const BAR = 16;
const TOP = 8;
/** Labels longer than this are cut in the chart; the full name is in the tooltip and the table. */
const LABEL_COLUMNS = 30;

export function barChart(id: string, title: string, rows: readonly BreakdownRow[]): string {
  const height = TOP * 2 + Math.max(1, rows.length) * ROW;
  const max = Math.max(0, ...rows.map((r) => r.costUsd));
  const plot = WIDTH - LABEL - VALUE;
  const bars = rows.map((r, i) => {
    const y = TOP + i * ROW;
    const w = max > 0 ? (r.costUsd / max) * plot : 0;
    // A row whose calls have no price has no cost: a $0.00 label would read as "free".
    const unpriced = isUnpriced(r);
    const value = unpriced ? 'unpriced' : usd(r.costUsd);
    const tip = unpriced
      ? `${r.key}: ${int(r.calls)} calls, none with a known price`
      : `${r.key}: ${usd(r.costUsd)} (${pct(r.share)}), ${int(r.calls)} calls`;
    return (
      `<g class="bar" data-key="${e(r.key)}"><title>${e(tip)}</title>` +
      `<text class="label" x="${LABEL - 8}" y="${n(y + BAR / 2)}" text-anchor="end" dominant-baseline="middle">${e(truncateToWidth(r.key, LABEL_COLUMNS))}</text>` +
      `<rect x="${LABEL}" y="${y}" width="${n(w)}" height="${BAR}" rx="2"/>` +
      `<text class="value" x="${n(LABEL + w + 6)}" y="${n(y + BAR / 2)}" dominant-baseline="middle">${e(value)}</text></g>`
    );
  });
  const empty =
    rows.length === 0
      ? `<text class="empty" x="${WIDTH / 2}" y="${TOP + ROW / 2}" text-anchor="middle">no calls</text>`
      : '';
  return (
    `<figure class="chart bars" id="chart-${e(id)}">` +
    `<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${e(title)}">` +
    `<line class="axis" x1="${LABEL}" y1="${TOP / 2}" x2="${LABEL}" y2="${height - TOP / 2}"/>` +
    bars.join('') +
    empty +
    '</svg></figure>'
  );
}
