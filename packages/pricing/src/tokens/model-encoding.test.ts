import { describe, expect, it } from 'vitest';
import { encodingForModel } from './model-encoding.js';

describe('encodingForModel', () => {
  it.each([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['chatgpt-4o-latest', 'o200k_base'],
    ['gpt-4.1-nano', 'o200k_base'],
    ['gpt-4.5-preview', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-5-mini-2025-08-07', 'o200k_base'],
    ['o1', 'o200k_base'],
    ['o1-mini', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['o4-mini-deep-research', 'o200k_base'],
    ['gpt-oss-120b', 'o200k_base'],
    ['GPT-4O', 'o200k_base'],
    ['openai/gpt-4o', 'o200k_base'],
    ['ft:gpt-4o-mini-2024-07-18:acme::9abc', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-4-turbo-2024-04-09', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['text-embedding-3-small', 'cl100k_base'],
    ['text-embedding-ada-002', 'cl100k_base'],
    ['ft:gpt-3.5-turbo-0125:acme::xyz', 'cl100k_base'],
  ])('%s -> %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });

  it.each([
    'claude-sonnet-4-5',
    'gemini-2.5-flash',
    'mistral-large',
    'deepseek-reasoner',
    'grok-4',
    'o10-custom',
    'omega',
    '',
  ])('%s has no OpenAI encoding', (model) => {
    expect(encodingForModel(model)).toBeUndefined();
  });
});
