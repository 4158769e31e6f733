/**
 * The HTML report in a real browser: Debian's headless Chromium, offline (every non-file request fails), checks
 * that the charts rendered, match the report, and that a hostile name did not run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/render/index.js';
import { launchChromium, type OfflinePage, openOffline } from './render-helpers/browser.js';
import { countPixels, decodePng } from './render-helpers/png.js';
import {
  ANOMALY_HOURS,
  INJECTION_FEATURE,
  INJECTION_USER,
  LONG_FEATURE,
  sampleReport,
} from './render-helpers/sample-report.js';

const report = sampleReport();
const features = report.breakdowns.find((b) => b.dimension === 'feature')!.rows;
const users = report.breakdowns.find((b) => b.dimension === 'user')!.rows;

let dir: string;
let browser: Browser;
let loaded: OfflinePage;
let page: Page;

// A setup failure (Chromium missing) fails every test with its one-line message, rather than leaving the
// tests counted as skipped.
let setupError: unknown;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReport(report, 'html'));
  try {
    browser = await launchChromium();
    loaded = await openOffline(browser, pathToFileURL(file).href);
    page = loaded.page;
  } catch (err) {
    setupError = err;
  }
});

function ready(): void {
  if (setupError !== undefined) throw setupError;
}

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Bounding box of the first element matching `selector`, in CSS pixels. */
const box = (selector: string) =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });

describe('html report in headless Chromium, offline', () => {
  it('loads with no network request, no console error, and the injected names did not run', async () => {
    ready();
    expect(loaded.blocked).toEqual([]);
    expect(loaded.errors).toEqual([]);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      title: document.title,
    }));
    expect(state).toEqual({
      pwned: null,
      scripts: 0,
      images: 0,
      title: 'llmcost report: 2026-11-01 00:00 UTC to 2026-11-15 00:00 UTC',
    });
    // The names are shown as text, exactly as they came in.
    const cells = await page.$$eval('#by-feature td.key, #by-user td.key', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(cells).toContain(INJECTION_FEATURE);
    expect(cells).toContain(INJECTION_USER);
    expect(cells).toContain(LONG_FEATURE);
  });

  it('draws the three charts with a visible size', async () => {
    ready();
    for (const id of ['#chart-hourly svg', '#chart-features svg', '#chart-users svg']) {
      const b = await box(id);
      expect(b.width, id).toBeGreaterThan(300);
      expect(b.height, id).toBeGreaterThan(50);
    }
  });

  it('hourly chart: one point and one hover target per hour, the baseline band, one marker per anomaly', async () => {
    ready();
    const chart = await page.$eval('#chart-hourly svg', (svg) => {
      const rect = (el: Element) => el.getBoundingClientRect();
      const hours = Array.from(svg.querySelectorAll('rect.hour'));
      const line = svg.querySelector('polyline.cost') as SVGPolylineElement;
      const markers = Array.from(svg.querySelectorAll('circle.anomaly'));
      const bands = Array.from(svg.querySelectorAll('polygon.band'));
      return {
        hours: hours.length,
        hourTitles: hours.map((h) => h.querySelector('title')?.textContent ?? ''),
        points: line.points.numberOfItems,
        lineBox: { width: rect(line).width, height: rect(line).height },
        hourCentres: hours.map((h) => rect(h).x + rect(h).width / 2),
        markers: markers.map((m) => ({
          x: rect(m).x + rect(m).width / 2,
          y: rect(m).y + rect(m).height / 2,
          title: m.querySelector('title')?.textContent ?? '',
        })),
        bands: bands.map((b) => ({ width: rect(b).width, height: rect(b).height })),
        plotBottom: rect(hours[0]!).bottom,
      };
    });
    expect(chart.hours).toBe(report.hourly.length);
    expect(chart.points).toBe(report.hourly.length);
    expect(chart.lineBox.width).toBeGreaterThan(300);
    expect(chart.lineBox.height).toBeGreaterThan(50);
    expect(chart.hourTitles[0]).toBe('2026-11-01 00:00 UTC: $1.00, 10 calls, no baseline yet');
    expect(chart.hourTitles[200]).toBe('2026-11-09 08:00 UTC: $25.50, 255 calls, baseline $1.75');

    // One marker per anomaly, over its hour, above every ordinary point.
    expect(chart.markers).toHaveLength(report.anomalies.length);
    chart.markers.forEach((m, k) => {
      const hour = ANOMALY_HOURS[k]!;
      expect(Math.abs(m.x - chart.hourCentres[hour]!)).toBeLessThan(1);
      expect(m.title).toContain(`anomaly ${report.anomalies[k]!.hour.slice(0, 16).replace('T', ' ')} UTC`);
      expect(m.y).toBeLessThan(chart.plotBottom);
    });
    // The larger spike is drawn higher.
    expect(chart.markers[1]!.y).toBeLessThan(chart.markers[0]!.y);

    // The band starts where the baseline does (day 2) and spans the rest of the window.
    expect(chart.bands).toHaveLength(1);
    expect(chart.bands[0]!.width).toBeGreaterThan(chart.lineBox.width * 0.85);
    expect(chart.bands[0]!.height).toBeGreaterThan(0);
  });

  it('bar charts: one bar per feature and user of the report, labelled, longest for the largest cost', async () => {
    ready();
    for (const [id, rows] of [
      ['#chart-features', features],
      ['#chart-users', users],
    ] as const) {
      const bars = await page.$$eval(`${id} g.bar`, (gs) =>
        gs.map((g) => ({
          key: g.getAttribute('data-key'),
          label: g.querySelector('text.label')?.textContent ?? '',
          value: g.querySelector('text.value')?.textContent ?? '',
          width: (g.querySelector('rect') as SVGRectElement).getBoundingClientRect().width,
        })),
      );
      expect(bars.map((b) => b.key)).toEqual(rows.map((r) => r.key));
      const widths = bars.map((b) => b.width);
      expect(widths).toEqual([...widths].sort((a, b) => b - a));
      expect(widths[0]).toBeGreaterThan(200);
      // Bar length is proportional to cost.
      bars.forEach((b, i) => {
        expect(b.width / widths[0]!).toBeCloseTo(rows[i]!.costUsd / rows[0]!.costUsd, 2);
      });
      for (const b of bars) expect(b.key!.startsWith(b.label.replace(/…$/, ''))).toBe(true);
    }
    const labels = await page.$$eval('#chart-features text.label', (ts) => ts.map((t) => t.textContent));
    expect(labels).toContain('chat');
    expect(labels).toContain('<script>window.__pwned = 1</s…');
    const values = await page.$$eval('#chart-features text.value', (ts) => ts.map((t) => t.textContent));
    expect(values).toEqual(['$800.25', '$200.50', '$100.00', '$50.13', '$25.00', '$0.00432']);
  });

  it('every section is in the page in order, with its tables', async () => {
    ready();
    const sections = await page.$$eval('main > section', (ss) =>
      ss.map((s) => ({ id: s.id, tables: s.querySelectorAll('table').length })),
    );
    expect(sections.map((s) => s.id)).toEqual([
      'window',
      'totals',
      'projection',
      'by-feature',
      'by-user',
      'by-model',
      'by-tier',
      'efficiency',
      'anomalies',
      'trends',
      'pricing',
      'warnings',
    ]);
    const rows = await page.$$eval('#by-feature tbody tr', (trs) =>
      trs.map((tr) => tr.children[0]?.textContent),
    );
    expect(rows).toEqual([...features.map((f) => f.key), '(3 more)']);
    const hours = await page.$$eval('#anomalies details tbody tr', (trs) => trs.length);
    expect(hours).toBe(report.hourly.length);
  });

  it('prints: the charts keep their size, navigation and folded tables are left out', async () => {
    ready();
    await page.emulateMediaType('print');
    try {
      const hourly = await box('#chart-hourly svg');
      expect(hourly.width).toBeGreaterThan(300);
      const hidden = await page.$$eval('nav, details', (els) =>
        els.map((el) => getComputedStyle(el).display),
      );
      expect(hidden).toEqual(hidden.map(() => 'none'));
    } finally {
      await page.emulateMediaType('screen');
    }
  });

  it('the screenshot shows the charts: ink, the red anomaly markers, the blue bars', async () => {
    ready();
    const hourly = decodePng(Buffer.from(await (await page.$('#chart-hourly svg'))!.screenshot()));
    const ink = countPixels(hourly, (r, g, b) => r + g + b < 600);
    // Line, axes, labels: well over a thousand dark pixels; a blank chart has none.
    expect(ink).toBeGreaterThan(1000);
    // #cf222e anomaly markers.
    expect(countPixels(hourly, (r, g, b) => r > 180 && g < 80 && b < 80)).toBeGreaterThan(20);
    // The light-blue band.
    expect(countPixels(hourly, (r, g, b) => b > 220 && r < 235 && r > 180 && g > 200)).toBeGreaterThan(1000);

    const bars = decodePng(Buffer.from(await (await page.$('#chart-features svg'))!.screenshot()));
    // #0969da bars.
    expect(countPixels(bars, (r, g, b) => r < 40 && g > 80 && g < 130 && b > 200)).toBeGreaterThan(2000);
  });
});
