import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/render/index.js';
import {
  emptyReport,
  INJECTION_FEATURE,
  INJECTION_USER,
  LONG_FEATURE,
  prometheusReport,
  sampleReport,
} from './render-helpers/sample-report.js';
import { SAMPLE_TITLES } from './render-helpers/text-sections.js';

const html = renderReport(sampleReport(), 'html');
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

describe('html report as a file', () => {
  it('is one self-contained document: no script, no external reference, a CSP that forbids both', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img)\b/i);
    // Tags with their attribute values and the text between them blanked: no src, no event handler.
    const markup = html.replace(/"[^"]*"/g, '""').replace(/>[^<]*</g, '><');
    expect(markup).not.toMatch(/\s(src|on[a-z]+)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\//i);
    // Links only to its own sections.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toMatch(/^#[a-z-]+$/);
  });

  it('names are escaped everywhere they appear (tables, chart labels, tooltips, attributes)', () => {
    expect(html).not.toContain(INJECTION_FEATURE);
    expect(html).not.toContain(INJECTION_USER);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).toContain('data-key="&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;"');
    expect(html).toContain('\uFFFD[31mred\uFFFD[0m');
  });

  it('has the three charts and every section with its tables', () => {
    for (const id of ['chart-hourly', 'chart-features', 'chart-users']) expect(html).toContain(`id="${id}"`);
    for (const title of SAMPLE_TITLES) expect(html).toContain(`<h2>${title}</h2>`);
    // Breakdowns (3), files, finish reasons, days, hours, anomalies, week over week, unpriced models.
    expect(count(html, /<table>/g)).toBe(10);
    expect(count(html, /<rect class="hour"/g)).toBe(14 * 24);
    // The hour table: one row per hour, under a fold.
    expect(html).toContain('<summary>Every hour (336)</summary>');
    expect(html).toContain(`<td class="key">${LONG_FEATURE}</td>`);
  });

  it('a source without users or efficiency: no users chart, the sections say why', () => {
    const p = renderReport(prometheusReport(), 'html');
    expect(p).not.toContain('id="chart-users"');
    expect(p).toContain('id="chart-features"');
    expect(p).toContain('<p class="note">By user: not available from this source.</p>');
    expect(p).toContain('<p class="note">Efficiency: not available from this source.</p>');
  });

  it('a window without calls still draws an axis and says there is nothing to chart', () => {
    const e = renderReport(emptyReport(), 'html');
    expect(e).toContain('id="chart-hourly"');
    expect(count(e, /<rect class="hour"/g)).toBe(24);
    expect(e).not.toContain('id="chart-features"');
    expect(e).not.toMatch(/NaN|Infinity|undefined/);
  });
});
