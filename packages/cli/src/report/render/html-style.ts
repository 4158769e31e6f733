/** The HTML report's stylesheet: inline, system fonts only (no network), readable on screen and in print. */
export const CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; --band: #0969da26; --bad: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0 0 12px; }
nav ul { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
nav a { color: var(--accent); text-decoration: none; }
section { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 20px; }
h2 { font-size: 18px; margin: 4px 0 10px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 10px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.key { min-width: 10em; max-width: 420px; overflow-wrap: break-word; }
details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
figure.chart { margin: 8px 0 16px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
figure.chart svg { width: 100%; height: auto; display: block; font-size: 11px; font-family: inherit; }
svg .grid { stroke: #eaeef2; }
svg .axis, svg .xtick { stroke: var(--muted); }
svg .tick { fill: var(--muted); }
svg .band { fill: var(--band); stroke: none; }
svg .baseline { fill: none; stroke: var(--accent); stroke-dasharray: 4 3; stroke-width: 1; opacity: .7; }
svg .cost { fill: none; stroke: var(--fg); stroke-width: 1.5; stroke-linejoin: round; }
svg .anomaly { fill: var(--bad); stroke: #fff; stroke-width: 1.5; }
svg .hour { fill: transparent; }
svg .hour:hover { fill: #0969da14; }
svg .bar rect { fill: var(--accent); }
svg .bar:hover rect { fill: #0550ae; }
svg .label { fill: var(--fg); }
svg .value, svg .empty { fill: var(--muted); }
.legend { color: var(--muted); margin: 4px 0 0; font-size: 12px; }
.swatch { display: inline-block; width: 14px; height: 10px; margin: 0 4px 0 10px; vertical-align: middle; }
.swatch.cost { height: 2px; background: var(--fg); }
.swatch.band { background: var(--band); border-top: 1px dashed var(--accent); }
.swatch.anomaly { width: 10px; border-radius: 50%; background: var(--bad); }
.note { color: var(--muted); }
@media print {
  main { max-width: none; padding: 0; }
  nav, details { display: none; }
  section, figure, table { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
