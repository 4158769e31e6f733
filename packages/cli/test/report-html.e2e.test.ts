// `llmcost report FILE --format html --output FILE` end to end (the built bin on five weeks of span data with a
// known spike), opened in Debian's headless Chromium with the network cut off: the page loads with no request
// and no error, and the three charts rendered with the spike marked at its hour.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { DAY_MS, type SyntheticSeries, writeSyntheticSeries } from './helpers/synthetic-spans.js';
import { launchChromium, openOffline } from './render-helpers/browser.js';

let dir: string;
let series: SyntheticSeries;
let browser: Browser | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-html-e2e-'));
  series = writeSyntheticSeries(dir, { spike: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('llmcost report --format html in headless Chromium', () => {
  it('opens offline, and the hourly, feature and user charts rendered with the spike marked', async () => {
    const out = join(dir, 'report.html');
    // the day of the spike (the baseline still has its 14 days of history from the file)
    const day = Math.floor(series.spikeHourMs! / DAY_MS) * DAY_MS;
    const since = new Date(day).toISOString();
    const until = new Date(day + DAY_MS).toISOString();
    const r = await runCli([
      'report',
      series.file,
      '--since',
      since,
      '--until',
      until,
      '--format',
      'html',
      '-o',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);

    const { page, blocked, errors } = await openOffline(browser!, pathToFileURL(out).href);
    try {
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
      const state = await page.evaluate(() => {
        const box = (el: Element | null) => {
          const b = el?.getBoundingClientRect();
          return b ? { width: b.width, height: b.height } : null;
        };
        const hourly = document.querySelector('#chart-hourly svg');
        return {
          hourly: box(hourly),
          hours: hourly?.querySelectorAll('rect.hour').length ?? 0,
          markers: Array.from(hourly?.querySelectorAll('circle.anomaly') ?? []).map(
            (m) => m.querySelector('title')?.textContent ?? '',
          ),
          barCharts: Array.from(document.querySelectorAll('figure.bars')).map((f) => ({
            id: f.id,
            box: box(f.querySelector('svg')),
            keys: Array.from(f.querySelectorAll('g.bar')).map((g) => g.getAttribute('data-key')),
          })),
        };
      });
      expect(state.hourly!.width).toBeGreaterThan(300);
      expect(state.hourly!.height).toBeGreaterThan(50);
      expect(state.hours).toBe(24);
      const spikeHour = new Date(series.spikeHourMs!).toISOString().slice(0, 16).replace('T', ' ');
      expect(state.markers).toHaveLength(1);
      expect(state.markers[0]).toContain(spikeHour);
      // a chart of cost by feature and one of top users; that day, the power user spent the most
      const features = state.barCharts.find((c) => c.keys.includes(series.spikeFeature));
      const users = state.barCharts.find((c) => c.keys.includes(series.spikeUser));
      expect(features?.box?.height).toBeGreaterThan(50);
      expect(users?.box?.height).toBeGreaterThan(50);
      expect(users?.keys[0]).toBe(series.spikeUser);
    } finally {
      await page.close();
    }
  });
});
