// `llmcost report --prometheus` against a REAL Prometheus backfilled with promtool from synthetic llmcost
// metrics; every number is checked against sums of the generated events (test/helpers/expected-report.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/helpers/free-port.js';
import { type RunningServer, startPrometheus } from '../../../test/helpers/prometheus.js';
import { usd } from '../src/format/units.js';
import type { CostReport } from '../src/report/model.js';
import { PROMETHEUS_LIMITS } from '../src/report/prometheus/build.js';
import { expectedReport } from './helpers/expected-report.js';
import { runCli } from './helpers/run-cli.js';
import { DAY, generate, HOUR, type SyntheticData } from './helpers/synthetic-metrics.js';
import { writeShiftedCopy } from './helpers/synthetic-spans.js';

const REAL = fileURLToPath(new URL('../../../test/fixtures/otlp/real-calls.jsonl', import.meta.url));

// 15 days of hourly data ending at the last UTC midnight; the report covers its last 7 days.
const end = Math.floor(Date.now() / 1000 / DAY) * DAY;
const from = end - 7 * DAY;
const iso = (t: number) => new Date(t * 1000).toISOString();

let prom: RunningServer;
let data: SyntheticData;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmcost-report-prom-'));
  data = generate(end, 15);
  prom = await startPrometheus({
    openMetrics: data.openMetrics,
    args: ['--storage.tsdb.retention.time=60d'],
  });
});

afterAll(async () => {
  await prom?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const report = (...args: string[]) =>
  runCli(['report', '--prometheus', prom.url, '--since', iso(from), '--until', iso(end), ...args]);

describe('llmcost report --prometheus (real Prometheus, backfilled with promtool)', () => {
  it('--format json: every number equals what the generated series imply', async () => {
    const r = await report('--format', 'json', '--budget-month', '400');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as CostReport;
    const want = expectedReport(data, from, end);
    const period = data.events.filter((e) => e.t > from && e.t <= end);

    expect(got.window).toEqual({ since: iso(from), until: iso(end) });
    expect(got.sources.prometheus?.url).toBe(prom.url);
    expect(got.sources.files).toBeNull();
    expect(got.totals.costUsd).toBeCloseTo(want.total.costUsd, 6);
    expect(got.totals.calls).toBeCloseTo(want.total.calls, 6);
    expect(got.totals.pricedCalls).toBeCloseTo(want.total.pricedCalls, 6);
    expect(got.totals.unpricedCalls).toBeCloseTo(want.unpriced.calls, 6);
    expect(got.totals.estimatedCalls).toBe(0);
    expect(got.totals.inputTokens).toBeCloseTo(
      period.reduce((s, e) => s + e.inputTokens, 0),
      3,
    );
    expect(got.totals.outputTokens).toBeCloseTo(
      period.reduce((s, e) => s + e.outputTokens, 0),
      3,
    );

    // breakdowns in --by order, rows by cost, numbers from the events
    expect(got.breakdowns.map((b) => b.dimension)).toEqual(['feature', 'user', 'model', 'tier']);
    const wantBy = { feature: want.byFeature, model: want.byModel, tier: want.byTier } as const;
    // users only where the app opted in to user_id on metrics (the agent series): the rest is `(none)`
    const users = got.breakdowns[1]!;
    const agent = want.byFeature.agent!;
    expect(users.rows.map((r) => r.key).sort()).toEqual(['(none)', 'agent-runner']);
    const runner = users.rows.find((r) => r.key === 'agent-runner')!;
    expect(runner.costUsd).toBeCloseTo(agent.costUsd, 6);
    expect(runner.calls).toBeCloseTo(agent.calls, 6);
    expect(users.rows.find((r) => r.key === '(none)')?.costUsd).toBeCloseTo(
      want.total.costUsd - agent.costUsd,
      6,
    );
    for (const b of got.breakdowns.filter((x) => x.dimension !== 'user')) {
      const w = wantBy[b.dimension as 'feature' | 'model' | 'tier'];
      expect(b.rows.map((r) => r.key).sort()).toEqual(Object.keys(w).sort());
      const costs = b.rows.map((r) => r.costUsd);
      expect(costs).toEqual([...costs].sort((x, y) => y - x));
      for (const row of b.rows) {
        const e = w[row.key]!;
        expect(row.costUsd).toBeCloseTo(e.costUsd, 6);
        expect(row.calls).toBeCloseTo(e.calls, 6);
        if (e.meanCostUsd === null) expect(row.meanCostUsd).toBeNull();
        else expect(row.meanCostUsd).toBeCloseTo(e.meanCostUsd, 9);
        expect(row.meanInputTokens).toBeCloseTo(e.meanInputTokens, 6);
        expect(row.meanOutputTokens).toBeCloseTo(e.meanOutputTokens, 6);
        expect(row.p95CostUsd).toBeNull();
        expect(row.share).toBeCloseTo(e.costUsd / want.total.costUsd, 9);
      }
    }

    // every hour of the window, each the events of that hour (the sample at its end)
    expect(got.hourly).toHaveLength(7 * 24);
    got.hourly.forEach((h, i) => {
      const hourEnd = from + (i + 1) * HOUR;
      expect(h.hour).toBe(iso(hourEnd - HOUR));
      const events = data.events.filter((e) => e.t === hourEnd);
      expect(h.costUsd).toBeCloseTo(
        events.reduce((s, e) => s + e.costUsd, 0),
        9,
      );
      expect(h.calls).toBeCloseTo(
        events.reduce((s, e) => s + e.calls, 0),
        9,
      );
    });
    // the hours flagged are the hours listed, each with its features and no users (no user label)
    expect(got.anomalies.map((a) => a.hour)).toEqual(got.hourly.filter((h) => h.anomaly).map((h) => h.hour));
    for (const a of got.anomalies) {
      expect(a.topUsers).toEqual([]);
      expect(a.zScore).toBeGreaterThan(3);
      expect(a.topFeatures.reduce((s, f) => s + f.costUsd, 0)).toBeLessThanOrEqual(a.costUsd + 1e-9);
    }

    expect(got.trends.weekOverWeek.map((w) => w.feature).sort()).toEqual([...want.thisWeek.keys()].sort());
    for (const w of got.trends.weekOverWeek) {
      const thisWeek = want.thisWeek.get(w.feature) ?? 0;
      const lastWeek = want.lastWeek.get(w.feature) ?? 0;
      expect(w.thisWeekUsd).toBeCloseTo(thisWeek, 6);
      expect(w.lastWeekUsd).toBeCloseTo(lastWeek, 6);
      if (lastWeek === 0) expect(w.growth).toBeNull();
      else expect(w.growth).toBeCloseTo((thisWeek - lastWeek) / lastWeek, 9);
    }
    expect(got.trends.weekOverWeek.find((w) => w.feature === 'agent')?.growth).toBeNull();
    expect(got.trends.budgetRunOut?.budgetMonthUsd).toBe(400);

    expect(got.projection.monthToDateUsd).toBeCloseTo(want.projection.monthToDateUsd, 6);
    expect(got.projection.dailyRateUsd).toBeCloseTo(want.projection.dailyRateUsd, 6);
    expect(got.projection.projectedMonthUsd).toBeCloseTo(want.projection.projectedMonthEndUsd, 6);
    expect(got.projection.utilisation?.projected).toBeCloseTo(want.projection.projectedMonthEndUsd / 400, 9);

    const eff = got.efficiency!;
    expect(eff.cacheSavingsUsd).toBeCloseTo(want.cacheSavingsUsd, 6);
    expect(eff.truncationRate).toBeCloseTo(want.truncation.rate, 9);
    expect(eff.finishReasons.map((f) => f.reason).sort()).toEqual(['length', 'stop']);
    expect(eff.finishReasons.find((f) => f.reason === 'length')?.calls).toBeCloseTo(
      want.truncation.truncatedCalls,
      6,
    );
    expect(eff.inputTokens.p95).toBeNull();
    expect(eff.inputTokens.mean).toBeCloseTo(
      period.reduce((s, e) => s + e.inputTokens, 0) / want.total.calls,
      6,
    );

    expect(got.pricingQuality.unpricedModels.map((m) => m.model)).toEqual(want.unpriced.models);
    expect(got.warnings).toContain(PROMETHEUS_LIMITS);
  });

  it('files and --prometheus together: aggregates from Prometheus, per-call parts from the files, each section says where', async () => {
    // the real fixture's calls moved into the last hour of the Prometheus data
    const file = join(dir, 'recent.jsonl');
    writeShiftedCopy(REAL, file, end * 1000 - 30 * 60 * 1000);
    const json = async (args: string[]) => {
      const r = await runCli([
        ...args,
        '--since',
        iso(from),
        '--until',
        iso(end),
        '--format',
        'json',
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as CostReport;
    };
    const both = await json(['report', file, '--prometheus', prom.url]);
    const promOnly = await json(['report', '--prometheus', prom.url]);
    const filesOnly = await json(['report', file]);

    expect(both.sources.sections).toEqual({
      totals: 'prometheus',
      projection: 'prometheus',
      breakdowns: 'prometheus+files',
      efficiency: 'files',
      hourly: 'prometheus',
      anomalies: 'prometheus+files',
      trends: 'prometheus',
      pricingQuality: 'prometheus',
    });
    expect(both.sources.prometheus?.url).toBe(prom.url);
    expect(both.sources.files?.paths).toEqual([file]);
    expect(both.totals).toEqual(promOnly.totals);
    expect(both.projection).toEqual(promOnly.projection);
    expect(both.hourly).toEqual(promOnly.hourly);
    expect(both.trends).toEqual(promOnly.trends);
    expect(both.pricingQuality).toEqual(promOnly.pricingQuality);
    expect(both.efficiency).toEqual(filesOnly.efficiency);
    expect(both.anomalies.map((a) => a.hour)).toEqual(promOnly.anomalies.map((a) => a.hour));

    const dim = (r: CostReport, d: string) => r.breakdowns.find((b) => b.dimension === d)!;
    expect(both.breakdowns.map((b) => b.dimension)).toEqual(['feature', 'user', 'model', 'tier']);
    expect(dim(both, 'user')).toEqual(dim(filesOnly, 'user'));
    // costs and calls from Prometheus, p95 from the files where they saw the key (gpt-4o is in both)
    const models = dim(both, 'model').rows;
    const fileP95 = new Map(dim(filesOnly, 'model').rows.map((r) => [r.key, r.p95CostUsd]));
    expect(models.map((r) => ({ ...r, p95CostUsd: null }))).toEqual(dim(promOnly, 'model').rows);
    expect(models.find((r) => r.key === 'gpt-4o')?.p95CostUsd).toBe(fileP95.get('gpt-4o'));
    expect(fileP95.get('gpt-4o')).not.toBeNull();
    for (const r of models) expect(r.p95CostUsd).toBe(fileP95.get(r.key) ?? null);
    expect(both.warnings).not.toContain(PROMETHEUS_LIMITS);
  });

  it('--by user with Prometheus alone, on metrics without user_id, says users need span files', async () => {
    // the week before the agent series (the only one with user_id) started
    const args = ['--since', iso(end - 14 * DAY), '--until', iso(end - 7 * DAY), '--format', 'json'];
    const explicit = await runCli(['report', '--prometheus', prom.url, ...args, '--by', 'user,feature']);
    expect(explicit.code, explicit.stderr).toBe(0);
    const got = JSON.parse(explicit.stdout) as CostReport;
    expect(got.breakdowns.map((b) => b.dimension)).toEqual(['feature']);
    expect(got.warnings.some((w) => w.startsWith('cost by user needs span files'))).toBe(true);
    // by default the user breakdown is just left out (the note on what Prometheus cannot give says why)
    const byDefault = JSON.parse(
      (await runCli(['report', '--prometheus', prom.url, ...args])).stdout,
    ) as CostReport;
    expect(byDefault.breakdowns.map((b) => b.dimension)).toEqual(['feature', 'model', 'tier']);
    expect(byDefault.warnings.some((w) => w.startsWith('cost by user needs span files'))).toBe(false);
    expect(byDefault.warnings).toContain(PROMETHEUS_LIMITS);
  });

  it('text, markdown and html render the same totals', async () => {
    const want = expectedReport(data, from, end);
    for (const format of ['text', 'markdown', 'html']) {
      const r = await report('--format', format);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(usd(want.total.costUsd));
    }
  });

  it('--days 3 ending now (not on the hour): every UTC hour of the window, the last one partial', async () => {
    const before = Date.now();
    const r = await runCli(['report', '--prometheus', prom.url, '--days', '3', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as CostReport;
    const until = Date.parse(got.window.until);
    expect(until).toBeGreaterThanOrEqual(before);
    expect(until - Date.parse(got.window.since)).toBe(3 * DAY * 1000);
    const first = Math.floor(Date.parse(got.window.since) / (HOUR * 1000)) * HOUR;
    expect(got.hourly[0]?.hour).toBe(iso(first));
    expect(got.hourly).toHaveLength(Math.ceil(until / 1000 / HOUR) - first / HOUR);
    // the hours the data covers in full are exact
    got.hourly.forEach((h, i) => {
      const hourEnd = first + (i + 1) * HOUR;
      if (hourEnd <= first + HOUR || hourEnd > end) return;
      const cost = data.events.filter((e) => e.t === hourEnd).reduce((s, e) => s + e.costUsd, 0);
      expect(h.costUsd).toBeCloseTo(cost, 9);
    });
  });

  it('an empty window says so', async () => {
    const r = await runCli([
      'report',
      '--prometheus',
      prom.url,
      '--since',
      iso(end - 40 * DAY),
      '--until',
      iso(end - 30 * DAY),
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as CostReport;
    expect(got.totals.costUsd).toBe(0);
    expect(got.totals.calls).toBe(0);
    expect(got.warnings[0]).toMatch(/^no llmcost metrics in Prometheus between/);
  });
});

describe('llmcost report --prometheus errors', () => {
  it('unreachable Prometheus: exit 1 with one line naming the URL', async () => {
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

  it('a query the server rejects (Prometheus error body): exit 1 with its error, one line', async () => {
    // the answer Prometheus gives a query it cannot run (https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview)
    const server = createServer((_, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'error',
          errorType: 'execution',
          error: 'query processing would load too many samples',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await runCli(['report', '--prometheus', url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'llmcost report: Prometheus query failed (HTTP 422): query processing would load too many samples\n',
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
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).not.toContain('s3cret');
      expect((JSON.parse(ok.stdout) as CostReport).sources.prometheus?.url).toBe(`http://127.0.0.1:${port}`);
      const refused = await runCli(['report', '--prometheus', `http://127.0.0.1:${port}`]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refused the request \(HTTP 401\): put credentials in the URL/);
      expect(seen).toContain(undefined);
    } finally {
      server.close();
    }
  });
});
