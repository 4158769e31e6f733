// The SDK version matrix, out of process: real `node --import/--require @llmcost/otel/register` apps
// (test/fixtures/*, listed in helpers/register-cases.ts) against mock-llm, exporting OTLP/JSON to an in-process
// receiver, on the Node that runs this file (CI: each of test/ci-matrix.mjs; an SDK that does not support that
// Node is left out there). The built dist is what runs (the root test script builds first).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCost } from '@llmcost/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, metricTotal, startHarness } from './helpers/harness.js';
import { type RedisServer, startRedisServer } from './helpers/redis-server.js';
import { BUDGETED, CASES, type Case } from './helpers/register-cases.js';
import { FIXTURES, mapLimit, type NodeResult, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

// The Gemini, Bedrock and Mistral apps (BUDGETED) make a third call as a `free` user, whose cap is below any call:
// rejected before it is sent. The Bedrock apps then stream as a `metered` user whose cap lets the stream start
// (it reserves the 20 output tokens of `defaultTokens`) and cuts it once the meter (every 50 tokens) passes the
// cap: mock-llm streams 400 tokens, well above it. The guard keeps its state in a real Redis (LLMCOST_REDIS_URL),
// shared by these apps.
const BUDGET = `
keyPrefix: "{matrix}"
users:
  default: { hourUsd: 10 }
  tiers:
    free: { hourUsd: 0.0000001 }
    metered: { hourUsd: 0.002 }
expectedOutput:
  defaultTokens: { default: 20 }
metering: { everyTokens: 50 }
`;

type SdkUsage = Record<string, number | undefined>;

/** The semconv input count: OpenAI's and Mistral's prompt tokens include cached input; Anthropic's input_tokens
 * and Bedrock Converse's inputTokens do not. Gemini: promptTokenCount includes cached content; thoughts are
 * output beside candidatesTokenCount. */
function expectedTokens(provider: Case['provider'], u: SdkUsage): { input: number; output: number } {
  if (provider === 'openai') return { input: u.prompt_tokens!, output: u.completion_tokens! };
  if (provider === 'mistral_ai') return { input: u.promptTokens!, output: u.completionTokens! };
  if (provider === 'aws.bedrock') {
    const input = u.inputTokens! + (u.cacheReadInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0);
    return { input, output: u.outputTokens! };
  }
  if (provider === 'gcp.gemini')
    return { input: u.promptTokenCount!, output: u.candidatesTokenCount! + (u.thoughtsTokenCount ?? 0) };
  const input = u.input_tokens! + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0);
  return { input, output: u.output_tokens! };
}

/**
 * openai 4 requires `punycode` (node-fetch -> whatwg-url). Node >= 21 deprecates that module but warns only when
 * the require() comes from code outside node_modules, judged by the nearest frame: here require-in-the-middle's
 * wrapper in packages/otel/dist, a workspace path. Installed, the bundle is under node_modules and Node says
 * nothing (test/otel-lines.test.ts runs the installed form); so this one line is dropped, nothing else.
 */
const withoutWorkspacePunycodeWarning = (stderr: string) =>
  stderr.replace(
    /^\(node:\d+\) \[DEP0040\] DeprecationWarning: The `punycode` module is deprecated\..*\n\(Use `node --trace-deprecation \.\.\.` to show where the warning was created\)\n/m,
    '',
  );

let h: Harness;
let redis: RedisServer;
const results = new Map<string, NodeResult>();

beforeAll(async () => {
  [h, redis] = await Promise.all([startHarness(), startRedisServer()]);
  const budgetFile = join(mkdtempSync(join(tmpdir(), 'llmcost-matrix-')), 'budget.yaml');
  writeFileSync(budgetFile, BUDGET);
  await mapLimit(CASES, SPAWN_CONCURRENCY, async (c) => {
    const extra: Record<string, string> = BUDGETED.has(c.provider)
      ? {
          GEMINI_BASE_URL: h.mock.url,
          BEDROCK_ENDPOINT: h.mock.url,
          MOCK_URL: h.mock.url,
          // The AWS SDK's own warning on Node < 22 (its releases from 2027 need 22), by its documented switch.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          LLMCOST_BUDGET_FILE: budgetFile,
          LLMCOST_REDIS_URL: redis.url,
          RUN: c.id,
        }
      : {};
    const r = await runNode({
      cwd: `${FIXTURES}${c.dir}`,
      args: [c.flag, '@llmcost/otel/register', c.file],
      env: h.env(c.id, extra),
    });
    results.set(c.id, r);
  });
}, 600_000);

afterAll(async () => {
  await Promise.all([h?.close(), redis?.stop()]);
});

const NANOS_PER_USD = 1e9; // the Redis store's integer unit (packages/budget/src/money.ts)
const nanosOf = (spans: { attributes: Record<string, unknown> }[]) =>
  spans.reduce(
    (sum, s) =>
      sum + Math.round(((s.attributes['gen_ai.usage.cost'] as number | undefined) ?? 0) * NANOS_PER_USD),
    0,
  );
const byUser = (c: Case, user: string) => h.llmSpans(c.id).filter((s) => s.attributes['user.id'] === user);
/** Per-provider, by hand: USD per 1M input and output tokens of the matrix's model. */
const RATES: Partial<Record<Case['provider'], [number, number]>> = {
  'gcp.gemini': [0.3, 2.5], // gemini-2.5-flash (thinking is output)
  'aws.bedrock': [3.3, 16.5], // Claude Sonnet 4.5 on a us. profile: Anthropic's $3/$15 plus Bedrock's 10% regional premium
  mistral_ai: [0.1, 0.3], // mistral-small-latest
};

it('the budgeted calls settle their actual cost on Redis (user hour windows), the rejected ones nothing', () => {
  const budgeted = CASES.filter((c) => BUDGETED.has(c.provider));
  const nanos = (pattern: string) =>
    redis
      .cli('--scan', '--pattern', pattern)
      .split('\n')
      .filter(Boolean)
      .reduce((sum, key) => sum + Number(redis.cli('GET', key)), 0);
  const spent = nanosOf(budgeted.flatMap((c) => byUser(c, 'user-42')));
  expect(spent).toBeGreaterThan(0);
  expect(nanos('{matrix}:u:user-42:h:*')).toBe(spent);
  expect(nanos('{matrix}:u:user-43:h:*')).toBe(0);
  // The cut streams settle what they received before the cut.
  const cut = nanosOf(budgeted.flatMap((c) => byUser(c, `user-44-${c.id}`)));
  expect(nanos('{matrix}:u:user-44-*:h:*')).toBe(cut);
  if (budgeted.some((c) => c.provider === 'aws.bedrock')) expect(cut).toBeGreaterThan(0);
});

describe.each(CASES)('$id ($flag, $file)', (c) => {
  it('runs the app unchanged and exports one priced span per call with attribution', () => {
    const r = results.get(c.id)!;
    expect(withoutWorkspacePunycodeWarning(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    const sdk = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { chat: SdkUsage; stream: SdkUsage };
    const operation = c.provider === 'gcp.gemini' ? 'generate_content' : 'chat';
    const spans = byUser(c, 'user-42');
    expect(spans.map((s) => s.name)).toEqual([`${operation} ${c.model}`, `${operation} ${c.model}`]);
    const plain = spans.find((s) => s.attributes['gen_ai.request.stream'] !== true)!;
    const streamed = spans.find((s) => s.attributes['gen_ai.request.stream'] === true)!;
    for (const [span, usage] of [
      [plain, sdk.chat],
      [streamed, sdk.stream],
    ] as const) {
      const a = span.attributes;
      const tokens = expectedTokens(c.provider, usage);
      expect(a['gen_ai.provider.name']).toBe(c.provider);
      expect(a['gen_ai.usage.input_tokens']).toBe(tokens.input);
      expect(a['gen_ai.usage.output_tokens']).toBe(tokens.output);
      expect(a['user.id']).toBe('user-42');
      expect(a['llmcost.feature']).toBe('fixture-chat');
      expect(a['llmcost.tier']).toBe('pro');
      expect(a['llmcost.pricing.status']).toBe('priced');
      const cost = computeCost(
        { inputTokens: tokens.input, outputTokens: tokens.output },
        // Bedrock answers with no model name: the request's id is priced.
        String(a['gen_ai.response.model'] ?? a['gen_ai.request.model']),
        {
          provider: c.provider,
        },
      );
      expect(cost.status).toBe('priced');
      expect(a['gen_ai.usage.cost']).toBe(cost.totalUsd);
      expect(a['gen_ai.usage.cost']).toBeGreaterThan(0);
      const rates = RATES[c.provider];
      if (rates) {
        expect(a['gen_ai.usage.cost']).toBeCloseTo(
          (tokens.input * rates[0] + tokens.output * rates[1]) / 1e6,
          15,
        );
        expect(a['llmcost.budget.decision']).toBe('allowed');
      }
    }
  });

  // The Gemini, Bedrock and Mistral apps make a third call over a user budget; the OpenAI and Anthropic apps do not.
  if (BUDGETED.has(c.provider))
    it('rejects over budget before any request reaches mock-llm', () => {
      const out = JSON.parse(results.get(c.id)!.stdout.trim().split('\n').at(-1)!);
      expect(out.rejected).toEqual({ name: 'BudgetExceededError', scope: 'user' });
      const sent = h.mock.requests.filter((r) => r.headers['x-e2e-run'] === c.id);
      const model = encodeURIComponent(c.model);
      const paths: Partial<Record<Case['provider'], string[]>> = {
        // 1.x and 2.x call the v1beta API by default, 3.x v1.
        'gcp.gemini': [`/models/${c.model}:generateContent`, `/models/${c.model}:streamGenerateContent`],
        // The third request is the metered user's stream.
        'aws.bedrock': [
          `/model/${model}/converse`,
          `/model/${model}/converse-stream`,
          `/model/${model}/converse-stream`,
        ],
        mistral_ai: ['/chat/completions', '/chat/completions'],
      };
      expect(sent.map((r) => r.path.replace(/^\/v1(beta)?\//, '/').replace(/\?.*/, ''))).toEqual(
        paths[c.provider],
      );
      const rejected = h.llmSpans(c.id).filter((s) => s.attributes['llmcost.budget.decision'] === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.attributes['error.type']).toBe('BudgetExceededError');
      expect(rejected[0]!.attributes['user.id']).toBe('user-43');
    });

  if (c.provider === 'aws.bedrock')
    it("cuts a metered stream at the cap, through the app's own loop", () => {
      const out = JSON.parse(results.get(c.id)!.stdout.trim().split('\n').at(-1)!);
      expect(out.cut).toMatchObject({ name: 'BudgetExceededError', scope: 'user' });
      expect(out.cut.text.length).toBeGreaterThan(0);
      const [span, ...others] = byUser(c, `user-44-${c.id}`);
      expect(others).toEqual([]);
      const a = span!.attributes;
      expect(a['error.type']).toBe('BudgetExceededError');
      // Fewer than the 400 tokens mock-llm was asked to stream, priced as received. The provider sent no usage
      // before the cut, so the count is ours: under llmcost.estimated.*, never as billed gen_ai usage (issue 14).
      expect(a['llmcost.pricing.status']).toBe('estimated');
      expect(a['gen_ai.usage.output_tokens']).toBeUndefined();
      expect(a['llmcost.estimated.output_tokens']).toBeGreaterThan(0);
      expect(a['llmcost.estimated.output_tokens']).toBeLessThan(400);
      expect(a['gen_ai.usage.cost']).toBeGreaterThan(0);
    });

  it('exports the metrics at exit', () => {
    const m = h.metrics(c.id);
    // The budgeted apps' third call was rejected: counted as a call, with no cost. Bedrock's fourth was cut.
    const cut = c.provider === 'aws.bedrock' ? 1 : 0;
    expect(metricTotal(m, 'llmcost.calls').value).toBe(2 + (BUDGETED.has(c.provider) ? 1 : 0) + cut);
    const spanCost = h
      .llmSpans(c.id)
      .reduce((sum, s) => sum + ((s.attributes['gen_ai.usage.cost'] as number | undefined) ?? 0), 0);
    const cost = metricTotal(m, 'gen_ai.usage.cost');
    expect(cost.count).toBe(2 + cut);
    expect(cost.value).toBeCloseTo(spanCost, 12);
  });
});
