// One small out-of-process test per environment variable: a real `node --import @llmcost/otel/register`
// app (test/fixtures/openai-v6/scenario.mjs) with that variable set, good values and bad ones.
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCost } from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashUserId } from '../packages/otel/src/context.js';
import { formatUsd, toFemto } from '../packages/otel/src/summary/index.js';
import { freePort } from './helpers/free-port.js';
import { type Harness, startHarness } from './helpers/harness.js';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';
import { FIXTURES, mapLimit, type NodeResult, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

const APP_DIR = `${FIXTURES}openai-v6`;
const tmp = mkdtempSync(join(tmpdir(), 'llmcost-env-'));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

const PRICING_OK = file(
  'prices.json',
  JSON.stringify({
    version: 'test-negotiated',
    entries: [
      {
        provider: 'openai',
        model: 'gpt-4o-mini',
        input: 1.5,
        output: 6,
        asOf: '2026-01-01',
        source: 'test contract',
      },
    ],
  }),
);
const PRICING_BAD = file(
  'bad-prices.json',
  JSON.stringify({ entries: [{ provider: 'openai', model: 'gpt-4o-mini' }] }),
);
const BUDGET_OK = file('budget.yaml', 'users:\n  default:\n    dayUsd: 100\n');
const BUDGET_BAD = file('bad-budget.yaml', 'perRequest:\n  maxInputTokens: lots\n');
// Rejects scenario.mjs's call (max_tokens 12) before any request: enforcement is visible without spending.
const BUDGET_REJECTS = file('rejects.yaml', 'perRequest:\n  maxOutputTokens: 5\n');
const BUDGET_CLOSED = file('closed.yaml', 'onStoreError: closed\nusers:\n  default:\n    dayUsd: 100\n');
const BUDGET_OPEN = file('open.yaml', 'onStoreError: open\nusers:\n  default:\n    dayUsd: 100\n');

let h: Harness;
let redis: RedisServer;
let redisKeys: string[] = [];
let promPort: number;
let taken: Server;
let takenPort: number;
let scrape = '';
const runs = new Map<string, NodeResult>();

/** Every run gets its own service name, so its telemetry can be told apart in the shared receiver. */
const RUNS: Record<
  string,
  {
    env?: Record<string, string>;
    scenario?: string;
    onReady?: 'scrape-then-term' | 'term' | 'int';
    args?: string[];
  }
> = {
  programmatic: { args: ['programmatic.cjs'] },
  'on-call-recorded-cjs': { args: ['--require', '@llmcost/otel/register', 'listen.cjs'] },
  plain: {},
  'metrics-exporter-typo': { env: { OTEL_METRICS_EXPORTER: 'promethus' } },
  'sdk-disabled': { env: { OTEL_SDK_DISABLED: 'true' } },
  protobuf: { env: { OTEL_EXPORTER_OTLP_PROTOCOL: '', OTEL_METRICS_EXPORTER: 'none' } },
  'protocol-typo': { env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/proto' } },
  headers: { env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-llmcost-test=a%20b' } },
  'traces-endpoint': { env: { OTEL_METRICS_EXPORTER: 'none' } },
  'traces-console': { env: { OTEL_TRACES_EXPORTER: 'console', OTEL_METRICS_EXPORTER: 'none' } },
  'summary-stderr': { env: { LLMCOST_SUMMARY: 'stderr' } },
  'summary-stdout': { env: { LLMCOST_SUMMARY: 'stdout' } },
  'summary-typo': { env: { LLMCOST_SUMMARY: 'yes' } },
  'user-hash': { env: { LLMCOST_USER_ID_HASH: 'pepper' } },
  capture: { env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' } },
  'capture-capped': {
    env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true', LLMCOST_CONTENT_MAX_CHARS: '10' },
  },
  'stream-usage-on': { scenario: 'stream-no-usage', env: { LLMCOST_OPENAI_INCLUDE_STREAM_USAGE: 'true' } },
  'stream-usage-off': { scenario: 'stream-no-usage' },
  // Both in one process: estimates under the GenAI names, and the latest GenAI conventions.
  'estimated-as-genai-latest': {
    scenario: 'stream-no-usage',
    env: {
      LLMCOST_ESTIMATED_USAGE_AS_GENAI: 'true',
      OTEL_SEMCONV_STABILITY_OPT_IN: 'http,gen_ai_latest_experimental',
    },
  },
  'pricing-file': { env: { LLMCOST_PRICING_FILE: PRICING_OK } },
  'pricing-file-bad': { env: { LLMCOST_PRICING_FILE: PRICING_BAD } },
  'budget-file': { env: { LLMCOST_BUDGET_FILE: BUDGET_OK } },
  'budget-file-bad': { env: { LLMCOST_BUDGET_FILE: BUDGET_BAD } },
  'redis-url-typo': { env: { LLMCOST_REDIS_URL: 'localhost:6379' } },
  // A typo in a telemetry variable must not switch the budget off (issue 12 High 4).
  'typo-keeps-budget': {
    scenario: 'budget-probe',
    env: { OTEL_METRICS_EXPORTER: 'promethus', LLMCOST_BUDGET_FILE: BUDGET_REJECTS },
  },
  'redis-url-bad-closed': {
    scenario: 'budget-probe',
    env: { LLMCOST_REDIS_URL: 'redis://default:hunter2@red is:6379', LLMCOST_BUDGET_FILE: BUDGET_CLOSED },
  },
  'redis-url-bad-open': {
    scenario: 'budget-probe',
    env: { LLMCOST_REDIS_URL: 'localhost:6379', LLMCOST_BUDGET_FILE: BUDGET_OPEN },
  },
  'user-hash-empty': { env: { LLMCOST_USER_ID_HASH: '' } },
  urls: { scenario: 'urls' },
  'prometheus-port-taken': {
    env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1' },
  },
  // A server app using the shared Redis budget, stopped by SIGTERM (the guard's Redis connection does not by
  // itself keep a process alive: packages/budget/test/process-exit.test.ts).
  'redis-url': { scenario: 'serve', onReady: 'term', env: { LLMCOST_BUDGET_FILE: BUDGET_OK } },
  'metrics-endpoint': { env: { OTEL_TRACES_EXPORTER: 'none' } },
  'log-level': { env: { OTEL_LOG_LEVEL: 'debug', OTEL_METRICS_EXPORTER: 'none' } },
  'interval-typo': { env: { OTEL_METRIC_EXPORT_INTERVAL: '10s' } },
  'http-off': { env: { LLMCOST_HTTP_INSTRUMENTATION: 'false' } },
  'on-call-recorded': { scenario: 'listen' },
  'metrics-user-limit': { env: { LLMCOST_METRICS_USER_ID_LIMIT: '5' } },
  'metrics-user-limit-typo': { env: { LLMCOST_METRICS_USER_ID_LIMIT: 'many' } },
  'exit-explicit': { scenario: 'exit-explicit', env: { LLMCOST_SUMMARY: 'stderr' } },
  prometheus: { scenario: 'serve', onReady: 'scrape-then-term' },
  'own-sigterm-handler': { scenario: 'serve-own-handler', onReady: 'term' },
  sigint: { scenario: 'serve', onReady: 'int' },
};

beforeAll(async () => {
  [h, redis] = await Promise.all([startHarness(), startRedisServer()]);
  promPort = await freePort();
  // A port something else listens on, for the Prometheus exporter to fail to bind.
  taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  takenPort = (taken.address() as AddressInfo).port;
  RUNS['prometheus-port-taken']!.env!.OTEL_EXPORTER_PROMETHEUS_PORT = String(takenPort);
  RUNS['redis-url']!.env!.LLMCOST_REDIS_URL = redis.url;
  RUNS['metrics-endpoint']!.env!.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = `${h.receiver.url}/custom/metrics`;
  RUNS['traces-endpoint']!.env!.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `${h.receiver.url}/custom/traces`;
  RUNS.prometheus!.env = {
    OTEL_METRICS_EXPORTER: 'prometheus',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(promPort),
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
  };
  await mapLimit(Object.entries(RUNS), SPAWN_CONCURRENCY, async ([name, run]) => {
    const result = await runNode({
      cwd: APP_DIR,
      args: run.args ?? ['--import', '@llmcost/otel/register', 'scenario.mjs'],
      env: h.env(name, { SCENARIO: run.scenario ?? 'chat', ...run.env }),
      onStdout: (chunk, child) => {
        if (!chunk.includes('READY')) return;
        if (run.onReady === 'term') child.kill('SIGTERM');
        if (run.onReady === 'int') child.kill('SIGINT');
        if (run.onReady === 'scrape-then-term') {
          fetch(`http://127.0.0.1:${promPort}/metrics`)
            .then((res) => res.text())
            .then((text) => {
              scrape = text;
            })
            .finally(() => child.kill('SIGTERM'));
        }
      },
    });
    runs.set(name, result);
  });
  redisKeys = redis.cli('--scan').split('\n').filter(Boolean);
}, 600_000);

afterAll(async () => {
  taken?.close();
  await Promise.all([h?.close(), redis?.stop()]);
});

const run = (name: string) => runs.get(name)!;
const sdkUsage = (name: string) => JSON.parse(run(name).stdout.split('\n')[0]!).chat;
const llmSpan = (name: string) => {
  const spans = h.llmSpans(name);
  expect(spans).toHaveLength(1);
  return spans[0]!;
};
const UNINSTRUMENTED = '; llmcost is off, the app runs uninstrumented\n';

describe('OTEL_SERVICE_NAME', () => {
  it('names the resource of every exported span', () => {
    expect(run('plain').code).toBe(0);
    expect(llmSpan('plain').resource['service.name']).toBe('plain');
  });
});

describe('OTEL_METRICS_EXPORTER', () => {
  it('a typo gives one line naming the variable and the accepted values; the app runs uninstrumented', () => {
    const r = run('metrics-exporter-typo');
    expect(r.stderr).toBe(
      `llmcost: OTEL_METRICS_EXPORTER="promethus" is not a comma-separated list of otlp, prometheus, console, none${UNINSTRUMENTED}`,
    );
    expect(r.code).toBe(0);
    expect(sdkUsage('metrics-exporter-typo').prompt_tokens).toBeGreaterThan(0);
    expect(h.spans('metrics-exporter-typo')).toEqual([]);
  });

  it('prometheus serves exactly the canonical names, scraped from the running app', () => {
    const names = new Set(
      scrape
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]),
    );
    for (const name of [
      'gen_ai_client_token_usage',
      'gen_ai_client_operation_duration_seconds',
      'gen_ai_usage_cost_USD',
      'llmcost_calls_total',
      'llmcost_tokens_total',
    ]) {
      expect(names).toContain(name);
    }
    const canonical =
      /^(gen_ai_client_token_usage|gen_ai_client_operation_duration_seconds|gen_ai_client_operation_time_to_first_chunk_seconds|gen_ai_usage_cost_USD|llmcost_calls_total|llmcost_tokens_total|llmcost_cache_savings_USD_total|llmcost_budget_(spent|limit)_USD|llmcost_budget_(rejections|downgrades)_total|llmcost_user_spend_alerts_total|llmcost_spans_dropped_total|llmcost_metrics_overflow_total)$/;
    const ours = scrape
      .split('\n')
      .filter((l) => l.includes('otel_scope_name="@llmcost/otel"'))
      .map((l) => l.split('{')[0]!.replace(/_(bucket|sum|count)$/, ''));
    expect(ours.length).toBeGreaterThan(0);
    for (const name of ours) expect(name).toMatch(canonical);
    expect(scrape).toMatch(/gen_ai_usage_cost_USD_count\{[^}]*llmcost_feature="env-test"[^}]*\} 1/);
  });
});

describe('OTEL_EXPORTER_PROMETHEUS_PORT / SIGTERM', () => {
  it('a SIGTERM with no app handler flushes spans, then ends the process by the signal as Node would', () => {
    const r = run('prometheus');
    expect(r.signal).toBe('SIGTERM');
    expect(h.llmSpans('prometheus')).toHaveLength(1);
  });

  it('a SIGINT (Ctrl-C) with no app handler flushes, then ends the process by SIGINT', () => {
    expect(run('sigint').signal).toBe('SIGINT');
    expect(h.llmSpans('sigint')).toHaveLength(1);
  });

  it("a SIGTERM with the app's own handler flushes and leaves the exit to the app", () => {
    const r = run('own-sigterm-handler');
    expect(r.stdout).toContain('app handler ran');
    expect(r.code).toBe(7);
    expect(h.llmSpans('own-sigterm-handler')).toHaveLength(1);
  });
});

describe('OTEL_EXPORTER_PROMETHEUS_PORT in use', () => {
  it('is said in one line (it was silent without OTEL_LOG_LEVEL); the app runs', () => {
    const r = run('prometheus-port-taken');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `llmcost: cannot serve Prometheus metrics on 127.0.0.1:${takenPort} (EADDRINUSE); metrics are not exported; set OTEL_EXPORTER_PROMETHEUS_PORT to a free port\n`,
    );
    expect(llmSpan('prometheus-port-taken').attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
  });
});

describe('OTEL_SDK_DISABLED', () => {
  it('true: nothing exported, nothing said, the app runs', () => {
    const r = run('sdk-disabled');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(h.spans('sdk-disabled')).toEqual([]);
  });
});

describe('OTEL_EXPORTER_OTLP_PROTOCOL', () => {
  it('defaults to http/protobuf, which carries the same attributes', () => {
    const req = h.receiver.requests.find(
      (q) => q.path === '/v1/traces' && q.contentType === 'application/x-protobuf',
    );
    expect(req).toBeDefined();
    const a = llmSpan('protobuf').attributes;
    expect(a['user.id']).toBe('user-42');
    expect(a['gen_ai.usage.input_tokens']).toBe(sdkUsage('protobuf').prompt_tokens);
    expect(typeof a['gen_ai.usage.cost']).toBe('number');
  });

  it('a typo is one line', () =>
    expect(run('protocol-typo').stderr).toBe(
      `llmcost: OTEL_EXPORTER_OTLP_PROTOCOL="http/proto" is not one of http/protobuf, http/json, grpc${UNINSTRUMENTED}`,
    ));
});

describe('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', () => {
  it('is used as is', () => {
    expect(run('metrics-endpoint').code).toBe(0);
    expect(h.receiver.requests.some((q) => q.path === '/custom/metrics')).toBe(true);
  });
});

describe('OTEL_EXPORTER_OTLP_HEADERS', () => {
  it('sends the headers, percent-decoded', () => {
    expect(h.llmSpans('headers')).toHaveLength(1);
    const withHeader = h.receiver.requests.filter((q) => q.headers['x-llmcost-test'] !== undefined);
    expect(withHeader.map((q) => q.headers['x-llmcost-test'])).toContain('a b');
  });
});

describe('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', () => {
  it('is used as is', () => {
    expect(run('traces-endpoint').code).toBe(0);
    expect(h.receiver.requests.some((q) => q.path === '/custom/traces')).toBe(true);
  });
});

describe('OTEL_TRACES_EXPORTER', () => {
  it('console prints spans to stdout and sends none', () => {
    const r = run('traces-console');
    expect(r.stdout).toContain("name: 'chat gpt-4o-mini'");
    expect(r.stdout).toContain("'user.id': 'user-42'");
    expect(h.spans('traces-console')).toEqual([]);
  });
});

describe('LLMCOST_SUMMARY', () => {
  it('stderr: a table by feature, user and model with the exact cost', () => {
    const r = run('summary-stderr');
    const cost = llmSpan('summary-stderr').attributes['gen_ai.usage.cost'] as number;
    expect(r.stderr).toContain('llmcost summary: 1 LLM calls');
    expect(r.stderr).toMatch(
      new RegExp(`^env-test\\s+1\\s+\\d+\\s+\\d+\\s+\\${formatUsd(toFemto(cost))}\\s+0\\s+0\\s+0$`, 'm'),
    );
    expect(r.stderr).toMatch(/^user-42\s+1\s/m);
    expect(r.stderr).toMatch(/^openai\/gpt-4o-mini\s+1\s/m);
  });
  it('stdout', () => {
    expect(run('summary-stdout').stdout).toContain('llmcost summary: 1 LLM calls');
    expect(run('summary-stdout').stderr).toBe('');
  });
  it('off by default', () => expect(run('plain').stderr).toBe(''));
  it('a typo is one line', () =>
    expect(run('summary-typo').stderr).toBe(
      `llmcost: LLMCOST_SUMMARY="yes" is not one of stderr, stdout, off${UNINSTRUMENTED}`,
    ));
});

describe('LLMCOST_USER_ID_HASH', () => {
  it('puts user.hash (HMAC with the key) instead of user.id', () => {
    const a = llmSpan('user-hash').attributes;
    expect(a['user.id']).toBeUndefined();
    expect(a['user.hash']).toBe(hashUserId('user-42', 'pepper'));
  });
});

describe('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', () => {
  it('off by default', () => expect(llmSpan('plain').attributes['gen_ai.input.messages']).toBeUndefined());
  it('true captures the prompt', () =>
    expect(String(llmSpan('capture').attributes['gen_ai.input.messages'])).toContain(
      'Tell me about the environment variables.',
    ));
});

describe('LLMCOST_CONTENT_MAX_CHARS', () => {
  it('caps captured content', () => {
    const capped = String(llmSpan('capture-capped').attributes['gen_ai.input.messages']);
    expect(capped).not.toContain('Tell me about the environment variables.');
    expect(capped.length).toBeLessThan(String(llmSpan('capture').attributes['gen_ai.input.messages']).length);
  });
});

describe('LLMCOST_OPENAI_INCLUDE_STREAM_USAGE', () => {
  it('true: the streamed call is priced from provider usage', () =>
    expect(llmSpan('stream-usage-on').attributes['llmcost.pricing.status']).toBe('priced'));
  it('off by default: the request is left as the app wrote it, and the cost is estimated locally', () =>
    expect(llmSpan('stream-usage-off').attributes['llmcost.pricing.status']).toBe('estimated'));
});

describe('LLMCOST_ESTIMATED_USAGE_AS_GENAI', () => {
  it('unset: local counts under llmcost.estimated.*, none under gen_ai.usage.*', () => {
    const a = llmSpan('stream-usage-off').attributes;
    expect(a['llmcost.estimated.output_tokens']).toBeGreaterThan(0);
    expect(a['gen_ai.usage.output_tokens']).toBeUndefined();
  });
  it('true: local counts under gen_ai.usage.*, still marked estimated', () => {
    const a = llmSpan('estimated-as-genai-latest').attributes;
    expect(a['llmcost.pricing.status']).toBe('estimated');
    expect(a['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(a['llmcost.estimated.output_tokens']).toBeUndefined();
  });
});

describe('OTEL_SEMCONV_STABILITY_OPT_IN', () => {
  const names = (run: string) => new Set(h.metrics(run).map((m) => m.name));
  it('unset: the v1.41.1 GenAI metrics', () => {
    expect(names('stream-usage-off').has('gen_ai.client.operation.duration')).toBe(true);
    expect(names('stream-usage-off').has('gen_ai.client.inference.duration')).toBe(false);
  });
  it('gen_ai_latest_experimental in the list: the GenAI metrics of semantic-conventions-genai instead', () => {
    const got = names('estimated-as-genai-latest');
    expect(got.has('gen_ai.client.inference.duration')).toBe(true);
    expect(got.has('gen_ai.client.inference.usage.output_tokens')).toBe(true);
    expect(got.has('gen_ai.client.operation.duration')).toBe(false);
  });
});

describe('LLMCOST_PRICING_FILE', () => {
  it('replaces the bundled price of a model', () => {
    const a = llmSpan('pricing-file').attributes;
    const input = a['gen_ai.usage.input_tokens'] as number;
    const output = a['gen_ai.usage.output_tokens'] as number;
    // 1.5 and 6 USD per 1M tokens, ten times the bundled gpt-4o-mini price.
    expect(a['gen_ai.usage.cost']).toBeCloseTo((input * 1.5 + output * 6) / 1e6, 15);
    const bundled = computeCost({ inputTokens: input, outputTokens: output }, 'gpt-4o-mini', {
      provider: 'openai',
    });
    expect(a['gen_ai.usage.cost']).not.toBe(bundled.totalUsd);
  });
  it('a bad file stops the start with exit code 1 and one line naming the file and the field', () => {
    const r = run('pricing-file-bad');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(PRICING_BAD);
    expect(lines[0]).toMatch(/field "input"/);
  });
});

describe('LLMCOST_BUDGET_FILE', () => {
  it('enables the budget guard', () =>
    expect(llmSpan('budget-file').attributes['llmcost.budget.decision']).toBe('allowed'));
  it('a bad file stops the start with exit code 1 and one line naming the file', () => {
    const r = run('budget-file-bad');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(BUDGET_BAD);
    expect(lines[0]).toContain('maxInputTokens');
  });
});

describe('LLMCOST_REDIS_URL', () => {
  it('keeps the budget state in that Redis (a real redis-server), and closes it on SIGTERM', () => {
    expect(run('redis-url').signal).toBe('SIGTERM');
    expect(run('redis-url').stderr).toBe('');
    expect(llmSpan('redis-url').attributes['llmcost.budget.decision']).toBe('allowed');
    expect(redisKeys.length).toBeGreaterThan(0);
    expect(redisKeys.every((k) => k.startsWith('{llmcost}'))).toBe(true);
  });
  it('a non-redis URL with no budget file is one line, and telemetry stays on (nothing uses the store)', () => {
    expect(run('redis-url-typo').stderr).toBe(
      'llmcost: LLMCOST_REDIS_URL="localhost:6379" is not a redis:// or rediss:// URL; ignored: no LLMCOST_BUDGET_FILE uses it\n',
    );
    expect(llmSpan('redis-url-typo').attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
  });
  it('a bad URL with a budget file follows onStoreError: closed rejects every call, says so, never shows the password', () => {
    const r = run('redis-url-bad-closed');
    expect(JSON.parse(r.stdout.trim())).toEqual({
      rejected: 'BudgetExceededError',
      reason: 'store_unavailable',
    });
    expect(r.stderr).toBe(
      'llmcost: LLMCOST_REDIS_URL="redis://default:REDACTED@red is:6379" is not a redis:// or rediss:// URL; the budget store cannot be set up, so every budgeted call is rejected (onStoreError: closed)\n',
    );
    expect(llmSpan('redis-url-bad-closed').attributes['llmcost.budget.decision']).toBe('rejected');
  });
  it('onStoreError: open lets the call through, and says so', () => {
    const r = run('redis-url-bad-open');
    expect(JSON.parse(r.stdout.trim()).chat.prompt_tokens).toBeGreaterThan(0);
    expect(r.stderr).toBe(
      'llmcost: LLMCOST_REDIS_URL="localhost:6379" is not a redis:// or rediss:// URL; the budget store cannot be set up, so calls go ahead without a budget check (onStoreError: open)\n',
    );
  });
});

describe('a bad telemetry variable with LLMCOST_BUDGET_FILE', () => {
  it('turns telemetry off with one line, and the budget is still enforced', () => {
    const r = run('typo-keeps-budget');
    expect(JSON.parse(r.stdout.trim())).toEqual({
      rejected: 'BudgetExceededError',
      reason: 'max_output_tokens',
    });
    expect(r.stderr).toBe(
      'llmcost: OTEL_METRICS_EXPORTER="promethus" is not a comma-separated list of otlp, prometheus, console, none; telemetry is off, the budget of LLMCOST_BUDGET_FILE is still enforced\n',
    );
    expect(h.spans('typo-keeps-budget')).toEqual([]);
    expect(h.mock.requests.some((q) => JSON.stringify(q.headers).includes('typo-keeps-budget'))).toBe(false);
  });
});

describe('credentials in the URLs of HTTP spans', () => {
  it('are redacted in url.full and url.query (fetch) and http.url / http.target (node:http); the rest stays', () => {
    expect(run('urls').code).toBe(0);
    const http = h.spans('urls').filter((s) => s.scope.startsWith('@opentelemetry/instrumentation-'));
    expect(http.map((s) => s.scope).sort()).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
    ]);
    const exported = JSON.stringify(http);
    expect(exported).not.toMatch(/s3cr3t/);
    expect(exported).toContain('keep=visible');
    const undici = http.find((s) => s.scope === '@opentelemetry/instrumentation-undici')!;
    expect(undici.attributes['url.query']).toBe(
      '?key=REDACTED&api-key=REDACTED&sig=REDACTED&X-Goog-Signature=REDACTED&AWSAccessKeyId=REDACTED&token=REDACTED&keep=visible',
    );
  });
});

describe('LLMCOST_USER_ID_HASH set but empty', () => {
  it('stops the start with exit code 1 and one line, before the app runs (no silent "no hashing")', () => {
    const r = run('user-hash-empty');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'llmcost: LLMCOST_USER_ID_HASH is set but empty; set it to a secret key, or unset it to record ids as they are\n',
    );
  });
});

describe('OTEL_LOG_LEVEL', () => {
  it('debug shows the SDK diagnostics on stderr', () => {
    expect(run('log-level').code).toBe(0);
    expect(run('log-level').stderr).toContain('Registered a global for trace');
  });
});

describe('OTEL_METRIC_EXPORT_INTERVAL', () => {
  it('a unit suffix is refused in one line', () =>
    expect(run('interval-typo').stderr).toBe(
      `llmcost: OTEL_METRIC_EXPORT_INTERVAL="10s" is not a whole number from 1 to 86400000${UNINSTRUMENTED}`,
    ));
});

describe('LLMCOST_METRICS_USER_ID_LIMIT', () => {
  const usersOnMetrics = (name: string) =>
    h
      .metrics(name)
      .filter((m) => m.scope === '@llmcost/otel')
      .flatMap((m) => m.points.map((p) => p.attributes['user.id']))
      .filter((u) => u !== undefined);
  it('off by default: no user.id on metrics', () => {
    expect(h.metrics('plain').length).toBeGreaterThan(0);
    expect(usersOnMetrics('plain')).toEqual([]);
  });
  it('set: user.id on metrics, for up to that many users', () =>
    expect(new Set(usersOnMetrics('metrics-user-limit'))).toEqual(new Set(['user-42'])));
  it('a word is refused in one line', () =>
    expect(run('metrics-user-limit-typo').stderr).toBe(
      `llmcost: LLMCOST_METRICS_USER_ID_LIMIT="many" is not a whole number from 0 to 100000${UNINSTRUMENTED}`,
    ));
});

describe('LLMCOST_HTTP_INSTRUMENTATION', () => {
  it('on by default, but the provider request inside an LLM call gets no HTTP span: the GenAI span covers it', () => {
    expect(h.llmSpans('plain')).toHaveLength(1);
    expect(h.spans('plain').filter((s) => s.scope.startsWith('@opentelemetry/instrumentation-'))).toEqual([]);
  });
  it('false: no HTTP spans, the LLM span remains', () => {
    expect(h.spans('http-off').some((s) => s.scope.startsWith('@opentelemetry/instrumentation-'))).toBe(
      false,
    );
    expect(h.llmSpans('http-off')).toHaveLength(1);
  });
});

describe('onCallRecorded (the API, imported by an app running under the register hook)', () => {
  it('receives the calls the register-started instrumentation records', () => {
    const r = run('on-call-recorded');
    expect(r.code).toBe(0);
    const { recorded } = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const chat = JSON.parse(r.stdout.split('\n')[0]!).chat;
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      feature: 'env-test',
      userId: 'user-42',
      inputTokens: chat.prompt_tokens,
      outputTokens: chat.completion_tokens,
      pricingStatus: 'priced',
    });
  });
});

describe('onCallRecorded in a CommonJS app under --require', () => {
  it('receives the calls too (the register and API bundles share one instance)', () => {
    const r = run('on-call-recorded-cjs');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim()).recorded).toEqual([
      { requestModel: 'gpt-4o-mini', userId: 'user-42' },
    ]);
  });
});

describe('process.exit() in the app', () => {
  it('keeps the exit code and still prints the summary (spans of the last moment are not flushed: no async work at exit)', () => {
    const r = run('exit-explicit');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('llmcost summary: 1 LLM calls');
  });
});

describe('startLlmcost (from code, no flag)', () => {
  it('instruments a CommonJS app; its options win over OTEL_SERVICE_NAME; shutdown() flushes and prints the summary', () => {
    const r = run('programmatic');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim()).service).toBe('programmatic-from-code');
    const spans = h.llmSpans('programmatic-from-code');
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes['llmcost.feature']).toBe('programmatic');
    expect(h.spans('programmatic')).toEqual([]);
    expect(r.stderr).toContain('llmcost summary: 1 LLM calls');
  });
});
