import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type RunningServer, startPrometheus } from '../../../test/helpers/prometheus.js';
import { usd } from '../src/format/units.js';
import { expectedReport } from './helpers/expected-report.js';
import { runCli } from './helpers/run-cli.js';
import { DAY, generate, HOUR, type SyntheticData } from './helpers/synthetic-metrics.js';

// 15 days of hourly data ending at the last UTC midnight; the report covers its last 7 days.
const end = Math.floor(Date.now() / 1000 / DAY) * DAY;
const from = end - 7 * DAY;
const iso = (t: number) => new Date(t * 1000).toISOString();

let prom: RunningServer;
let data: SyntheticData;

beforeAll(async () => {
  data = generate(end, 15);
  prom = await startPrometheus({
    openMetrics: data.openMetrics,
    args: ['--storage.tsdb.retention.time=60d'],
  });
});

afterAll(async () => {
  await prom?.stop();
});

/** Total cost of each generated cost series, keyed by the time of its first sample. */
function costPerSeries(d: SyntheticData): Array<[number, number]> {
  const totals = new Map<object, [number, number]>();
  for (const e of d.events) {
    const [start, cost] = totals.get(e.spec) ?? [e.spec.startsAt ?? d.start, 0];
    totals.set(e.spec, [start, cost + e.costUsd]);
  }
  return [...totals.values()];
}

const report = (...args: string[]) =>
  runCli(['report', '--prometheus', prom.url, '--from', iso(from), '--to', iso(end), ...args]);

describe('llmcost report against a real Prometheus (backfilled with promtool)', () => {
  it('--format json: every number equals what the generated series imply', async () => {
    const r = await report('--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    const want = expectedReport(data, from, end);

    expect(got.from).toBe(iso(from));
    expect(got.to).toBe(iso(end));
    expect(got.total.costUsd).toBeCloseTo(want.total.costUsd, 6);
    expect(got.total.calls).toBeCloseTo(want.total.calls, 6);
    expect(got.total.pricedCalls).toBeCloseTo(want.total.pricedCalls, 6);

    expect(got.daily.map((d: { start: string }) => d.start)).toEqual(
      Array.from({ length: 7 }, (_, i) => iso(from + i * DAY)),
    );
    got.daily.forEach((d: { costUsd: number }, i: number) => {
      expect(d.costUsd).toBeCloseTo(want.daily[i]!, 6);
    });

    for (const key of ['byFeature', 'byModel', 'byTier'] as const) {
      const rows = got[key] as Array<Record<string, number | string | null>>;
      expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(want[key]).sort());
      const costs = rows.map((row) => row.costUsd as number);
      expect(costs).toEqual([...costs].sort((a, b) => b - a));
      for (const row of rows) {
        const w = want[key][row.name as string]!;
        expect(row.costUsd).toBeCloseTo(w.costUsd, 6);
        expect(row.calls).toBeCloseTo(w.calls, 6);
        expect(row.pricedCalls).toBeCloseTo(w.pricedCalls, 6);
        if (w.meanCostUsd === null) expect(row.meanCostUsd).toBeNull();
        else expect(row.meanCostUsd).toBeCloseTo(w.meanCostUsd, 9);
        expect(row.meanInputTokens).toBeCloseTo(w.meanInputTokens, 6);
        expect(row.meanOutputTokens).toBeCloseTo(w.meanOutputTokens, 6);
      }
    }
    expect(got.byModel.find((m: { name: string }) => m.name === 'mystery-model-x').meanCostUsd).toBeNull();

    for (const w of got.weekOverWeek) {
      const thisWeek = want.thisWeek.get(w.feature) ?? 0;
      const lastWeek = want.lastWeek.get(w.feature) ?? 0;
      expect(w.thisWeekUsd).toBeCloseTo(thisWeek, 6);
      expect(w.lastWeekUsd).toBeCloseTo(lastWeek, 6);
      if (lastWeek === 0) expect(w.change).toBeNull();
      else expect(w.change).toBeCloseTo((thisWeek - lastWeek) / lastWeek, 9);
    }
    expect(got.weekOverWeek.map((w: { feature: string }) => w.feature).sort()).toEqual(
      [...want.thisWeek.keys()].sort(),
    );
    expect(got.weekOverWeek.find((w: { feature: string }) => w.feature === 'agent').change).toBeNull();

    expect(got.cacheSavingsUsd).toBeCloseTo(want.cacheSavingsUsd, 6);
    expect(got.truncation.truncatedCalls).toBeCloseTo(want.truncation.truncatedCalls, 6);
    expect(got.truncation.rate).toBeCloseTo(want.truncation.rate, 9);
    expect(got.unpriced.calls).toBeCloseTo(want.unpriced.calls, 6);
    expect(got.unpriced.models.map((m: { model: string }) => m.model)).toEqual(want.unpriced.models);
    expect(got.warnings.some((w: string) => w.includes('mystery-model-x') && w.includes('stale'))).toBe(true);

    expect(got.budgets).toHaveLength(want.budgets.length);
    for (const w of want.budgets) {
      const row = got.budgets.find(
        (b: { scope: string; window: string }) =>
          b.scope === w.labels.llmcost_budget_scope && b.window === w.labels.llmcost_budget_window,
      );
      expect(row.spentUsd).toBeCloseTo(w.spentUsd, 9);
      expect(row.limitUsd).toBeCloseTo(w.limitUsd, 9);
      expect(row.utilisation).toBeCloseTo(w.spentUsd / w.limitUsd, 9);
      if (w.labels.llmcost_feature) expect(row.target).toBe(w.labels.llmcost_feature);
    }

    expect(got.projection.monthToDateUsd).toBeCloseTo(want.projection.monthToDateUsd, 6);
    expect(got.projection.dailyRateUsd).toBeCloseTo(want.projection.dailyRateUsd, 6);
    expect(got.projection.remainingDays).toBeCloseTo(want.projection.remainingDays, 9);
    expect(got.projection.projectedMonthEndUsd).toBeCloseTo(want.projection.projectedMonthEndUsd, 6);
    expect(got.projection.monthlyLimitUsd).toBe(400);

    expect(got.movers.map((m: { dimension: string; name: string }) => `${m.dimension}:${m.name}`)).toEqual(
      want.movers.map((m) => `${m.dimension}:${m.name}`),
    );
    got.movers.forEach((m: { deltaUsd: number }, i: number) => {
      expect(m.deltaUsd).toBeCloseTo(want.movers[i]!.deltaUsd, 6);
    });
  });

  it('text output: the totals, every section and the unpriced warning', async () => {
    const r = await report();
    expect(r.code).toBe(0);
    const want = expectedReport(data, from, end);
    expect(r.stdout).toContain(
      `Total spend: ${usd(want.total.costUsd)} over ${want.total.calls.toLocaleString('en-US')} calls`,
    );
    for (const heading of [
      'Spend per day',
      'Top features by cost',
      'Top models by cost',
      'Top tiers by cost',
      'Week over week',
      'Budget utilisation',
      'Projected month-end spend',
      'Biggest movers',
      'Warnings',
    ]) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toContain(`Cache savings: ${usd(want.cacheSavingsUsd)}`);
    expect(r.stdout).toMatch(/! \d+ calls had no known price \(mystery-model-x\)/);
    // An unpriced model shows no cost rather than a $0 that reads like a real figure.
    expect(r.stdout).toMatch(/\n {2}mystery-model-x\s+unpriced\s+-\s+/);
    for (let t = from; t < end; t += DAY) expect(r.stdout).toContain(iso(t).slice(0, 10));
    // Features listed by cost, most expensive first.
    const features = Object.entries(want.byFeature).sort((a, b) => b[1].costUsd - a[1].costUsd);
    const section = r.stdout.slice(
      r.stdout.indexOf('Top features by cost'),
      r.stdout.indexOf('Top models by cost'),
    );
    const order = features.map(([name]) => section.indexOf(`  ${name} `));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('--format markdown: headings and tables', async () => {
    const r = await report('--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# llmcost report\n')).toBe(true);
    expect(r.stdout).toContain('## Top features by cost');
    expect(r.stdout).toMatch(/\| feature \| cost \| share \| calls \|/);
    expect(r.stdout).toContain('|---|---:|');
    expect(r.stdout).toMatch(/^- \d+ calls had no known price/m);
  });

  it('--since: the period ends now and covers all the data', async () => {
    const before = Date.now();
    const r = await runCli(['report', '--prometheus', prom.url, '--since', '30d', '--format', 'json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    const to = Date.parse(got.to);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to - Date.parse(got.from)).toBe(30 * DAY * 1000);
    // The window ends after the last sample, so Prometheus extrapolates each series' increase() past it:
    // by the gap when it is under 1.1 sample intervals, else by half an interval
    // (https://github.com/prometheus/prometheus/blob/v2.42.0/promql/functions.go, extrapolatedRate).
    // Each series starts at 0, so nothing is extrapolated before its first sample.
    const gap = to / 1000 - end;
    const extra = gap < 1.1 * HOUR ? gap : HOUR / 2;
    let want = 0;
    for (const [start, cost] of costPerSeries(data)) want += cost * (1 + extra / (end - start));
    expect(got.total.costUsd).toBeCloseTo(want, 6);
  });

  it('--budget FILE: the configured limits are in the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'budget.yaml');
    writeFileSync(file, 'global:\n  monthUsd: 300\n  dayUsd: 15\nfeatures:\n  chat:\n    dayUsd: 20\n');
    const r = await report('--format', 'json', '--budget', file);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.configuredLimits).toEqual([
      { scope: 'global', window: 'month', limitUsd: 300 },
      { scope: 'global', window: 'day', limitUsd: 15 },
      { scope: 'feature', window: 'day', target: 'chat', limitUsd: 20 },
    ]);
    // The gauge reported by the running guard wins over the file.
    expect(got.projection.monthlyLimitUsd).toBe(400);

    writeFileSync(file, 'global:\n  monthUsd: -5\n');
    const bad = await report('--budget', file);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain(file);
  });

  it('an empty period says so', async () => {
    const r = await runCli([
      'report',
      '--prometheus',
      prom.url,
      '--from',
      iso(end - 40 * DAY),
      '--to',
      iso(end - 30 * DAY),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got.total).toEqual({ costUsd: 0, calls: 0, pricedCalls: 0 });
    expect(got.warnings[0]).toMatch(/^no llmcost metrics between/);
  });
});

describe('llmcost report errors', () => {
  it('unreachable Prometheus: exit 1 with one line naming the URL', async () => {
    const { freePort } = await import('../../../test/helpers/free-port.js');
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await runCli(['report', '--prometheus', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `llmcost report: cannot reach Prometheus at ${url} (ECONNREFUSED): check --prometheus and that the server is up\n`,
    );
  });

  it('a URL that is not Prometheus: exit 1 saying so', async () => {
    const server = createServer((_, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>Not Found</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await runCli(['report', '--prometheus', url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /answered HTTP 404 with a non-JSON body: is --prometheus the Prometheus base URL\?\n$/,
      );
    } finally {
      server.close();
    }
  });

  it('credentials in the URL go as basic auth; a refusal says how to give them', async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Basic ${Buffer.from('ops:s3cret').toString('base64')}`) {
        res.writeHead(401).end('Unauthorized');
        return;
      }
      const resultType = req.url?.includes('query_range') ? 'matrix' : 'vector';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType, result: [] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const ok = await runCli([
        'report',
        '--prometheus',
        `http://ops:s3cret@127.0.0.1:${port}`,
        '--format',
        'json',
      ]);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout).prometheus).not.toContain('s3cret');
      const refused = await runCli(['report', '--prometheus', `http://127.0.0.1:${port}`]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refused the request \(HTTP 401\): put credentials in the URL/);
      expect(seen).toContain(undefined);
    } finally {
      server.close();
    }
  });

  it('a query Prometheus rejects: exit 1 with its error', async () => {
    const r = await runCli([
      'report',
      '--prometheus',
      prom.url,
      '--from',
      '1990-01-01',
      '--to',
      '2026-01-01',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^llmcost report: Prometheus query failed \(HTTP \d+\): /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['report'], /--prometheus URL is required/],
    [['report', '--prometheus', 'http://x', '--since', '7days'], /--since '7days' is not a duration/],
    [
      ['report', '--prometheus', 'http://x', '--since', '7d', '--from', '2026-01-01'],
      /either --since or --from/,
    ],
    [
      ['report', '--prometheus', 'http://x', '--from', 'yesterday'],
      /--from 'yesterday' is not an ISO 8601 time/,
    ],
    [
      ['report', '--prometheus', 'http://x', '--from', '2026-02-01', '--to', '2026-01-01'],
      /--from must be before --to/,
    ],
    [
      ['report', '--prometheus', 'http://x', '--format', 'html'],
      /--format must be one of text, markdown, json/,
    ],
    [['report', '--bogus'], /unknown option '--bogus'/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help prints the options and exits 0', async () => {
    const r = await runCli(['report', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--prometheus', '--since', '--from', '--to', '--format', '--budget'])
      expect(r.stdout).toContain(flag);
  });
});
