import { describe, expect, it } from 'vitest';
import { SeriesCache, type SeriesParts } from './metric-series.js';

const parts: SeriesParts = {
  provider: 'openai',
  operation: 'chat',
  requestModel: 'gpt-4o-mini',
  responseModel: 'gpt-4o-mini-2024-07-18',
  feature: undefined,
  tier: undefined,
  status: 'priced',
  errorType: undefined,
  user: undefined,
  serverAddress: 'api.openai.com',
  serverPort: 443,
  serviceTier: 'default',
};

describe('SeriesCache', () => {
  it('hands every call with the same attribute set the same series, whatever string instances it carries', () => {
    const cache = new SeriesCache();
    const a = cache.get(parts);
    // Response strings are new on every call (parsed JSON): equal values must still find the series.
    const b = cache.get({ ...parts, responseModel: ['gpt-4o-mini', '2024-07-18'].join('-') });
    expect(b).toBe(a);
    expect(a.base).toEqual({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'llmcost.pricing.status': 'priced',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'openai.response.service_tier': 'default',
    });
    expect(a.input).toEqual({ ...a.base, 'gen_ai.token.type': 'input' });
    expect(Object.isFrozen(a.base)).toBe(true);
  });

  it('gives a different series when any one attribute differs, or is absent instead of present', () => {
    const cache = new SeriesCache();
    const first = cache.get(parts);
    const variants: Partial<SeriesParts>[] = [
      { provider: 'azure.ai.openai' },
      { operation: 'embeddings' },
      { requestModel: 'gpt-4o' },
      { responseModel: undefined },
      { feature: 'faq' },
      { tier: 'pro' },
      { status: undefined },
      { errorType: 'RateLimitError' },
      { user: 'alice' },
      { serverAddress: 'gateway.internal' },
      { serverPort: 8443 },
      { serviceTier: 'flex' },
      // A value in one position is not the same set as that value in the next one.
      { feature: 'x', tier: undefined },
      { feature: undefined, tier: 'x' },
    ];
    const seen = new Set([first]);
    for (const change of variants) {
      const series = cache.get({ ...parts, ...change });
      expect(seen.has(series), JSON.stringify(change)).toBe(false);
      seen.add(series);
      expect(cache.get({ ...parts, ...change })).toBe(series);
    }
    expect(cache.get({ ...parts, responseModel: undefined }).base).not.toHaveProperty(
      'gen_ai.response.model',
    );
    expect(cache.get({ ...parts, user: 'alice' }).base).toHaveProperty('user.id', 'alice');
  });

  it('starts over past its limit, keeping the key the counters find their cells by', () => {
    const cache = new SeriesCache(2);
    const a = cache.get(parts);
    cache.get({ ...parts, feature: 'f1' });
    cache.get({ ...parts, feature: 'f2' }); // third set: the cache starts over
    const again = cache.get(parts);
    expect(again).not.toBe(a);
    expect(again.key).toBe(a.key);
    expect(again.base).toEqual(a.base);
  });
});
