// The transport-level stop that stream metering (issue 13) builds on: `LlmCall.abortStream` stops the provider
// stream through the SDK's own abort and ends the app's iteration with the given error.
import { SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import type { LlmCall } from './call.js';
import { addCallObserver } from './call-observers.js';
import { loadAnthropic, loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';
import { telemetryFor } from './test-support/telemetry.js';

class CutOff extends Error {}

const t = useInstrumentation(new OpenAIInstrumentation());
const anthropicTelemetry = telemetryFor(new AnthropicInstrumentation());
const openai = loadOpenAI(6);
const anthropic = loadAnthropic(1);
const messages = [{ role: 'user' as const, content: 'Tell me about lighthouses' }];
// Slow enough that the request is still streaming when the cut-off comes.
const headers = { 'x-mock-output-tokens': '60', 'x-mock-chunk-delay-ms': '5' };

let removeObserver: (() => void) | undefined;
afterEach(() => {
  removeObserver?.();
  anthropicTelemetry.reset();
});

/** Cuts every call's stream after `n` chunks, as a metering policy would; remembers the calls it saw. */
function cutAfter(n: number): { calls: LlmCall[]; chunks: number[] } {
  const seen = { calls: [] as LlmCall[], chunks: [] as number[] };
  removeObserver = addCallObserver((call) => {
    seen.calls.push(call);
    let chunks = 0;
    call.chunkObserver = (c) => {
      seen.chunks.push(c.state.text.join('').length);
      if (++chunks === n) c.abortStream(new CutOff('budget cap reached mid-stream'));
    };
  });
  return seen;
}

async function consume(stream: AsyncIterable<unknown>): Promise<{ received: number; error: unknown }> {
  let received = 0;
  try {
    for await (const _ of stream) received++;
  } catch (error) {
    return { received, error };
  }
  return { received, error: undefined };
}

describe('abortStream', () => {
  it('openai: stops the SDK stream with its own controller and ends the loop with the reason', async () => {
    const seen = cutAfter(3);
    const client = new openai.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers },
    );
    const { received, error } = await consume(stream);
    expect(error).toBeInstanceOf(CutOff);
    // The chunk that reached the cap is delivered; the next read ends with the reason.
    expect(received).toBe(3);
    expect(stream.controller.signal.aborted).toBe(true);
    expect(seen.chunks[2]).toBeGreaterThan(0);
    const span = t.telemetry.onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('CutOff');
    // What was streamed before the cut is still priced (counted locally: no usage chunk arrived).
    expect(span.attributes['llmcost.pricing.status']).toBe('estimated');
    expect(span.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
    expect(seen.calls[0]!.abortStream(new CutOff('again'))).toBe(false);
    // The HTTP response was closed before its end: the provider stops generating (and billing).
    await vi.waitFor(() => expect(t.mock().requests[0]!.clientAborted).toBe(true));
  });

  it('anthropic: the same seam through the same lifecycle', async () => {
    cutAfter(4);
    const client = new anthropic.Anthropic({ apiKey: TEST_API_KEY, baseURL: t.mock().url, maxRetries: 0 });
    const stream = await client.messages.create(
      { model: 'claude-sonnet-4-5', max_tokens: 100, messages, stream: true },
      { headers },
    );
    const { received, error } = await consume(stream);
    expect(error).toBeInstanceOf(CutOff);
    expect(received).toBe(4);
    expect(stream.controller.signal.aborted).toBe(true);
    await vi.waitFor(() => expect(t.mock().requests[0]!.clientAborted).toBe(true));
    const [span] = anthropicTelemetry.spans();
    expect(span!.attributes['error.type']).toBe('CutOff');
    expect(span!.attributes['gen_ai.usage.cost']).toBeGreaterThan(0);
  });

  it('is false for a call that is not streaming', async () => {
    const seen = cutAfter(1);
    const client = new openai.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(seen.calls[0]!.abortStream(new CutOff('x'))).toBe(false);
    expect(t.telemetry.onlySpan().status.code).not.toBe(SpanStatusCode.ERROR);
  });
});
