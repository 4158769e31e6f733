/**
 * The HTML of a report built by the real pipeline (span files made from REAL instrumentation output, read by
 * buildReportFromFiles, scored by the analytics) in headless Chromium, offline: the charts match that report.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildReportFromFiles } from '../src/report/files/index.js';
import type { CostReport } from '../src/report/model.js';
import { renderReport } from '../src/report/render/index.js';
import { DAY_MS, HOUR_MS, writeSyntheticSeries } from './helpers/synthetic-spans.js';
import { launchChromium, type OfflinePage, openOffline } from './render-helpers/browser.js';

let dir: string;
let browser: Browser | undefined;
let report: CostReport;
let loaded: OfflinePage;
let setupError: unknown;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-html-real-'));
  try {
    // Three weeks: two of baseline history, then the reported week with a spike on its third day.
    const startMs = Date.UTC(2026, 9, 12);
    const series = writeSyntheticSeries(dir, {
      startMs,
      days: 21,
      peakCallsPerHour: 12,
      spikeHourMs: startMs + 16 * DAY_MS + 14 * HOUR_MS,
    });
    const until = new Date(series.untilMs);
    report = await buildReportFromFiles([series.file], {
      since: new Date(series.untilMs - 7 * DAY_MS),
      until,
      budgetMonthUsd: 20,
      by: ['feature', 'user', 'model'],
      top: 10,
      now: until,
    });
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReport(report, 'html'));
    browser = await launchChromium();
    loaded = await openOffline(browser, pathToFileURL(file).href);
  } catch (err) {
    setupError = err;
  }
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('charts of a report from real span data: one point per hour, the spike marked, a bar per row', async () => {
  if (setupError !== undefined) throw setupError;
  expect(loaded.blocked).toEqual([]);
  expect(loaded.errors).toEqual([]);
  expect(report.hourly).toHaveLength(7 * 24);
  expect(report.anomalies.length).toBeGreaterThanOrEqual(1);

  const chart = await loaded.page.$eval('#chart-hourly svg', (svg) => ({
    points: (svg.querySelector('polyline.cost') as SVGPolylineElement).points.numberOfItems,
    hours: svg.querySelectorAll('rect.hour').length,
    markers: Array.from(svg.querySelectorAll('circle.anomaly')).map(
      (m) => m.querySelector('title')?.textContent,
    ),
    band: svg.querySelector('polygon.band')?.getBoundingClientRect().width ?? 0,
    width: svg.getBoundingClientRect().width,
  }));
  expect(chart.points).toBe(report.hourly.length);
  expect(chart.hours).toBe(report.hourly.length);
  expect(chart.markers).toHaveLength(report.anomalies.length);
  const spikeHour = new Date(Date.UTC(2026, 9, 12) + 16 * DAY_MS + 14 * HOUR_MS).toISOString();
  expect(
    chart.markers.some((t) => t?.startsWith(`anomaly ${spikeHour.slice(0, 16).replace('T', ' ')} UTC`)),
  ).toBe(true);
  // Two weeks of history: every hour of the window has a baseline, so the band spans the chart.
  expect(chart.band).toBeGreaterThan(chart.width * 0.8);

  for (const [id, dimension] of [
    ['#chart-features', 'feature'],
    ['#chart-users', 'user'],
  ] as const) {
    const rows = report.breakdowns.find((b) => b.dimension === dimension)!.rows;
    const keys = await loaded.page.$$eval(`${id} g.bar`, (gs) => gs.map((g) => g.getAttribute('data-key')));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).toEqual(rows.map((r) => r.key));
  }
});
