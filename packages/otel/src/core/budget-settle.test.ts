import { context, type DiagLogger, DiagLogLevel, diag, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { hashUserId, withLlmContext } from '../context.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { type CallRecord, onCallRecorded } from '../recorder/index.js';
import { LlmcostInstrumentation } from './instrumentation-base.js';
import { loadAnthropic, loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';
import { telemetryFor } from './test-support/telemetry.js';
import { TestGuard } from './test-support/test-guard.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const anthropicInstrumentation = new AnthropicInstrumentation();
const anthropicTelemetry = telemetryFor(anthropicInstrumentation);
const openai = loadOpenAI(6);
const anthropic = loadAnthropic(1);
const client = () =>
  new openai.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Summarise the history of lighthouses' }];

/** Every microtask queued so far has run (the span ends in a continuation of the settle promise). */
const drained = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

describe('budget settlement', () => {
  it('keeps the LLM span open until settle is done, in its context: the guard event lands on it', async () => {
    const guard = new TestGuard({
      onSettle: () => trace.getActiveSpan()?.addEvent('llmcost.user.spend_alert', { 'user.id': 'x' }),
    });
    t.instrumentation.setConfig({ budgetGuard: guard });
    const appSpan = trace.getTracer('app').startSpan('app');
    await context.with(trace.setSpan(context.active(), appSpan), () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    appSpan.end();
    await guard.whenSettled(1);
    await drained();
    const span = t.telemetry.onlySpan();
    expect(span.events.map((e) => e.name)).toEqual(['llmcost.user.spend_alert']);
    expect(guard.settled).toHaveLength(1);
    // Ended at the time the call ended, not when the settle finished: before the event was added.
    const ms = (hr: [number, number]) => hr[0] * 1e3 + hr[1] / 1e6;
    expect(ms(span.endTime)).toBeLessThanOrEqual(ms(span.events[0]!.time));
  });

  it('never throws into the app when settle fails, and still ends the span', async () => {
    const guard = new TestGuard();
    guard.settle = () => Promise.reject(new Error('redis down'));
    t.instrumentation.setConfig({ budgetGuard: guard });
    const res = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(res.choices).toHaveLength(1);
    await drained();
    expect(t.telemetry.onlySpan().status.code).toBe(SpanStatusCode.UNSET);
  });

  it('refunds the reservation when the SDK throws synchronously (Anthropic non-streaming max_tokens)', async () => {
    const guard = new TestGuard();
    anthropicTelemetry.reset();
    anthropicInstrumentation.setConfig({ budgetGuard: guard });
    const c = new anthropic.Anthropic({ apiKey: TEST_API_KEY, baseURL: t.mock().url, maxRetries: 0 });
    expect(() => c.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100000, messages })).toThrow(
      /Streaming is required/,
    );
    await guard.whenSettled(1);
    await drained();
    expect(guard.settled).toEqual([{ id: 'r1', actualUsd: 0 }]);
    expect(t.mock().requests).toHaveLength(0);
    const span = anthropicTelemetry.onlySpan();
    expect(span.attributes['error.type']).toBe('AnthropicError');
    expect(span.attributes['llmcost.budget.decision']).toBe('allowed');
  });

  it('passes the pseudonym as the budget user (store keys) and userLabel, and puts it (not the raw id) in the CallRecord and span status', async () => {
    const guard = new TestGuard({ maxInputChars: 5 });
    const reject = guard.reserve.bind(guard);
    // A guard that names the raw id in its message: the span status must still show the pseudonym.
    guard.reserve = async (request) => {
      const decision = await reject(request);
      if (decision.decision === 'rejected') decision.error.message = `user ${request.userId} is over budget`;
      return decision;
    };
    t.instrumentation.setConfig({ budgetGuard: guard, userIdHashKey: 'k3y' });
    const records: CallRecord[] = [];
    const off = onCallRecorded((r) => records.push(r));
    try {
      await expect(
        withLlmContext({ userId: 'alice-raw' }, () =>
          client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
        ),
      ).rejects.toThrow(/over budget/);
    } finally {
      off();
    }
    const label = hashUserId('alice-raw', 'k3y');
    // The guard builds its store keys (Redis) from userId: with hashing on, the raw id must not reach it.
    expect(guard.requests[0]).toMatchObject({ userId: label, userLabel: label });
    expect(JSON.stringify(guard.requests[0])).not.toContain('alice-raw');
    expect(records.map((r) => r.userId)).toEqual([label]);
    const span = t.telemetry.onlySpan();
    expect(span.status.message).toBe(`user ${label} is over budget`);
    expect(JSON.stringify(span.attributes)).not.toContain('alice-raw');
  });

  it('passes the raw id as userLabel when ids are not hashed', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    await withLlmContext({ userId: 'bob' }, () =>
      client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
    );
    expect(guard.requests[0]).toMatchObject({ userId: 'bob', userLabel: 'bob' });
  });
});

describe('a client without the makeRequest hook', () => {
  const owner = (LlmcostInstrumentation as any).makeRequestOwner(openai.OpenAI);
  afterEach(() => {
    diag.disable();
    (t.instrumentation as any).wrapMakeRequest(openai.OpenAI);
  });

  it('attaches no gate (the guard is not asked) and says once that budgets cannot be enforced', async () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as unknown as DiagLogger;
    for (const k of ['error', 'info', 'debug', 'verbose'] as const) (logger as any)[k] = () => {};
    diag.setLogger(logger, DiagLogLevel.WARN);
    (t.instrumentation as any).unwrapMethod(owner, 'makeRequest');
    const guard = new TestGuard({ maxInputChars: 5 });
    t.instrumentation.setConfig({ budgetGuard: guard });
    for (let i = 0; i < 2; i++) {
      const res = await client().chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(res.choices).toHaveLength(1);
    }
    expect(guard.requests).toEqual([]);
    expect(t.mock().requests).toHaveLength(2);
    expect(warnings.filter((w) => w.includes('budgets cannot be enforced'))).toHaveLength(1);
  });
});
