// A stream created and never read (issue 12): its span ends, at garbage collection or at shutdown, with what is
// known (no usage: unpriced), and the budget keeps the reservation (settled with an unknown cost), never $0.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { OpenAIInstrumentation } from '../openai/index.js';
import { loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';
import { TestGuard } from './test-support/test-guard.js';
import { endOpenStreams } from './unread-streams.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const sdk = loadOpenAI(6);
const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Tell me about lighthouses' }];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('a stream that is never read', () => {
  it('ends its span at shutdown, unpriced, and the budget keeps what it reserved', async () => {
    const guard = new TestGuard({ reservedUsd: 0.5 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    expect(t.telemetry.spans()).toHaveLength(0);
    endOpenStreams();
    await vi.waitFor(() => expect(t.telemetry.spans()).toHaveLength(1));
    const span = t.telemetry.onlySpan();
    expect(span.attributes['llmcost.pricing.status']).toBe('unpriced');
    expect(span.attributes['gen_ai.usage.cost']).toBeUndefined();
    expect(span.attributes['llmcost.budget.reserved_usd']).toBe(0.5);
    // Settled with an unknown cost: the guard keeps the reserved amount as spent (it expired as $0 before).
    expect(guard.settled).toEqual([{ id: 'r1', actualUsd: undefined }]);
    // Reading it afterwards records nothing more: one span per call.
    for await (const _ of stream) {
      // drain
    }
    expect(t.telemetry.spans()).toHaveLength(1);
  });

  it('ends its span when the app drops the stream and it is garbage-collected', async () => {
    const guard = new TestGuard({ reservedUsd: 0.5 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    await (async () => {
      const dropped = await client().chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
      });
      expect(dropped).toBeDefined();
    })();
    await vi.waitFor(
      () => {
        gc();
        expect(t.telemetry.spans()).toHaveLength(1);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(t.telemetry.onlySpan().attributes['llmcost.pricing.status']).toBe('unpriced');
    await vi.waitFor(() => expect(guard.settled).toEqual([{ id: 'r1', actualUsd: undefined }]));
  });

  it('a stream read to the end is not touched at shutdown', async () => {
    const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const _ of stream) {
      // drain
    }
    endOpenStreams();
    expect(t.telemetry.spans()).toHaveLength(1);
    expect(t.telemetry.onlySpan().attributes['llmcost.pricing.status']).not.toBe('unpriced');
  });
});
