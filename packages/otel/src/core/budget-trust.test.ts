// Which attribution a budget may rely on (issue 12 High 5): a `baggage` header is client input, so by default the
// guard sees only what `withLlmContext` set in this process; `budgetTrustedBaggage` opts baggage keys in. Spans keep
// showing baggage attribution (reporting). And calls without a usable user id reach the guard with none, which the
// guard puts in its anonymous bucket.
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashUserId, withLlmContext } from '../context.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';
import { TestGuard } from './test-support/test-guard.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const sdk = loadOpenAI(6);
const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
const chat = () =>
  client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

/** What the HTTP server instrumentation does with a request's `baggage` header. */
function fromClient<T>(entries: Record<string, string>, fn: () => T): T {
  let baggage = propagation.createBaggage();
  for (const [key, value] of Object.entries(entries)) baggage = baggage.setEntry(key, { value });
  return context.with(propagation.setBaggage(context.active(), baggage), fn);
}

const CLAIM = { 'user.id': 'u-rotating-1', 'llmcost.tier': 'enterprise', 'llmcost.feature': 'free-lunch' };

describe('budget attribution from baggage', () => {
  it('by default trusts none of it: the guard sees no user, tier or feature; the span still shows them', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    await fromClient(CLAIM, chat);
    const request = guard.requests[0]!;
    expect([request.userId, request.tier, request.feature]).toEqual([undefined, undefined, undefined]);
    const span = t.telemetry.onlySpan();
    expect(span.attributes['llmcost.tier']).toBe('enterprise');
    expect(span.attributes['user.id']).toBe('u-rotating-1');
  });

  it('takes what withLlmContext set in this process, over any baggage claim', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    await fromClient(CLAIM, () => withLlmContext({ userId: 'alice', tier: 'free' }, chat));
    expect(guard.requests[0]).toMatchObject({ userId: 'alice', tier: 'free' });
    expect(guard.requests[0]!.feature).toBeUndefined();
  });

  it('takes the baggage keys listed in budgetTrustedBaggage, and only those', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard, budgetTrustedBaggage: ['user.id', 'llmcost.tier'] });
    await fromClient(CLAIM, chat);
    expect(guard.requests[0]).toMatchObject({ userId: 'u-rotating-1', tier: 'enterprise' });
    expect(guard.requests[0]!.feature).toBeUndefined();
  });

  it('gives no user for an unusable id (empty, blank, too long, control or bidi/format characters)', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard });
    const unusable = ['', '   ', 'x'.repeat(129), 'bob\u0000', 'bob\u202eevil', 'b\u200bob', 'a\u2066b'];
    for (const userId of unusable) await withLlmContext({ userId, feature: 'f' }, chat);
    expect(guard.requests.map((r) => r.userId)).toEqual(unusable.map(() => undefined));
    expect(guard.requests.every((r) => r.feature === 'f')).toBe(true);
    expect(t.telemetry.spans().every((s) => s.attributes['user.id'] === undefined)).toBe(true);
  });

  it('with hashing on, gives the guard the pseudonym for its store keys, never the raw id', async () => {
    const guard = new TestGuard();
    t.instrumentation.setConfig({ budgetGuard: guard, userIdHashKey: 'k3y' });
    await withLlmContext({ userId: 'carol' }, chat);
    expect(guard.requests[0]).toMatchObject({ userId: hashUserId('carol', 'k3y') });
    expect(JSON.stringify(guard.requests[0])).not.toContain('carol');
  });
});
