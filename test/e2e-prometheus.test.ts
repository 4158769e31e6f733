// End to end with real Prometheus and Alertmanager (Debian packages): an app under
// `node --import @llmcost/otel/register` with OTEL_METRICS_EXPORTER=prometheus, scraped every second;
// the shipped rules (evaluated every second instead of 5m) and the shipped Alertmanager routing, with a
// webhook on this test's own HTTP server. Every Prometheus query of the dashboard must parse and, where the
// workload makes the data exist, return data; a power-user spike must reach the webhook as LLMUserSpendSpike.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockLlmServer, startMockLlm } from '@llmcost/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { resolveGrafanaMacros } from '../dashboards/src/grafana-interval.js';
import { type DataNeed, Q } from '../dashboards/src/queries.js';
import { freePort } from './helpers/free-port.js';
import { instantQuery, type RunningServer, startProcess, startPrometheus } from './helpers/prometheus.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const promDir = join(root, 'dashboards/prometheus');
const JOB = 'llmcost-e2e';
const budgetDir = mkdtempSync(join(tmpdir(), 'llmcost-e2e-budget-'));

/** Polls `check` until it returns a value; the deadline is a safety net for a hung pipeline, not a wait. */
async function until<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 90_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
}

let mock: MockLlmServer;
let app: ChildProcessWithoutNullStreams;
let appOutput = '';
let prom: RunningServer;
let am: RunningServer;
let hook: Server;
const received: WebhookAlert[] = [];

/** Sends a command to the workload and resolves with its `done` line. */
function command(name: string): Promise<void> {
  const before = appOutput.split(`done ${name}`).length;
  app.stdin.write(`${name}\n`);
  return until(`workload ${name}`, async () =>
    appOutput.split(`done ${name}`).length > before ? true : undefined,
  ).then(() => undefined);
}

const query = async (expr: string) => {
  const r = await instantQuery(prom.url, expr);
  if (r.status !== 'success') throw new Error(`${expr}: ${r.error}`);
  return r.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
};

beforeAll(async () => {
  mock = await startMockLlm();

  // the test's webhook: Alertmanager posts notifications here
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(...(JSON.parse(body).alerts as WebhookAlert[]));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/alerts`;

  // the app: the workload under the register hook, exposing /metrics for Prometheus
  const metricsPort = await freePort();
  const budgetFile = join(budgetDir, 'budget.yaml');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    OTEL_SERVICE_NAME: JOB,
    OTEL_METRICS_EXPORTER: 'prometheus',
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OPENAI_BASE_URL: `${mock.url}/v1`,
    ANTHROPIC_BASE_URL: mock.url,
    LLMCOST_BUDGET_FILE: budgetFile,
  };
  // the per-user spike rate is 0.6 USD/hour (0.10 USD within 10 minutes): the power user's three documents
  // cross it, user-ana's rounds do not; the free tier's hourly cap is below any call's worst case, so its
  // calls are rejected. The workload's unknown model is counted at unpricedModelUsd (default 1 USD, which
  // alone would cross the spike rate): a small figure keeps the spike the power user's.
  writeFileSync(
    budgetFile,
    stringify({
      store: 'memory',
      users: { tiers: { free: { hourUsd: 0.000001 } } },
      global: { monthUsd: 50, dayUsd: 10 },
      userSpike: { usdPerHour: 0.6 },
      unpricedModelUsd: 0.001,
    }),
  );
  app = spawn(process.execPath, ['--import', '@llmcost/otel/register', 'e2e-prometheus-workload.mjs'], {
    cwd: join(root, 'test'),
    env,
  });
  app.stdout.setEncoding('utf8').on('data', (c: string) => {
    appOutput += c;
  });
  app.stderr.setEncoding('utf8').on('data', (c: string) => {
    appOutput += c;
  });
  await until(`the app's /metrics on ${metricsPort} (output: ${appOutput})`, async () => {
    try {
      return (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).ok ? true : undefined;
    } catch {
      return undefined;
    }
  });

  // Alertmanager with the shipped routing, every receiver posting to the webhook, no batching delay
  const amConfig = parse(readFileSync(join(promDir, 'alertmanager.yml'), 'utf8'));
  Object.assign(amConfig.route, { group_wait: '0s', group_interval: '1s' });
  for (const r of amConfig.route.routes) delete r.group_wait;
  for (const r of amConfig.receivers) r.webhook_configs = [{ url: hookUrl, send_resolved: false }];
  am = await startProcess(
    'prometheus-alertmanager',
    (dir, port) => [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    '/-/ready',
    { 'alertmanager.yml': stringify(amConfig) },
  );

  // Prometheus: the shipped rules, evaluated every second instead of every 1 or 5 minutes
  const rules = readFileSync(join(promDir, 'llmcost-rules.yml'), 'utf8').replace(
    /interval: \d+m/g,
    'interval: 1s',
  );
  prom = await startPrometheus({
    config: stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ['llmcost-rules.yml'],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [am.url.replace('http://', '')] }] }] },
      scrape_configs: [{ job_name: JOB, static_configs: [{ targets: [`127.0.0.1:${metricsPort}`] }] }],
    }),
    files: { 'llmcost-rules.yml': rules },
    args: ['--web.enable-lifecycle'],
  });
}, 120_000);

afterAll(async () => {
  if (app && app.exitCode === null) {
    const exited = new Promise((r) => app.once('exit', r));
    app.stdin.end();
    app.kill('SIGTERM');
    await exited;
  }
  await prom?.stop();
  await am?.stop();
  await new Promise((r) => hook?.close(r));
  await mock?.close();
  rmSync(budgetDir, { recursive: true, force: true });
});

describe('dashboard queries and alerts against real Prometheus and Alertmanager', () => {
  // what the workload's `round` makes exist (downgrades are not triggered)
  const produced: Record<DataNeed, boolean> = {
    always: true,
    cache: true,
    budget: true,
    errors: true,
    unpriced: true,
    baseline: true,
    history: false, // the abnormal-hour baseline needs two hours of rule evaluations
    downgrade: false,
  };

  it('every dashboard query parses, and returns data where the workload produced it', {
    timeout: 120_000,
  }, async () => {
    await command('round');
    await command('round');
    await command('unpriced');
    // two scrapes of every series, so increase() and rate() have two samples; 22 calls reached mock-llm
    // (the budget-rejected ones never leave the app)
    await until('two scrapes after the workload', async () => {
      const r = await query(`min(count_over_time(llmcost_calls_total{job="${JOB}"}[1h]))`);
      const calls = await query(`sum(llmcost_calls_total{job="${JOB}"})`);
      return Number(r[0]?.value[1] ?? 0) >= 2 && Number(calls[0]?.value[1] ?? 0) >= 22 ? true : undefined;
    });
    await until('the recording rules', async () =>
      (await query('llmcost:cost_usd:increase1h')).length ? true : undefined,
    );

    const empty: string[] = [];
    for (const [name, q] of Object.entries(Q)) {
      const result = await query(resolveGrafanaMacros(q.expr));
      if (produced[q.data] && result.length === 0) empty.push(`${name}: ${q.expr}`);
    }
    expect(empty, `queries without data:\n${empty.join('\n')}\napp output:\n${appOutput}`).toEqual([]);
  });

  it('a power user spike reaches the Alertmanager webhook as LLMUserSpendSpike', {
    timeout: 120_000,
  }, async () => {
    expect(received.filter((a) => a.labels.alertname === 'LLMUserSpendSpike')).toEqual([]);
    expect(await query('ALERTS{alertname="LLMUserSpendSpike"}')).toEqual([]);

    await command('spike');
    const alert = await until('LLMUserSpendSpike at the webhook', async () =>
      received.find((a) => a.labels.alertname === 'LLMUserSpendSpike' && a.status === 'firing'),
    );
    expect(alert.labels).toMatchObject({
      user_id: 'power-user-42',
      severity: 'warning',
      team: 'llm-platform',
    });
  });

  it('the unknown model of the workload reached the webhook as LLMUnpricedCalls', {
    timeout: 120_000,
  }, async () => {
    // 12 calls of the unknown model within the hour (2 rounds and the `unpriced` command)
    const alert = await until('LLMUnpricedCalls at the webhook', async () =>
      received.find((a) => a.labels.alertname === 'LLMUnpricedCalls'),
    );
    expect(alert.labels).toMatchObject({ gen_ai_request_model: 'acme-private-llm-1', severity: 'warning' });
  });
});
