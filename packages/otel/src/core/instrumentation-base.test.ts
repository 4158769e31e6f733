import { describe, expect, it } from 'vitest';
import { OpenAIInstrumentation } from '../openai/index.js';
import { loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';

const t = useInstrumentation(new OpenAIInstrumentation());

describe('instrumentation lifecycle', () => {
  const sdk = loadOpenAI(6);
  const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
  const call = () =>
    client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

  it('patches the SDK once and names its scope @llmcost/otel', async () => {
    expect(sdk.OpenAI.Chat.Completions.prototype.create.__wrapped).toBe(true);
    expect(sdk.OpenAI.Chat.Completions.prototype.create.__original.__wrapped).toBeUndefined();
    await call();
    expect(t.telemetry.onlySpan().instrumentationScope.name).toBe('@llmcost/otel');
  });

  it('disable() restores the SDK methods; enable() patches again', async () => {
    t.instrumentation.disable();
    expect(sdk.OpenAI.Chat.Completions.prototype.create.__wrapped).toBeUndefined();
    const res = await call();
    expect(res.choices).toHaveLength(1);
    expect(t.telemetry.spans()).toHaveLength(0);
    t.instrumentation.enable();
    await call();
    expect(t.telemetry.spans()).toHaveLength(1);
  });
});
