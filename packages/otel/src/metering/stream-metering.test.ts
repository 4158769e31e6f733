// Stream metering through the instrumentation: a real BudgetGuard (memory store, the real price table), the
// real openai, @anthropic-ai/sdk and @google/genai clients against mock-llm streaming one word per chunk (the
// Vercel AI SDK's case is in ../ai-sdk/ai-sdk-budget.test.ts).
import { BudgetExceededError, type BudgetGuard, createBudgetGuard } from '@llmcost/budget';
import { countTokens } from '@llmcost/pricing';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { withLlmContext } from '../context.js';
import { loadAnthropic, loadGoogleGenAI, loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { telemetryFor } from '../core/test-support/telemetry.js';
import { GoogleGenAIInstrumentation } from '../google-genai/index.js';
import { OpenAIInstrumentation } from '../openai/index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const anthropicInstrumentation = new AnthropicInstrumentation();
const anthropicTelemetry = telemetryFor(anthropicInstrumentation);
const geminiInstrumentation = new GoogleGenAIInstrumentation();
const geminiTelemetry = telemetryFor(geminiInstrumentation);
const openai = loadOpenAI(6);
const anthropic = loadAnthropic(1);
const genai = loadGoogleGenAI(2);
const messages = [{ role: 'user' as const, content: 'Tell me about lighthouses' }];
// 400 words, one per chunk; slow enough that a cut comes while the provider is still streaming.
const headers = { 'x-mock-output-tokens': '400', 'x-mock-chunk-delay-ms': '1' };
const CAP = 0.002;
// gpt-4o output is $10 per million tokens; claude-sonnet-4-5 $15.
const EVERY_TOKENS = 20;

let guard: BudgetGuard | undefined;
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});
afterEach(async () => {
  await guard?.close();
  guard = undefined;
  anthropicTelemetry.reset();
  geminiTelemetry.reset();
});

/** A guard that reserves 20 output tokens per call, caps each user at $0.002 an hour, checks every 20 tokens. */
function useGuard(over: Record<string, unknown> = {}): BudgetGuard {
  guard = createBudgetGuard(
    {
      users: { default: { hourUsd: CAP } },
      expectedOutput: { defaultTokens: { default: 20 } },
      metering: { everyTokens: EVERY_TOKENS },
      ...over,
    },
    { env: {} },
  );
  t.instrumentation.setConfig({ budgetGuard: guard });
  anthropicInstrumentation.setConfig({ budgetGuard: guard });
  geminiInstrumentation.setConfig({ budgetGuard: guard });
  return guard;
}

async function consume(stream: AsyncIterable<unknown>, text: (chunk: any) => string) {
  let received = '';
  try {
    for await (const chunk of stream) received += text(chunk);
  } catch (error) {
    return { received, error };
  }
  return { received, error: undefined };
}

/** What the user has spent now, by the guard's own rejection of a one-token call. */
async function spentNow(g: BudgetGuard, user: string): Promise<number> {
  const check = await g.check({
    provider: 'openai',
    model: 'gpt-4o-mini',
    userId: user,
    inputText: () => 'x',
    maxOutputTokens: 1,
  });
  if (check.decision !== 'rejected') return Number.NaN;
  return (check.error as BudgetExceededError).spentUsd ?? Number.NaN;
}

describe('stream metering in the instrumentation', () => {
  it('openai: a stream that reaches the cap is cut through the SDK’s abort; the app gets a BudgetExceededError', async () => {
    const g = useGuard();
    const client = new openai.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    const { stream, received, error } = await withLlmContext({ userId: 'streamer' }, async () => {
      const s = await client.chat.completions.create(
        { model: 'gpt-4o', messages, stream: true },
        { headers },
      );
      return { stream: s, ...(await consume(s, (c) => c.choices[0]?.delta?.content ?? '')) };
    });
    expect(error).toBeInstanceOf(BudgetExceededError);
    const cut = error as BudgetExceededError;
    expect(cut).toMatchObject({ reason: 'hour_limit', scope: 'user', subject: 'streamer' });
    expect(cut.partialUsd).toBeGreaterThan(0);
    expect(cut.message).toMatch(/^budget exceeded mid-stream: user streamer hourly cap \$0\.002 reached/);
    expect(stream.controller.signal.aborted).toBe(true);
    await vi.waitFor(() => expect(t.mock().requests.at(-1)!.clientAborted).toBe(true));
    const tokens = countTokens(received, 'gpt-4o').tokens;
    // About $0.00185 of output fits after the input; the cut comes within one interval after the cap.
    expect(tokens).toBeGreaterThan(100);
    expect(tokens).toBeLessThan(400);
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('BudgetExceededError');
    const cost = span.attributes['gen_ai.usage.cost'] as number;
    expect(cost).toBeLessThanOrEqual(CAP + EVERY_TOKENS * 10e-6 + 2 * 10e-6);
    // The store was settled to what was streamed: the cap, give or take one interval's cost.
    const spent = await spentNow(g, 'streamer');
    expect(spent).toBeCloseTo(cost, 9);
  });

  it('anthropic: the same cut, through the same lifecycle', async () => {
    useGuard();
    const client = new anthropic.Anthropic({ apiKey: TEST_API_KEY, baseURL: t.mock().url, maxRetries: 0 });
    const { stream, error } = await withLlmContext({ userId: 'claude-fan' }, async () => {
      const s = await client.messages.create(
        { model: 'claude-sonnet-4-5', max_tokens: 1000, messages, stream: true },
        { headers },
      );
      return { stream: s, ...(await consume(s, (e) => e.delta?.text ?? '')) };
    });
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(stream.controller.signal.aborted).toBe(true);
    const [span] = anthropicTelemetry.spans();
    expect(span!.attributes['error.type']).toBe('BudgetExceededError');
    expect(span!.attributes['gen_ai.usage.cost'] as number).toBeLessThanOrEqual(
      CAP + EVERY_TOKENS * 15e-6 + 2 * 15e-6,
    );
  });

  it('@google/genai: the same cut through the async-method transport (the request’s AbortSignal)', async () => {
    // gemini-2.0-flash output is $0.40 per million tokens: a $0.0001 cap is about 240 of the 400 tokens.
    useGuard({ users: { default: { hourUsd: 0.0001 } } });
    const ai = new genai.GoogleGenAI({
      apiKey: 'gemini-test-key',
      httpOptions: { baseUrl: t.mock().url, headers },
    });
    const { received, error } = await withLlmContext({ userId: 'gemini-fan' }, async () => {
      const s = await ai.models.generateContentStream({
        model: 'gemini-2.0-flash',
        contents: 'Tell me about lighthouses',
      });
      return consume(s, (c) => c.text ?? '');
    });
    expect(error).toBeInstanceOf(BudgetExceededError);
    const tokens = countTokens(received, 'gemini-2.0-flash').tokens;
    expect(tokens).toBeGreaterThan(100);
    expect(tokens).toBeLessThan(400);
    // The provider saw the connection closed before the answer was complete: billing stops there.
    await vi.waitFor(() => expect(t.mock().requests.at(-1)!.clientAborted).toBe(true));
    const [span] = geminiTelemetry.spans();
    expect(span!.attributes['error.type']).toBe('BudgetExceededError');
    expect(span!.attributes['gen_ai.usage.cost'] as number).toBeLessThanOrEqual(
      0.0001 + EVERY_TOKENS * 0.4e-6 + 2 * 0.4e-6,
    );
  });

  it('finish: the stream ends normally and the spend above the cap is on the span as overshoot', async () => {
    useGuard({ metering: { everyTokens: EVERY_TOKENS, onCapMidStream: 'finish' } });
    const client = new openai.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    const { received, error } = await withLlmContext({ userId: 'finisher' }, async () => {
      const s = await client.chat.completions.create(
        { model: 'gpt-4o', messages, stream: true },
        { headers },
      );
      return consume(s, (c) => c.choices[0]?.delta?.content ?? '');
    });
    expect(error).toBeUndefined();
    expect(countTokens(received, 'gpt-4o').tokens).toBe(400);
    await vi.waitFor(() => expect(t.telemetry.spans()).toHaveLength(1));
    const span = t.telemetry.onlySpan();
    const cost = span.attributes['gen_ai.usage.cost'] as number;
    expect(cost).toBeGreaterThan(CAP);
    expect(span.attributes['llmcost.budget.overshoot_usd']).toBeCloseTo(cost - CAP, 9);
  });

  it('a stream within its reservation is not written to the store while it runs', async () => {
    const g = useGuard({
      users: { default: { hourUsd: 1 } },
      expectedOutput: { defaultTokens: { default: 1000 } },
    });
    const meter = vi.spyOn(g, 'meter');
    const client = new openai.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    const { error } = await withLlmContext({ userId: 'calm' }, async () => {
      const s = await client.chat.completions.create(
        { model: 'gpt-4o', messages, stream: true },
        { headers },
      );
      return consume(s, (c) => c.choices[0]?.delta?.content ?? '');
    });
    expect(error).toBeUndefined();
    expect(meter).not.toHaveBeenCalled();
  });

  it('openai responses: tool-free text streams are metered too', async () => {
    useGuard();
    const client = new openai.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    const { error } = await withLlmContext({ userId: 'responder' }, async () => {
      const s = await client.responses.create(
        { model: 'gpt-4o', input: 'Tell me about lighthouses', stream: true },
        { headers },
      );
      return consume(s, (e) => (e.type === 'response.output_text.delta' ? e.delta : ''));
    });
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(t.telemetry.onlySpan().attributes['error.type']).toBe('BudgetExceededError');
  });
});
