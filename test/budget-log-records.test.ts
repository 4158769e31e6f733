// The budget guard's alerts are OpenTelemetry log records (packages/budget/src/telemetry.ts). Under the register
// they were dropped: no logger provider was set. Now the register exports them per OTEL_LOGS_EXPORTER (default
// otlp), out of process here: a real app under `--import @llmcost/otel/register` with a budget file whose global
// alert threshold the first call crosses, exporting OTLP/JSON to the in-process receiver.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import { FIXTURES, type NodeResult, runNode } from './helpers/run-node.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-budget-logs-'));
const BUDGET = join(dir, 'budget.yaml');
// $1 a month, an alert at 0.0001% of it: the first call's few millionths of a dollar cross it.
writeFileSync(BUDGET, 'global:\n  monthUsd: 1\n  alertAt: [0.000001]\n');

let h: Harness;
const runs = new Map<string, NodeResult>();

beforeAll(async () => {
  h = await startHarness();
  for (const [id, extra] of [
    ['logs-default', {}],
    ['logs-none', { OTEL_LOGS_EXPORTER: 'none' }],
  ] as const) {
    runs.set(
      id,
      await runNode({
        cwd: `${FIXTURES}openai-v6`,
        args: ['--import', '@llmcost/otel/register', 'app.mjs'],
        env: h.env(id, { LLMCOST_BUDGET_FILE: BUDGET, ...extra }),
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const logsOf = (service: string) => h.receiver.logs.filter((l) => l.resource['service.name'] === service);

describe('budget alerts as log records', () => {
  it('are exported over OTLP by default: one llmcost.budget.threshold record for the threshold crossed', () => {
    const r = runs.get('logs-default')!;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [record, ...more] = logsOf('logs-default');
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      eventName: 'llmcost.budget.threshold',
      scope: '@llmcost/budget',
      severityText: 'WARN',
      attributes: { 'llmcost.budget.scope': 'global', 'llmcost.budget.threshold': 0.000001 },
    });
    expect(record?.body).toMatch(/^global month budget at \d+% /);
  });

  it('OTEL_LOGS_EXPORTER=none exports none', () => {
    const r = runs.get('logs-none')!;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(h.llmSpans('logs-none')).toHaveLength(2);
    expect(logsOf('logs-none')).toEqual([]);
  });
});
