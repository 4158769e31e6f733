// Real provider responses, recorded by the Vercel AI SDK's own test suite, replayed through the real @ai-sdk
// provider packages (their `fetch` option) into `ai` 5 and 6: the tokens and dollars on our span must be those of
// the provider's usage, converted by our vendor converters, whatever the AI SDK makes of them in between.
// Sources (vercel/ai, Apache-2.0; data only):
// - __fixtures__/anthropic-prompt-cache.chunks.ndjson: packages/anthropic/src/__fixtures__/
//   anthropic-code-execution-20260120-prompt-cache.1.chunks.txt (commit 4bfb386e2dd0f8775b140a651a549ddc0b6e7352),
//   a claude-sonnet-5 stream whose message_delta carries the final input, cache read and cache write counts.
// - __fixtures__/openai-responses-reasoning.json: packages/openai/src/responses/__fixtures__/
//   openai-reasoning-encrypted-content.1.json (commit d7e3880f4afad1850ec9a1c948baf0221caa22b2), gpt-5-mini with
//   128 reasoning tokens.
import { readFileSync } from 'node:fs';
import { computeCost, convertOpenAIResponsesUsage, mergeAnthropicUsage } from '@llmcost/pricing';
import { describe, expect, it } from 'vitest';
import { loadAiSdk, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { AiSdkInstrumentation } from './index.js';

const t = useInstrumentation(new AiSdkInstrumentation());
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const anthropicEvents = fixture('anthropic-prompt-cache.chunks.ndjson')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
const responsesBody = fixture('openai-responses-reasoning.json');

const sse = (events: { type: string }[]) =>
  events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
const replay = (body: string, contentType: string) => async () =>
  new Response(body, { status: 200, headers: { 'content-type': contentType } });

describe.each([5, 6] as const)('recorded provider responses through ai %i', (major) => {
  const { ai, createOpenAI, createAnthropic } = loadAiSdk(major);

  it('Anthropic stream with cache reads and writes (usage completed by message_delta)', async () => {
    const anthropic = createAnthropic({
      apiKey: TEST_API_KEY,
      fetch: replay(sse(anthropicEvents), 'text/event-stream'),
    });
    // The recording ran Anthropic's code execution server tool: declared here as the recording app did.
    await ai
      .streamText({
        model: anthropic('claude-sonnet-5'),
        prompt: 'Sum the squares of 1 to 12',
        tools: { code_execution: anthropic.tools.codeExecution_20250825() },
      })
      .consumeStream();
    const start = anthropicEvents.find((e) => e.type === 'message_start');
    const delta = anthropicEvents.find((e) => e.type === 'message_delta');
    const usage = mergeAnthropicUsage(start, delta)!;
    expect(usage).toEqual({
      inputTokens: 6 + 6289 + 3337,
      outputTokens: 198,
      cacheReadInputTokens: 6289,
      cacheCreationInputTokens: 3337,
    });
    const cost = computeCost(usage, 'claude-sonnet-5', { provider: 'anthropic' });
    expect(cost.status).toBe('priced');
    expect(t.telemetry.onlySpan().attributes).toMatchObject({
      'gen_ai.response.model': 'claude-sonnet-5',
      'gen_ai.response.id': 'msg_011CdYfpjpVtBoXyXCQD1tQP',
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': 198,
      'gen_ai.usage.cache_read.input_tokens': 6289,
      'gen_ai.usage.cache_creation.input_tokens': 3337,
      'gen_ai.usage.cost': cost.totalUsd,
    });
  });

  it('OpenAI Responses with reasoning tokens', async () => {
    const openai = createOpenAI({ apiKey: TEST_API_KEY, fetch: replay(responsesBody, 'application/json') });
    await ai.generateText({ model: openai('gpt-5-mini'), prompt: 'Compute ((12 + 7) * 3) * 10' });
    const usage = convertOpenAIResponsesUsage(JSON.parse(responsesBody))!;
    expect(usage).toEqual({ inputTokens: 865, outputTokens: 163, reasoningOutputTokens: 128 });
    const cost = computeCost(usage, 'gpt-5-mini-2025-08-07', { provider: 'openai' });
    expect(cost.status).toBe('priced');
    expect(t.telemetry.onlySpan().attributes).toMatchObject({
      'gen_ai.response.model': 'gpt-5-mini-2025-08-07',
      'gen_ai.usage.input_tokens': 865,
      'gen_ai.usage.output_tokens': 163,
      'gen_ai.usage.reasoning.output_tokens': 128,
      'gen_ai.usage.cost': cost.totalUsd,
    });
  });
});
