import { describe, expect, it } from 'vitest';
import { azureUnderlyingModel, route } from '../src/routes.js';
import { resolveScenario, ScenarioError, splitModel } from '../src/scenario.js';
import { exampleValue } from '../src/tool-call.js';

describe('route', () => {
  const anthropic = { 'anthropic-version': '2023-06-01' };
  it.each([
    ['POST', '/v1/chat/completions', {}, { provider: 'openai', operation: 'chat' }],
    ['POST', '/chat/completions', {}, { provider: 'openai', operation: 'chat' }],
    ['POST', '/v1/responses', {}, { provider: 'openai', operation: 'responses' }],
    ['POST', '/v1/embeddings', {}, { provider: 'openai', operation: 'embeddings' }],
    ['GET', '/v1/models', {}, { provider: 'openai', operation: 'models' }],
    ['GET', '/v1/models', anthropic, { provider: 'anthropic', operation: 'models' }],
    ['POST', '/v1/messages', {}, { provider: 'anthropic', operation: 'messages' }],
    ['POST', '/v1/messages/count_tokens', {}, { provider: 'anthropic', operation: 'count_tokens' }],
    [
      'POST',
      '/openai/deployments/my%20dep/chat/completions',
      {},
      { provider: 'azure', operation: 'chat', deployment: 'my dep' },
    ],
    [
      'POST',
      '/openai/v1/deployments/d/embeddings',
      {},
      { provider: 'azure', operation: 'embeddings', deployment: 'd' },
    ],
    ['POST', '/openai/responses', {}, { provider: 'azure', operation: 'responses' }],
    ['POST', '/openai/v1/responses', {}, { provider: 'azure', operation: 'responses' }],
    ['POST', '/v1/nothing', {}, { provider: 'openai', operation: 'unknown' }],
  ] as const)('%s %s', (method, path, headers, expected) => {
    expect(route(method, path, { ...headers })).toEqual(expected);
  });

  it('maps Azure deployments to underlying snapshots', () => {
    expect(azureUnderlyingModel('prod-GPT-4o-mini')).toBe('gpt-4o-mini-2024-07-18');
    expect(azureUnderlyingModel('gpt-35-turbo')).toBe('gpt-35-turbo');
    expect(azureUnderlyingModel('gpt-4o-2024-08-06')).toBe('gpt-4o-2024-08-06');
    expect(azureUnderlyingModel('chat')).toBe('gpt-4o-2024-11-20');
  });
});

describe('scenario', () => {
  it('splits a model suffix, with flags and aliases', () => {
    expect(splitModel('gpt-4o-mini')).toEqual({ model: 'gpt-4o-mini', scenario: {} });
    expect(splitModel('claude-sonnet-4-6::latency=200,error=429,no-usage,tool=search')).toEqual({
      model: 'claude-sonnet-4-6',
      scenario: { latencyMs: 200, error: 429, noUsage: true, toolCall: 'search' },
    });
  });

  it('rejects bad values with the source named', () => {
    expect(() => splitModel('m::error=200')).toThrow(ScenarioError);
    expect(() => splitModel('m::finish=maybe')).toThrow(/finish.*stop \| length/);
    expect(() => resolveScenario({}, { 'x-mock-no-usage': 'perhaps' }, {})).toThrow(/header x-mock-no-usage/);
  });

  it('takes defaults, then headers, then the suffix', () => {
    const s = resolveScenario(
      { outputTokens: 1, latencyMs: 5 },
      { 'x-mock-output-tokens': '2', 'x-mock-ttfc-ms': '7' },
      {
        outputTokens: 3,
      },
    );
    expect(s).toMatchObject({
      outputTokens: 3,
      latencyMs: 5,
      ttfcMs: 7,
      noUsage: false,
      retryAfterSeconds: 1,
    });
  });
});

describe('exampleValue', () => {
  it('fills a JSON Schema deterministically', () => {
    expect(
      exampleValue({
        type: 'object',
        properties: {
          a: { type: 'string' },
          b: { enum: ['x', 'y'] },
          c: { anyOf: [{ type: 'integer', minimum: 3 }, { type: 'null' }] },
          d: { type: ['boolean', 'null'] },
          e: { const: 42 },
          f: { type: 'object', properties: { g: { type: 'array', items: { type: 'number' } } } },
        },
      }),
    ).toEqual({ a: 'example a', b: 'x', c: 3, d: true, e: 42, f: { g: [1] } });
  });
});
