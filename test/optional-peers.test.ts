// The optional pieces of an install (issue 15 §2): `npm install @llmcost/otel` installs no gRPC or Prometheus
// exporter, no tokenizer, no Redis client; a feature that needs one says so in one line, naming the package.
// Out of process, in an npm-style install (helpers/installed-layout.ts: dependencies, and peers that are not
// optional, as npm installs them) of the openai-v6 fixture app.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedLayout, type Layout } from './helpers/installed-layout.js';
import { type NodeResult, runNode } from './helpers/run-node.js';

// The budget parts of @llmcost/budget and the token count of @llmcost/pricing, each reporting its error line.
const PROBE = `
const { countTokens } = require('@llmcost/pricing');
const { createBudgetGuard } = require('@llmcost/budget');
const attempt = (fn) => { try { fn(); return 'ok'; } catch (err) { return err.message; } };
const pricing = {
  upperBoundTokens: (t) => t.length, countTokens: (t) => t.length, costUsd: () => 0, maxOutputTokens: () => 100,
};
console.log(JSON.stringify({
  count: attempt(() => countTokens('hello', 'gpt-4o')),
  memoryGuard: attempt(() => createBudgetGuard({ global: { monthUsd: 1 } })),
  redisGuard: attempt(() => createBudgetGuard({ store: 'redis://127.0.0.1:1', global: { monthUsd: 1 } }, { pricing })),
}));
`;

let layout: Layout;
const runs = new Map<string, NodeResult>();
const QUIET = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

beforeAll(async () => {
  layout = installedLayout('openai-v6');
  writeFileSync(join(layout.dir, 'probe.cjs'), PROBE);
  writeFileSync(join(layout.dir, 'budget.yaml'), 'global:\n  monthUsd: 1\n');
  writeFileSync(join(layout.dir, 'app.cjs'), "require('openai'); console.log('app ran');\n");
  const run = (args: string[], env: Record<string, string>) =>
    runNode({ cwd: layout.dir, args, env: { LLMCOST_SUMMARY: 'off', ...env } });
  runs.set('probe', await run(['probe.cjs'], {}));
  runs.set(
    'exporters',
    await run(['--require', '@llmcost/otel/register', 'app.cjs'], {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
    }),
  );
  runs.set(
    'budget-file',
    await run(['--require', '@llmcost/otel/register', 'app.cjs'], {
      ...QUIET,
      LLMCOST_BUDGET_FILE: 'budget.yaml',
    }),
  );
}, 120_000);

afterAll(() => layout?.remove());

describe('an install without the optional peers', () => {
  it('counting tokens, a budget guard and a Redis store each name the package they need', () => {
    const r = runs.get('probe')!;
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      count:
        'llmcost: counting tokens locally needs gpt-tokenizer, which is not installed: npm install gpt-tokenizer@4',
      memoryGuard:
        'llmcost: a budget guard with the default pricing needs gpt-tokenizer, which is not installed: npm install gpt-tokenizer@4',
      redisGuard:
        'llmcost: a Redis budget store needs ioredis, which is not installed: npm install ioredis@5',
    });
  });

  it('the gRPC and Prometheus exporters: one line each at start-up, and the app runs', () => {
    const r = runs.get('exporters')!;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('app ran\n');
    const npm = (pkg: string, without: string) => `npm install ${pkg}@0.223; ${without}`;
    // (The collector check's own line, about the unreachable default gRPC endpoint, is not this test's.)
    const missing = r.stderr.split('\n').filter((line) => line.includes('not installed'));
    expect(missing).toEqual([
      `llmcost: OTLP over gRPC for traces needs @opentelemetry/exporter-trace-otlp-grpc, which is not installed: ${npm('@opentelemetry/exporter-trace-otlp-grpc', 'spans are not exported')}`,
      `llmcost: OTEL_METRICS_EXPORTER=prometheus needs @opentelemetry/exporter-prometheus, which is not installed: ${npm('@opentelemetry/exporter-prometheus', 'no scrape endpoint is started')}`,
      `llmcost: OTLP over gRPC for metrics needs @opentelemetry/exporter-metrics-otlp-grpc, which is not installed: ${npm('@opentelemetry/exporter-metrics-otlp-grpc', 'metrics are not exported')}`,
      `llmcost: OTLP over gRPC for logs needs @opentelemetry/exporter-logs-otlp-grpc, which is not installed: ${npm('@opentelemetry/exporter-logs-otlp-grpc', 'log records are not exported')}`,
    ]);
  });

  it('LLMCOST_BUDGET_FILE without gpt-tokenizer stops the start (exit 1) with the command that adds it', () => {
    const r = runs.get('budget-file')!;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'llmcost: LLMCOST_BUDGET_FILE=budget.yaml needs gpt-tokenizer, which is not installed: npm install gpt-tokenizer@4\n',
    );
  });
});
