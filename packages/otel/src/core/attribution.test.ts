import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAGGAGE_KEYS } from '../context.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { definedOnly } from '../recorder/record-call.js';
import { loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const sdk = loadOpenAI(6);
const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Hi' }];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

const baggageOf = (entries: Record<string, string>) => {
  let baggage = propagation.createBaggage();
  for (const [key, value] of Object.entries(entries)) baggage = baggage.setEntry(key, { value });
  return baggage;
};
const callUnder = (baggage: ReturnType<typeof baggageOf> | undefined) => {
  const ctx = baggage === undefined ? context.active() : propagation.setBaggage(context.active(), baggage);
  return context.with(ctx, () => client().chat.completions.create({ model: 'gpt-4o-mini', messages }));
};
const attribution = (attrs: Record<string, unknown>) => ({
  feature: attrs['llmcost.feature'],
  user: attrs['user.id'],
  tier: attrs['llmcost.tier'],
});

describe('attribution read per call (sanitized once per baggage instance)', () => {
  it('gives each call the attribution of its own baggage, and none without baggage', async () => {
    const alice = baggageOf({ [BAGGAGE_KEYS.feature]: 'faq', [BAGGAGE_KEYS.userId]: 'alice' });
    const bob = baggageOf({ [BAGGAGE_KEYS.userId]: 'bob', [BAGGAGE_KEYS.tier]: 'pro' });
    // Rejected on the first read (control character): stays rejected when the same baggage is read again.
    const hostile = baggageOf({ [BAGGAGE_KEYS.feature]: 'evil\u0007', [BAGGAGE_KEYS.userId]: 'carol' });
    for (const baggage of [alice, bob, alice, undefined, hostile, hostile, bob]) await callUnder(baggage);
    expect(t.telemetry.spans().map((s) => attribution(s.attributes))).toEqual([
      { feature: 'faq', user: 'alice', tier: undefined },
      { feature: undefined, user: 'bob', tier: 'pro' },
      { feature: 'faq', user: 'alice', tier: undefined },
      { feature: undefined, user: undefined, tier: undefined },
      { feature: undefined, user: 'carol', tier: undefined },
      { feature: undefined, user: 'carol', tier: undefined },
      { feature: undefined, user: 'bob', tier: 'pro' },
    ]);
  });
});

describe('definedOnly (finish reasons of a stream whose choices did not all finish)', () => {
  it('returns the array itself without holes, a copy without them otherwise', () => {
    const full = ['stop', 'length'];
    expect(definedOnly(full)).toBe(full);
    const holes: (string | undefined)[] = [];
    holes[1] = 'stop';
    holes[3] = 'length';
    expect(definedOnly(holes)).toEqual(['stop', 'length']);
    expect(definedOnly([])).toEqual([]);
  });
});
