import { describe, expect, it } from 'vitest';
import { genAiOperationOf } from './genai-span-keys.js';
import { readGenAiSpan } from './read-genai-span.js';

describe('readGenAiSpan', () => {
  it('reads semconv v1.41 and prefers it over older spellings on the same span', () => {
    const call = readGenAiSpan({
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'ignored',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.prompt_tokens': 999,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': 40,
      'gen_ai.usage.reasoning.output_tokens': 5,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(call).toEqual({
      finishReasons: ['stop'],
      provider: 'openai',
      operation: 'chat',
      requestModel: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      model: 'gpt-4o-2024-08-06',
      usage: { inputTokens: 100, outputTokens: 20, cacheReadInputTokens: 40, reasoningOutputTokens: 5 },
    });
  });

  it('reads OpenLLMetry (older semconv) names', () => {
    const call = readGenAiSpan({
      'gen_ai.system': 'OpenAI',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.prompt_tokens': 12,
      'gen_ai.usage.completion_tokens': 3,
      'gen_ai.usage.cache_read_input_tokens': 2,
    });
    expect(call?.usage).toEqual({ inputTokens: 12, outputTokens: 3, cacheReadInputTokens: 2 });
    expect(call?.operation).toBe('chat');
    expect(call?.provider).toBe('OpenAI');
  });

  it('reads OpenInference names (cache counts are parts of llm.token_count.prompt)', () => {
    const call = readGenAiSpan({
      'openinference.span.kind': 'LLM',
      'llm.system': 'anthropic',
      'llm.provider': 'anthropic',
      'llm.model_name': 'claude-sonnet-4-5',
      'llm.token_count.prompt': 3000,
      'llm.token_count.completion': 100,
      'llm.token_count.prompt_details.cache_write': 2000,
      'llm.token_count.prompt_details.cache_read': 500,
      'llm.token_count.completion_details.reasoning': 30,
      'llm.finish_reason': 'end_turn',
    });
    expect(call).toEqual({
      finishReasons: ['end_turn'],
      provider: 'anthropic',
      operation: 'chat',
      requestModel: 'claude-sonnet-4-5',
      responseModel: undefined,
      model: 'claude-sonnet-4-5',
      usage: {
        inputTokens: 3000,
        outputTokens: 100,
        cacheReadInputTokens: 500,
        cacheCreationInputTokens: 2000,
        reasoningOutputTokens: 30,
      },
    });
  });

  it("adds the cache counts back for @traceloop/instrumentation-anthropic, whose input_tokens is Anthropic's own", () => {
    const attrs = {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.cache_read_input_tokens': 300,
      'gen_ai.usage.cache_creation_input_tokens': 200,
    };
    expect(readGenAiSpan(attrs, '@traceloop/instrumentation-anthropic')?.usage.inputTokens).toBe(510);
    expect(readGenAiSpan(attrs, 'some-other-scope')?.usage.inputTokens).toBe(10);
  });

  it('reads the AI SDK do* spans, never the ai.usage totals of the outer span', () => {
    expect(
      readGenAiSpan({
        'ai.operationId': 'ai.generateText',
        'ai.model.id': 'gpt-4o-mini',
        'ai.usage.inputTokens': 10,
        'ai.usage.outputTokens': 5,
      }),
    ).toBeUndefined();
    const inner = readGenAiSpan({
      'ai.operationId': 'ai.embedMany.doEmbed',
      'ai.model.provider': 'openai.embedding',
      'ai.model.id': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 8,
    });
    expect(inner).toMatchObject({
      provider: 'openai',
      operation: 'embeddings',
      model: 'text-embedding-3-small',
    });
    expect(inner?.usage).toEqual({ inputTokens: 8, outputTokens: 0 });
  });

  it('ignores unusable values and spans without usage or model', () => {
    expect(readGenAiSpan({ 'gen_ai.request.model': 'gpt-4o' })).toBeUndefined();
    expect(readGenAiSpan({ 'gen_ai.usage.input_tokens': 3 })).toBeUndefined();
    expect(
      readGenAiSpan({
        'gen_ai.request.model': 'm',
        'gen_ai.usage.input_tokens': -1,
        'llm.token_count.prompt': 4,
      })?.usage.inputTokens,
    ).toBe(4);
  });
});

it('keeps a dotted semconv provider (Azure deployments are priced through the mapping) and reads ai 5 cache names', () => {
  expect(
    readGenAiSpan({
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': 'prod-gpt4o',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
    })?.provider,
  ).toBe('azure.ai.openai');
  const aiSdk5 = readGenAiSpan({
    'ai.model.provider': 'openai.responses',
    'ai.model.id': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 10,
    'gen_ai.usage.output_tokens': 5,
    'ai.usage.cachedInputTokens': 4,
  });
  expect(aiSdk5?.provider).toBe('openai');
  expect(aiSdk5?.usage).toEqual({ inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 4 });
});

describe('genAiOperationOf', () => {
  it.each([
    ['llm.request.type', 'completion', 'text_completion'],
    ['llm.request.type', 'embedding', 'embeddings'],
    ['openinference.span.kind', 'EMBEDDING', 'embeddings'],
    ['openinference.span.kind', 'CHAIN', undefined],
    ['ai.operationId', 'ai.streamText.doStream', 'chat'],
    ['ai.operationId', 'ai.streamText', undefined],
  ])('%s=%s -> %s', (key, value, expected) => {
    expect(genAiOperationOf(key, value)).toBe(expected);
  });
});
