// Runs the real promtool and amtool (Debian packages) on the shipped Prometheus rules and configs.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERT_NAMES } from './alert-names.js';

const run = promisify(execFile);
const dir = fileURLToPath(new URL('.', import.meta.url));
const rulesFile = join(dir, 'llmcost-rules.yml');
const testsDir = join(dir, 'tests');
const testFiles = readdirSync(testsDir).filter((f) => f.endsWith('.test.yml'));

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules: Rule[] = parse(readFileSync(rulesFile, 'utf8')).groups.flatMap(
  (g: { rules: Rule[] }) => g.rules,
);
const alerts = rules.filter((r) => r.alert);

/** Runs a command; resolves with its output whatever the exit status, so a failure prints promtool's report. */
const tool = async (cmd: string, args: string[]) => {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd: dir, maxBuffer: 16 << 20 });
    return { ok: true, out: stdout + stderr, stdout, ms: performance.now() - started };
  } catch (e: any) {
    return {
      ok: false,
      out: `${e.stdout ?? ''}${e.stderr ?? e.message}`,
      stdout: '',
      ms: performance.now() - started,
    };
  }
};

describe('prometheus rules', () => {
  it('promtool check rules accepts the rule file', async () => {
    const r = await tool('promtool', ['check', 'rules', rulesFile]);
    expect(r.out).toContain('SUCCESS');
    expect(r.ok, r.out).toBe(true);
  });

  it('defines exactly the documented alerts, each routed and linked to its runbook section', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([...ALERT_NAMES].sort());
    const runbook = readFileSync(join(dir, 'RUNBOOK.md'), 'utf8');
    for (const a of alerts) {
      expect(a.labels?.severity, a.alert).toMatch(/^(critical|warning|info)$/);
      expect(a.labels?.team, a.alert).toBe('llm-platform');
      expect(a.labels?.service, a.alert).toBe('llmcost');
      expect(a.annotations?.summary, a.alert).toBeTruthy();
      expect(a.annotations?.description, a.alert).toContain('$value');
      const anchor = a.annotations?.runbook?.split('RUNBOOK.md#')[1];
      expect(anchor, a.alert).toBe(a.alert!.toLowerCase());
      expect(runbook, a.alert).toContain(`## ${a.alert}\n`);
    }
  });

  it('every alert is exercised by at least one promtool test file', () => {
    const all = testFiles.map((f) => readFileSync(join(testsDir, f), 'utf8')).join('\n');
    for (const name of ALERT_NAMES) expect(all, name).toMatch(new RegExp(`alertname(: |=")${name}\\b`));
  });

  // Concurrent: the growth file (19 days) dominates; the others run beside it.
  it.concurrent.each(testFiles)('promtool test rules %s', { timeout: 300_000 }, async (file) => {
    const r = await tool('promtool', ['test', 'rules', join(testsDir, file)]);
    console.log(`promtool test rules ${file}: ${(r.ms / 1000).toFixed(1)}s`);
    expect(r.out).toContain('SUCCESS');
    expect(r.ok, r.out).toBe(true);
  });
});

describe('prometheus and alertmanager configs', () => {
  it('promtool check config accepts prometheus.yml (with its rule file)', async () => {
    const r = await tool('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    expect(r.ok, r.out).toBe(true);
  });

  it('amtool check-config accepts alertmanager.yml', async () => {
    const r = await tool('amtool', ['check-config', join(dir, 'alertmanager.yml')]);
    expect(r.ok, r.out).toBe(true);
  });

  const receiverFor = {
    critical: 'llm-platform-pager',
    warning: 'llm-platform-chat',
    info: 'llm-platform-tickets',
  };
  it.each(ALERT_NAMES)('alertmanager routes %s by its severity', async (name) => {
    const labels = alerts.find((a) => a.alert === name)!.labels!;
    const args = [
      'config',
      'routes',
      'test',
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `alertname=${name}`,
    ];
    const r = await tool('amtool', [...args, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
    expect(r.ok, r.out).toBe(true);
    expect(r.stdout.trim()).toBe(receiverFor[labels.severity as keyof typeof receiverFor]);
  });
});
