import { describe, expect, it } from 'vitest';
import { loadOpenAI, TEST_API_KEY } from '../src/core/test-support/sdks.js';
import { useInstrumentation } from '../src/core/test-support/setup.js';
import { OpenAIInstrumentation } from '../src/openai/index.js';
import { type CallRecord, onCallRecorded } from '../src/recorder/index.js';
import {
  formatSummary,
  formatUsd,
  SummaryAggregator,
  type SummaryCall,
  toFemto,
} from '../src/summary/index.js';

const t = useInstrumentation(new OpenAIInstrumentation());
const sdk = loadOpenAI(6);

const call = (over: Partial<SummaryCall>): SummaryCall => ({
  provider: 'openai',
  requestModel: 'gpt-4o-mini',
  inputTokens: 100,
  outputTokens: 10,
  pricingStatus: 'priced',
  costUsd: 0.1,
  ...over,
});

describe('exit summary', () => {
  it('sums costs exactly where floats would drift', () => {
    const agg = new SummaryAggregator();
    // 0.1 + 0.2 in floats is 0.30000000000000004; ten of 0.1 is 0.9999999999999999.
    for (let i = 0; i < 10; i++) agg.add(call({ costUsd: 0.1 }));
    agg.add(call({ costUsd: 0.2 }));
    expect(agg.snapshot().total.costFemto).toBe(toFemto('1.2'));
    expect(formatUsd(agg.snapshot().total.costFemto)).toBe('$1.200000');
  });

  it('prefers the exact cost (femto-USD bigint or decimal text) over the float', () => {
    const agg = new SummaryAggregator();
    agg.add(call({ costUsd: 0.3, costExact: 300_000_000_000_001n }));
    agg.add(call({ costUsd: 0.3, costExact: '0.000000000000002' }));
    expect(agg.snapshot().total.costFemto).toBe(300_000_000_000_003n);
  });

  it('groups by feature, user and model, most expensive first, counting unpriced and estimated', () => {
    const agg = new SummaryAggregator();
    agg.add(call({ feature: 'chat', userId: 'alice', costUsd: 0.01 }));
    agg.add(
      call({
        feature: 'deep-analysis',
        userId: 'bob',
        costUsd: 2.5,
        requestModel: 'gpt-4o',
        responseModel: 'gpt-4o-2024-08-06',
      }),
    );
    agg.add(
      call({
        feature: 'chat',
        userId: 'alice',
        pricingStatus: 'unpriced',
        costUsd: undefined,
        requestModel: 'mystery',
      }),
    );
    agg.add(call({ feature: 'chat', userId: 'carol', pricingStatus: 'estimated', costUsd: 0.02 }));
    const s = agg.snapshot();
    expect(s.total).toMatchObject({
      calls: 4,
      unpriced: 1,
      estimated: 1,
      inputTokens: 400,
      outputTokens: 40,
    });
    expect(s.total.costFemto).toBe(toFemto('2.53'));
    expect(s.byFeature.map((r) => [r.key, r.calls])).toEqual([
      ['deep-analysis', 1],
      ['chat', 3],
    ]);
    expect(s.byUser.map((r) => r.key)).toEqual(['bob', 'carol', 'alice']);
    expect(s.byModel.map((r) => r.key)).toEqual([
      'openai/gpt-4o-2024-08-06',
      'openai/gpt-4o-mini',
      'openai/mystery',
    ]);
    const text = formatSummary(s);
    expect(text).toContain(
      'llmcost summary: 4 LLM calls, 400 input + 40 output tokens, $2.530000; 1 unpriced',
    );
    expect(text).toMatch(/^deep-analysis\s+1\s+100\s+10\s+\$2\.500000\s+0\s+0\s+0$/m);
    expect(text).toMatch(/^alice\s+2\s+200\s+20\s+\$0\.010000\s+1\s+0\s+0$/m);
    // A row with only unpriced calls says so instead of showing $0.
    expect(text).toMatch(/^openai\/mystery\s+1\s+100\s+10\s+unpriced\s+1\s+0\s+0$/m);
  });

  it('a call refused with 401 (the record the recorder really makes) is failed, not unpriced: nothing was billed', async () => {
    const records: CallRecord[] = [];
    const off = onCallRecorded((r) => records.push(r));
    const client = new sdk.OpenAI({
      apiKey: TEST_API_KEY,
      baseURL: `${t.mock().url}/v1`,
      maxRetries: 0,
      defaultHeaders: { 'x-mock-error': '401' },
    });
    try {
      await expect(
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      ).rejects.toThrow();
    } finally {
      off();
    }
    expect(records).toHaveLength(1);
    expect(records[0]!.errorType).toBe('AuthenticationError');
    const agg = new SummaryAggregator();
    agg.add(records[0]! as SummaryCall);
    agg.add(call({ feature: 'chat' }));
    const s = agg.snapshot();
    expect(s.total).toMatchObject({ calls: 2, unpriced: 0, failed: 1, unbilled: 1 });
    const text = formatSummary(s);
    expect(text).toContain(
      'llmcost summary: 2 LLM calls, 100 input + 10 output tokens, $0.100000; 1 failed (1 before any answer: nothing billed)\n',
    );
    expect(text).not.toContain('unpriced (');
    // the model row of the failed call: $0 billed, not "unpriced"
    expect(text).toMatch(/^openai\/gpt-4o-mini\s+2\s+100\s+10\s+\$0\.100000\s+0\s+0\s+1$/m);
  });

  it('no calls: one line, no empty tables', () => {
    expect(formatSummary(new SummaryAggregator().snapshot())).toBe(
      'llmcost summary: no LLM calls recorded\n',
    );
  });
});
