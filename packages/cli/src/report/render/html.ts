/**
 * The report as ONE self-contained HTML file: inline CSS and inline SVG charts, no script, no external
 * resource. A Content-Security-Policy forbids scripts and every fetch, so even a name that slipped through
 * escaping could not run or phone home.
 */
import type { Column, Row } from '../../format/table.js';
import type { Block, ChartSpec, ReportDocument } from './document.js';
import { escapeHtml as e } from './escape.js';
import { CSS } from './html-style.js';
import { barChart } from './svg/bar-chart.js';
import { hourlyChart } from './svg/hourly-chart.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderHtml(doc: ReportDocument): string {
  const nav = doc.sections.map((s) => `<li><a href="#${e(s.id)}">${e(s.title)}</a></li>`).join('');
  const sections = doc.sections
    .map(
      (s) => `<section id="${e(s.id)}"><h2>${e(s.title)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="llmcost">
<title>${e(`${doc.title}: ${doc.subtitle}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${e(doc.title)}</h1>
<p class="subtitle">${e(doc.subtitle)}</p>
<nav><ul>${nav}</ul></nav>
${sections}
</main>
</body>
</html>
`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'text':
      return `<p class="note">${e(b.text)}</p>`;
    case 'subheading':
      return `<h3>${e(b.text)}</h3>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
    case 'fields':
      return `<dl>${b.fields.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`;
    case 'table': {
      const t = table(b.columns, b.rows);
      return b.htmlCollapsed === undefined
        ? t
        : `<details><summary>${e(b.htmlCollapsed)}</summary>${t}</details>`;
    }
    case 'chart':
      return chart(b.chart);
  }
}

function table(columns: readonly Column[], rows: readonly Row[]): string {
  const cls = (c: Column | undefined, i: number) =>
    c?.align === 'right' ? ' class="num"' : i === 0 ? ' class="key"' : '';
  const head = columns.map((c, i) => `<th${cls(c, i)}>${e(c.header)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${cls(columns[i], i)}>${e(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function chart(c: ChartSpec): string {
  return c.type === 'hourly' ? hourlyChart(c.hourly, c.anomalies) : barChart(c.id, c.title, c.rows);
}
