import { describe, expect, it } from 'vitest';
import { computeCost } from '../cost/compute-cost.js';
import { findPrice } from './find-price.js';

const row = (model: string, provider?: string) => {
  const e = findPrice(model, provider === undefined ? {} : { provider });
  return e && `${e.provider}:${e.model}`;
};

describe('Bedrock model ids', () => {
  it.each([
    // Anthropic on Bedrock: the vendor list price, except Claude 4.5 and later on regional endpoints (+10%)
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic:claude-3-5-haiku'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws.bedrock:anthropic.claude-sonnet-4-5'],
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws.bedrock:anthropic.claude-sonnet-4-5'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic:claude-sonnet-4-5'],
    ['eu.anthropic.claude-opus-4-6-v1', 'aws.bedrock:anthropic.claude-opus-4-6'],
    ['global.anthropic.claude-opus-4-6-v1', 'anthropic:claude-opus-4-6'],
    ['eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic:claude-3-7-sonnet'],
    ['apac.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic:claude-sonnet-4'],
    ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic:claude-haiku-4-5'],
    ['us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'anthropic:claude-3-haiku'],
    ['anthropic.claude-3-haiku-20240307-v1:0:200k', 'anthropic:claude-3-haiku'],
    // Bedrock-only models
    ['amazon.nova-pro-v1:0', 'aws.bedrock:amazon.nova-pro'],
    ['us.amazon.nova-micro-v1:0', 'aws.bedrock:amazon.nova-micro'],
    ['global.amazon.nova-2-lite-v1:0', 'aws.bedrock:amazon.nova-2-lite'],
    ['amazon.titan-text-express-v1', 'aws.bedrock:amazon.titan-text-express'],
    ['amazon.titan-embed-text-v1', 'aws.bedrock:amazon.titan-embed-text-v1'],
    ['amazon.titan-embed-text-v2:0', 'aws.bedrock:amazon.titan-embed-text-v2'],
    ['meta.llama3-1-70b-instruct-v1:0', 'aws.bedrock:meta.llama3-1-70b-instruct'],
    ['us.meta.llama3-3-70b-instruct-v1:0', 'aws.bedrock:meta.llama3-3-70b-instruct'],
    ['us.meta.llama4-maverick-17b-instruct-v1:0', 'aws.bedrock:meta.llama4-maverick-17b-instruct'],
    ['mistral.mistral-7b-instruct-v0:2', 'aws.bedrock:mistral.mistral-7b-instruct'],
    ['mistral.mixtral-8x7b-instruct-v0:1', 'aws.bedrock:mistral.mixtral-8x7b-instruct'],
    ['mistral.mistral-large-2407-v1:0', 'aws.bedrock:mistral.mistral-large-2407'],
    ['us.deepseek.r1-v1:0', 'aws.bedrock:deepseek.r1'],
    ['openai.gpt-oss-120b-1:0', 'aws.bedrock:openai.gpt-oss-120b'],
    ['cohere.embed-english-v3', 'aws.bedrock:cohere.embed-english-v3'],
  ])('%s -> %s', (model, expected) => {
    expect(row(model, 'aws.bedrock')).toBe(expected);
    // the id alone says Bedrock
    expect(row(model)).toBe(expected);
  });

  it.each([
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'aws.bedrock:anthropic.claude-sonnet-4-5',
    ],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'anthropic:claude-sonnet-4-5',
    ],
    [
      'arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0',
      'aws.bedrock:amazon.nova-lite',
    ],
    [
      'arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0',
      'aws.bedrock:meta.llama3-1-8b-instruct',
    ],
    [
      'arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      'anthropic:claude-3-haiku',
    ],
  ])('ARN %s -> %s', (arn, expected) => {
    expect(row(arn, 'aws.bedrock')).toBe(expected);
    expect(row(arn)).toBe(expected);
  });

  it('leaves opaque ARNs (application inference profiles, provisioned models) unpriced', () => {
    expect(
      findPrice('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6'),
    ).toBe(undefined);
    expect(
      findPrice('arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdef', {
        provider: 'aws.bedrock',
      }),
    ).toBe(undefined);
  });

  it('tells Titan embeddings v1 and v2 apart (different prices)', () => {
    expect(findPrice('amazon.titan-embed-text-v1')?.input).toBe(0.1);
    expect(findPrice('amazon.titan-embed-text-v2:0')?.input).toBe(0.02);
  });

  it('prices Bedrock Claude cache reads and writes (global at the Anthropic rates, regional +10%), Nova cache reads at a quarter', () => {
    const usage = {
      inputTokens: 10_000,
      outputTokens: 1000,
      cacheReadInputTokens: 6000,
      cacheCreationInputTokens: 2000,
    };
    // 2000 uncached x $3 + 6000 read x $0.30 + 2000 written x $3.75 + 1000 out x $15, per 1M
    // = 0.006 + 0.0018 + 0.0075 + 0.015
    expect(
      computeCost(usage, 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', { provider: 'aws.bedrock' })
        .totalUsdExact,
    ).toBe('0.0303');
    // regional (us. profile): 2000 x $3.30 + 6000 x $0.33 + 2000 x $4.125 + 1000 x $16.50
    // = 0.0066 + 0.00198 + 0.00825 + 0.0165
    expect(
      computeCost(usage, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', { provider: 'aws.bedrock' })
        .totalUsdExact,
    ).toBe('0.03333');
    // Nova Pro: 2000 x $0.80 + 6000 x $0.20 + 2000 written at the input rate x $0.80 + 1000 x $3.20
    expect(computeCost(usage, 'us.amazon.nova-pro-v1:0', { provider: 'aws.bedrock' }).totalUsdExact).toBe(
      '0.0076',
    );
  });
});

describe('Vertex AI model ids', () => {
  it.each([
    ['claude-sonnet-4-5@20250929', 'anthropic:claude-sonnet-4-5'],
    ['claude-3-5-sonnet-v2@20241022', 'anthropic:claude-3-5-sonnet'],
    ['claude-opus-4-6@default', 'anthropic:claude-opus-4-6'],
    ['publishers/anthropic/models/claude-haiku-4-5@20251001', 'anthropic:claude-haiku-4-5'],
    ['publishers/google/models/gemini-2.5-pro', 'gcp.gemini:gemini-2.5-pro'],
    ['projects/p/locations/global/publishers/google/models/gemini-3.5-flash', 'gcp.gemini:gemini-3.5-flash'],
    ['gemini-2.0-flash-001', 'gcp.gemini:gemini-2.0-flash'],
    ['gemini-embedding-001', 'gcp.gemini:gemini-embedding-001'],
    [
      'meta/llama-4-maverick-17b-128e-instruct-maas',
      'gcp.vertex_ai:meta/llama-4-maverick-17b-128e-instruct-maas',
    ],
    [
      'publishers/meta/models/llama-4-scout-17b-16e-instruct-maas',
      'gcp.vertex_ai:meta/llama-4-scout-17b-16e-instruct-maas',
    ],
    ['codestral-2@001', 'gcp.vertex_ai:codestral-2'],
    ['mistral-medium-3@001', 'gcp.vertex_ai:mistral-medium-3'],
  ])('%s -> %s', (model, expected) => {
    expect(row(model, 'gcp.vertex_ai')).toBe(expected);
  });

  it('prices the whole Gemini request at the long-context rates above 200k prompt tokens, cached and thinking included', () => {
    // 250,000 prompt tokens of which 50,000 cached, 4000 output of which 3000 thinking: all at the >200k rates
    const usage = {
      inputTokens: 250_000,
      outputTokens: 4000,
      cacheReadInputTokens: 50_000,
      reasoningOutputTokens: 3000,
    };
    // 200,000 x $2.50 + 50,000 x $0.25 + 4000 x $15 per 1M = 0.5 + 0.0125 + 0.06
    expect(
      computeCost(usage, 'publishers/google/models/gemini-2.5-pro', { provider: 'gcp.vertex_ai' })
        .totalUsdExact,
    ).toBe('0.5725');
    // the same below the threshold: 150,000 x $1.25 + 50,000 x $0.125 + 4000 x $10
    const small = { ...usage, inputTokens: 200_000 };
    expect(computeCost(small, 'gemini-2.5-pro', { provider: 'gcp.gemini' }).totalUsdExact).toBe('0.23375');
  });
});
