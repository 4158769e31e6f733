// Replays every scenario of scenarios/scenarios.ts through the real promtool with the shipped rules, and
// prints what fired when: scenario, alert, first firing minute, expected. The goals are promtool assertions in
// the generated files (each expected alert fires within its deadline and only in its window, every other
// alert stays silent); the first-firing minutes come from probe expressions whose output promtool prints.
//   LLMCOST_SCENARIO_RULES=/path/to/other-rules.yml npx vitest run dashboards/prometheus/scenarios.test.ts
// replays the same scenarios against another rule file (for instance main's, to compare).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERT_NAMES } from './alert-names.js';
import { fileName, RULES_FILE } from './scenarios/generate.js';
import { allowedWindows, probeExpr, probes, renderScenario } from './scenarios/render.js';
import type { AlertName, Scenario } from './scenarios/scenario.js';
import { SCENARIOS } from './scenarios/scenarios.js';

const run = promisify(execFile);
const rules = resolve(process.env.LLMCOST_SCENARIO_RULES ?? RULES_FILE);
const dir = mkdtempSync(join(tmpdir(), 'llmcost-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Failure {
  expr: string;
  time: string;
  exp: string;
  got: string;
}

/** The failed expressions of a promtool run, as promtool prints them. */
function failures(output: string): Failure[] {
  const re = /expr: ("(?:[^"\\]|\\.)*"), time: ([^,\n]+),\n\s*exp: (.*)\n\s*got: (.*)/g;
  return [...output.matchAll(re)].map((m) => ({
    expr: JSON.parse(m[1]!),
    time: m[2]!,
    exp: m[3]!,
    got: m[4]!,
  }));
}

/** `{alertname="X"} 1.2E+04, ...` -> minute per alert. */
function firstMinutes(got: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of got.matchAll(/\{alertname="([^"]+)"[^}]*\} ([-0-9.E+]+)/g)) out.set(m[1]!, Number(m[2]));
  return out;
}

const clock = (minute: number) => {
  const d = Math.floor(minute / 1440);
  const h = Math.floor((minute % 1440) / 60);
  const m = Math.round(minute % 60);
  return `day ${d} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
};

interface Row {
  scenario: string;
  alert: string;
  first: string;
  expected: string;
  ok: boolean;
}

interface Outcome {
  rows: Row[];
  /** Goal assertions promtool reports as failed (not the probes). */
  failed: Failure[];
  seconds: number;
}

async function replayScenario(s: Scenario): Promise<Outcome> {
  const file = join(dir, fileName(s.name));
  writeFileSync(file, renderScenario(s, rules, true));
  const started = performance.now();
  let output: string;
  try {
    const r = await run('promtool', ['test', 'rules', file], { maxBuffer: 64 << 20 });
    output = r.stdout + r.stderr;
  } catch (e: any) {
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    if (!output.includes('FAILED')) throw new Error(`promtool failed on ${s.name}: ${e.message}\n${output}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const all = failures(output);
  const probeList = probes(s).map((p, i) => probeExpr(i, p.from, p.to));
  const measured = probeList.map((expr) => firstMinutes(all.find((f) => f.expr === expr)?.got ?? ''));
  const failed = all.filter((f) => !probeList.includes(f.expr));

  const rows: Row[] = [];
  s.expect.forEach((e, i) => {
    const first = measured[i + 1]!.get(e.alert);
    const after = first === undefined ? undefined : Math.round(first - e.after);
    rows.push({
      scenario: s.name,
      alert: e.alert,
      first: after === undefined ? 'never' : `+${after} min (${clock(first!)})`,
      expected: `within ${e.within} min`,
      ok: after !== undefined && after <= e.within,
    });
  });
  // alerts first firing outside the windows in which they may fire
  for (const [alert, minute] of measured[0]!) {
    const windows = allowedWindows(s, alert as AlertName);
    if (windows.some(([a, b]) => minute > a && minute <= b)) continue;
    rows.push({ scenario: s.name, alert, first: clock(minute), expected: 'silent', ok: false });
  }
  if (rows.length === 0)
    rows.push({ scenario: s.name, alert: '(every alert)', first: 'never', expected: 'silent', ok: true });
  return { rows, failed, seconds };
}

/** At most two promtool processes at a time (CI machines have two cores). */
async function inPool<T, R>(items: readonly T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

function table(rows: Row[]): string {
  const head: Row = {
    scenario: 'scenario',
    alert: 'alert',
    first: 'first firing',
    expected: 'expected',
    ok: true,
  };
  const cols = ['scenario', 'alert', 'first', 'expected'] as const;
  const width = cols.map((c) => Math.max(...[head, ...rows].map((r) => r[c].length)));
  const line = (r: Row) =>
    `${cols.map((c, i) => r[c].padEnd(width[i]!)).join(' | ')}${r === head ? ' | ok' : r.ok ? ' | yes' : ' | NO'}`;
  return [line(head), width.map((w) => '-'.repeat(w)).join('-|-') + '-|---', ...rows.map(line)].join('\n');
}

describe('alert scenarios (promtool replay of the shipped rules)', () => {
  it('every scenario meets its goals', { timeout: 1_800_000 }, async () => {
    const started = performance.now();
    const outcomes = await inPool(SCENARIOS, 2, replayScenario);
    const total = (performance.now() - started) / 1000;
    const rows = outcomes.flatMap((o) => o.rows);
    console.log(
      `${table(rows)}\n\nrules: ${rules}\npromtool: ${outcomes
        .map((o, i) => `${SCENARIOS[i]!.name} ${o.seconds.toFixed(1)}s`)
        .join(', ')}; ${total.toFixed(1)}s in all`,
    );
    const broken = outcomes.flatMap((o, i) =>
      o.failed.map((f) => `${SCENARIOS[i]!.name}: ${f.expr} at ${f.time}: expected ${f.exp}, got ${f.got}`),
    );
    expect(broken, broken.join('\n')).toEqual([]);
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    expect(new Set(SCENARIOS.flatMap((s) => s.expect.map((e) => e.alert)))).toEqual(
      new Set(ALERT_NAMES.filter((a) => !a.startsWith('LLMBudget') || a === 'LLMBudgetExhaustionForecast')),
    );
  });
});
