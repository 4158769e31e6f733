// The most common first run: no collector at the OTLP endpoint (issue 15 §3). One line says so, and the process
// ends with the app instead of waiting out the OTLP exporters' retries (up to 10 s per export: a 0.6 s script
// exited at 8.4 s, a server took 9 s to stop). A SIGTERM that arrives while the register is starting still stops
// the server. Out of process: real `node --import @llmcost/otel/register` apps, mock-llm, nothing listening on the
// OTLP port.
import { startMockLlm } from '@llmcost/mock-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';
import { FIXTURES, mapLimit, type NodeResult, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

type MockLlm = Awaited<ReturnType<typeof startMockLlm>>;
interface Run {
  result: NodeResult;
  /** ms from the app's last line (its own end; or the spawn, when it printed nothing) to the process's exit. */
  afterAppEndMs: number;
}

let mock: MockLlm;
const runs = new Map<string, Run>();
// Generous against a loaded CI machine; the exporters' retry deadline that used to hold the process is 10 s.
const EXIT_BOUND_MS = 4_000;

beforeAll(async () => {
  mock = await startMockLlm({ port: 0 });
  const nothing = `http://127.0.0.1:${await freePort()}`;
  const env = (
    scenario: string,
    endpoint: Record<string, string> = { OTEL_EXPORTER_OTLP_ENDPOINT: nothing },
  ) => ({
    OTEL_SERVICE_NAME: scenario,
    OPENAI_BASE_URL: `${mock.url}/v1`,
    SCENARIO: scenario,
    ...endpoint,
  });
  const cases: [string, string[], Record<string, string>, 'term' | undefined][] = [
    ['chat', ['--import', '@llmcost/otel/register', 'scenario.mjs'], env('chat'), undefined],
    ['serve', ['--import', '@llmcost/otel/register', 'scenario.mjs'], env('serve'), 'term'],
    [
      'term-at-start',
      ['--import', '@llmcost/otel/register', '--import', './sigterm-self.mjs', 'scenario.mjs'],
      env('serve'),
      undefined,
    ],
    // The default endpoint, as a user who set nothing gets it (nothing listens on localhost:4318 here).
    [
      'default-endpoint',
      ['--import', '@llmcost/otel/register', 'scenario.mjs'],
      { ...env('chat') },
      undefined,
    ],
  ];
  delete cases[3]![2].OTEL_EXPORTER_OTLP_ENDPOINT;
  await mapLimit(cases, SPAWN_CONCURRENCY, async ([name, args, caseEnv, signal]) => {
    const spawned = Date.now();
    let appEnd = 0;
    const result = await runNode({
      cwd: `${FIXTURES}openai-v6`,
      args,
      env: caseEnv,
      killAfterMs: 30_000,
      onStdout: (chunk, child) => {
        appEnd = Date.now();
        if (signal === 'term' && chunk.includes('READY')) child.kill('SIGTERM');
      },
    });
    runs.set(name, { result, afterAppEndMs: Date.now() - (appEnd || spawned) });
  });
}, 120_000);

afterAll(async () => {
  await mock?.close();
});

const ABSENT = (origin: string) =>
  `llmcost: no collector at ${origin}; spans and metrics are dropped; set OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_TRACES_EXPORTER=none and OTEL_METRICS_EXPORTER=none\n`;

describe('no collector at the OTLP endpoint', () => {
  it('a script says so in one line and exits with the app, code 0', () => {
    const { result, afterAppEndMs } = runs.get('chat')!;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim()).chat.prompt_tokens).toBeGreaterThan(0);
    expect(result.stderr).toMatch(/^llmcost: no collector at http:\/\/127\.0\.0\.1:\d+; spans and metrics/);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(afterAppEndMs).toBeLessThan(EXIT_BOUND_MS);
  });

  it('the default endpoint, localhost:4318, is named as the user would set it', () => {
    const { result, afterAppEndMs } = runs.get('default-endpoint')!;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(ABSENT('http://localhost:4318'));
    expect(afterAppEndMs).toBeLessThan(EXIT_BOUND_MS);
  });

  it('a server stops on SIGTERM, by that signal, without waiting for the exporters', () => {
    const { result, afterAppEndMs } = runs.get('serve')!;
    expect(result.signal).toBe('SIGTERM');
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(afterAppEndMs).toBeLessThan(EXIT_BOUND_MS);
  });

  it('a SIGTERM that arrives while the register is starting still stops the server', () => {
    const { result } = runs.get('term-at-start')!;
    // Not the test's 30 s safety kill (SIGKILL): the server ended of the SIGTERM it was sent.
    expect(result.signal).toBe('SIGTERM');
  });
});
