import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAGGAGE_KEYS } from '../context.js';
import { loadOpenAI, TEST_API_KEY } from '../core/test-support/sdks.js';
import { useInstrumentation } from '../core/test-support/setup.js';
import { OpenAIInstrumentation } from '../openai/index.js';
import { BAGGAGE_VALUE_LIMIT } from './instruments.js';
import { ValueLimiter } from './value-limiter.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const sdk = loadOpenAI(6);
const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Hi' }];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

/** One call under incoming W3C baggage, as a request from another service would carry it. */
function callWithBaggage(entries: Record<string, string>) {
  let baggage = propagation.createBaggage();
  for (const [key, value] of Object.entries(entries)) baggage = baggage.setEntry(key, { value });
  return context.with(propagation.setBaggage(context.active(), baggage), () =>
    client().chat.completions.create({ model: 'gpt-4o-mini', messages }),
  );
}

describe('ValueLimiter', () => {
  it('keeps the first `limit` distinct values of equal spend, maps later ones to other, and keeps known ones', () => {
    let overflow = 0;
    const l = new ValueLimiter(2, () => overflow++);
    expect(['a', 'b', 'c', 'a', 'b', 'd'].map((v) => l.label(v))).toEqual([
      'a',
      'b',
      'other',
      'a',
      'b',
      'other',
    ]);
    expect(l.label(undefined)).toBe('other');
    expect(overflow).toBe(2);
  });

  it('after a flood of junk values fills the cap, a real value with real spend takes a place, junk never does', () => {
    let overflow = 0;
    const l = new ValueLimiter(100, () => overflow++);
    let junk = 0;
    const flood = (n: number) => {
      for (let i = 0; i < n; i++) l.label(`junk-${junk++}`, 0.0001);
    };
    flood(5_000);
    const labels: string[] = [];
    for (let i = 0; i < 20; i++) {
      labels.push(l.label('chat', 0.01));
      flood(500); // the flood goes on between the real feature's calls
    }
    // Its first call outspends the cheapest value kept, whose place it takes (first come, first served kept
    // "chat" as "other" for the life of the process).
    expect(labels).toEqual(Array(20).fill('chat'));
    // No junk value ever outspends a kept one: every one after the first 100 is "other", and counted.
    expect(l.label(`junk-${junk++}`, 0.0001)).toBe('other');
    expect(overflow).toBe(junk - 100);
  });

  it('a value that stopped being used gives its place to one that costs more, and gets it back if it outspends', () => {
    const l = new ValueLimiter(1);
    expect(l.label('old', 0.01)).toBe('old');
    expect(l.label('new', 0.015)).toBe('other'); // not yet twice the spend of the value kept
    expect(l.label('new', 0.015)).toBe('new');
    expect(l.label('old', 0.01)).toBe('other');
  });
});

describe('baggage attribute cap on metrics', () => {
  it(`records distinct feature number ${BAGGAGE_VALUE_LIMIT + 1} as "other" on metrics, the real value on the span`, async () => {
    expect(BAGGAGE_VALUE_LIMIT).toBe(100);
    for (let i = 0; i < BAGGAGE_VALUE_LIMIT; i++) await callWithBaggage({ [BAGGAGE_KEYS.feature]: `f-${i}` });
    t.telemetry.reset();
    await callWithBaggage({ [BAGGAGE_KEYS.feature]: 'f-overflow', [BAGGAGE_KEYS.tier]: 'gold' });
    await callWithBaggage({ [BAGGAGE_KEYS.feature]: 'f-7' });

    const spans = t.telemetry.spans();
    expect(spans.map((s) => s.attributes['llmcost.feature'])).toEqual(['f-overflow', 'f-7']);
    expect(spans[0]!.attributes['llmcost.tier']).toBe('gold');

    const calls = await t.telemetry.points('llmcost.calls');
    const byFeature = new Map<unknown, number>();
    for (const p of calls) {
      const f = p.attributes['llmcost.feature'];
      byFeature.set(f, (byFeature.get(f) ?? 0) + Number(p.value));
    }
    expect(byFeature.get('other')).toBe(1);
    expect(byFeature.has('f-overflow')).toBe(false);
    // A value seen before the cap filled keeps its name.
    expect(byFeature.get('f-7')).toBe(2);
    const other = calls.find((p) => p.attributes['llmcost.feature'] === 'other');
    // The tier has its own cap: one value, still under it.
    expect(other!.attributes['llmcost.tier']).toBe('gold');
    const usage = await t.telemetry.points('gen_ai.client.token.usage');
    expect(usage.some((p) => p.attributes['llmcost.feature'] === 'f-overflow')).toBe(false);
    expect(usage.some((p) => p.attributes['llmcost.feature'] === 'other')).toBe(true);
    // Every call recorded as "other" is counted, by attribute.
    const overflow = await t.telemetry.points('llmcost.metrics.overflow');
    expect(overflow.map((p) => [p.attributes['llmcost.attribute'], p.value])).toEqual([
      ['llmcost.feature', 1],
    ]);
  });
});
