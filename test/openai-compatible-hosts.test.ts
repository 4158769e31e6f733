// OpenAI-compatible providers through the real `openai` SDK, out of process under `--import @llmcost/otel/register`
// (test/fixtures/openai-v6/compatible-hosts.mjs): the provider comes from the client's baseURL (known hosts,
// LLMCOST_PROVIDER_BY_HOST, a pricing file's providerByHost), each priced at that provider's own rates; a local
// server is unpriced unless a rate is configured; OpenRouter's usage.cost is the call's cost. mock-llm answers
// every host. Expected dollars are tokens x the rate per 1M tokens, written out below.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers/harness.js';
import type { ReceivedSpan } from './helpers/otlp-receiver.js';
import { FIXTURES, mapLimit, type NodeResult, runNode, SPAWN_CONCURRENCY } from './helpers/run-node.js';

const APP_DIR = `${FIXTURES}openai-v6`;
const tmp = mkdtempSync(join(tmpdir(), 'llmcost-hosts-'));

let h: Harness;
const runs = new Map<string, NodeResult>();

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

beforeAll(async () => {
  h = await startHarness();
  const port = new URL(h.mock.url).port;
  const pricingFile = join(tmp, 'local-rate.json');
  writeFileSync(
    pricingFile,
    JSON.stringify({
      entries: [
        { provider: 'ollama', model: '*', input: 0.02, output: 0.04, source: 'our GPU cost per token' },
      ],
      providerByHost: { [`localhost:${port}`]: 'ollama' },
    }),
  );
  const RUNS: Record<string, Record<string, string>> = {
    hosts: { LLMCOST_PROVIDER_BY_HOST: `127.0.0.1:${port}=groq,localhost:${port}=ollama` },
    'hosts-file': { LLMCOST_PRICING_FILE: pricingFile, CALLS: 'local' },
    'hosts-typo': { LLMCOST_PROVIDER_BY_HOST: 'groq', CALLS: 'groq' },
  };
  await mapLimit(Object.entries(RUNS), SPAWN_CONCURRENCY, async ([name, env]) => {
    const result = await runNode({
      cwd: APP_DIR,
      args: ['--import', '@llmcost/otel/register', 'compatible-hosts.mjs'],
      env: h.env(name, { MOCK_URL: h.mock.url, ...env }),
    });
    runs.set(name, result);
  });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

const run = (name: string) => runs.get(name)!;
/** The SDK's usage of each call, as the app printed it. */
const usages = (name: string) =>
  new Map(
    run(name)
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; usage: Usage })
      .map((c) => [c.name, c.usage]),
  );
/** The llmcost span of the call whose request model is `model`. */
const span = (service: string, model: string): ReceivedSpan => {
  const found = h.llmSpans(service).filter((s) => s.attributes['gen_ai.request.model'] === model);
  expect(found, model).toHaveLength(1);
  return found[0]!;
};
const usd = (...parts: Array<[tokens: number, perMillion: number]>) =>
  parts.reduce((sum, [tokens, rate]) => sum + (tokens * rate) / 1e6, 0);

describe('an openai client whose baseURL is another provider', () => {
  it('ran every call', () => {
    expect(run('hosts').code, run('hosts').stderr).toBe(0);
    expect([...usages('hosts').keys()]).toHaveLength(7);
    expect(h.llmSpans('hosts')).toHaveLength(7);
  });

  it('LLMCOST_PROVIDER_BY_HOST names the provider, priced at its own rates (Groq: $0.59 in, $0.79 out)', () => {
    const u = usages('hosts').get('groq')!;
    const s = span('hosts', 'llama-3.3-70b-versatile');
    expect(s.attributes['gen_ai.provider.name']).toBe('groq');
    expect(s.attributes['server.address']).toBe('127.0.0.1');
    expect(s.attributes['gen_ai.usage.input_tokens']).toBe(u.prompt_tokens);
    expect(s.attributes['gen_ai.usage.output_tokens']).toBe(u.completion_tokens);
    expect(s.attributes['llmcost.pricing.status']).toBe('priced');
    expect(s.attributes['llmcost.pricing.model']).toBe('llama-3.3-70b-versatile');
    expect(s.attributes['gen_ai.usage.cost']).toBeCloseTo(
      usd([u.prompt_tokens, 0.59], [u.completion_tokens, 0.79]),
      15,
    );
  });

  it('prices a stream of the same open weights at the host price, not another host price (Groq gpt-oss-120b: $0.15 / $0.60)', () => {
    const u = usages('hosts').get('groq-stream')!;
    const s = span('hosts', 'openai/gpt-oss-120b');
    expect(s.attributes['gen_ai.provider.name']).toBe('groq');
    expect(s.attributes['gen_ai.usage.output_tokens']).toBe(u.completion_tokens);
    expect(s.attributes['gen_ai.usage.cost']).toBeCloseTo(
      usd([u.prompt_tokens, 0.15], [u.completion_tokens, 0.6]),
      15,
    );
  });

  it('a local server is unpriced by default: no cost, never a cloud price', () => {
    const s = span('hosts', 'llama3.2:3b');
    expect(s.attributes['gen_ai.provider.name']).toBe('ollama');
    expect(s.attributes['server.address']).toBe('localhost');
    expect(s.attributes['llmcost.pricing.status']).toBe('unpriced');
    expect(s.attributes['gen_ai.usage.cost']).toBeUndefined();
    expect(s.attributes['gen_ai.usage.input_tokens']).toBe(usages('hosts').get('local')!.prompt_tokens);
  });

  it('a pricing file maps the host (providerByHost) and sets the local rate ("*" row: $0.02 in, $0.04 out)', () => {
    expect(run('hosts-file').code, run('hosts-file').stderr).toBe(0);
    const u = usages('hosts-file').get('local')!;
    const s = span('hosts-file', 'llama3.2:3b');
    expect(s.attributes['gen_ai.provider.name']).toBe('ollama');
    expect(s.attributes['llmcost.pricing.status']).toBe('priced');
    expect(s.attributes['llmcost.pricing.model']).toBe('*');
    expect(s.attributes['gen_ai.usage.cost']).toBeCloseTo(
      usd([u.prompt_tokens, 0.02], [u.completion_tokens, 0.04]),
      15,
    );
  });
});

describe('OpenRouter', () => {
  const openrouter = (model: string, cost: boolean) =>
    h
      .llmSpans('hosts')
      .filter(
        (s) =>
          s.attributes['gen_ai.request.model'] === model &&
          (s.attributes['llmcost.cost.source'] === 'provider') === cost,
      );

  it('records the reported usage.cost as the call cost, with the row it matched and the source', () => {
    const [s] = openrouter('anthropic/claude-sonnet-4.5', true);
    expect(s!.attributes['gen_ai.provider.name']).toBe('openrouter');
    expect(s!.attributes['server.address']).toBe('openrouter.ai');
    expect(s!.attributes['gen_ai.usage.cost']).toBe(0.000597);
    expect(s!.attributes['llmcost.pricing.status']).toBe('priced');
    expect(s!.attributes['llmcost.pricing.model']).toBe('claude-sonnet-4-5');
    // no split by token type is known: none is invented
    expect(s!.attributes['llmcost.cost.input_usd']).toBeUndefined();
  });

  it('reads usage.cost from a stream, also for an open-weight model the table does not price', () => {
    const [s] = openrouter('meta-llama/llama-3.3-70b-instruct', true);
    expect(s!.attributes['gen_ai.usage.cost']).toBe(0.0004);
    expect(s!.attributes['llmcost.pricing.model']).toBeUndefined();
  });

  it('without usage.cost: the vendor list price for a closed model ($3 / $15), unpriced for open weights', () => {
    const u = usages('hosts').get('openrouter-table')!;
    const [priced] = openrouter('anthropic/claude-sonnet-4.5', false);
    expect(priced!.attributes['gen_ai.usage.cost']).toBeCloseTo(
      usd([u.prompt_tokens, 3], [u.completion_tokens, 15]),
      15,
    );
    const [open] = openrouter('meta-llama/llama-3.3-70b-instruct', false);
    expect(open!.attributes['llmcost.pricing.status']).toBe('unpriced');
    expect(open!.attributes['gen_ai.usage.cost']).toBeUndefined();
  });
});

describe('LLMCOST_PROVIDER_BY_HOST', () => {
  it('a malformed value gives one line naming the variable and the fix; the app runs uninstrumented', () => {
    const r = run('hosts-typo');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'llmcost: LLMCOST_PROVIDER_BY_HOST="groq" has "groq", which is not host=provider (host, host:port or *.domain, no scheme or path); llmcost is off, the app runs uninstrumented\n',
    );
    expect(usages('hosts-typo').get('groq')!.completion_tokens).toBeGreaterThan(0);
    expect(h.llmSpans('hosts-typo')).toHaveLength(0);
  });
});
