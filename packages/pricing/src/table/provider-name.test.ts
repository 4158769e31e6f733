import { describe, expect, it } from 'vitest';
import { normaliseProvider } from './provider-name.js';

describe('normaliseProvider', () => {
  it.each([
    // semconv names as they are
    ['openai', 'openai'],
    ['azure.ai.openai', 'azure.ai.openai'],
    ['azure.ai.inference', 'azure.ai.inference'],
    ['gcp.vertex_ai', 'gcp.vertex_ai'],
    ['gcp.gemini', 'gcp.gemini'],
    ['aws.bedrock', 'aws.bedrock'],
    ['mistral_ai', 'mistral_ai'],
    // Vercel AI SDK provider ids (LanguageModel.provider of the @ai-sdk/* packages)
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['openai.embedding', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['google.generative-ai', 'gcp.gemini'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['vertex.anthropic.messages', 'gcp.vertex_ai'],
    ['azure.chat', 'azure.ai.openai'],
    ['azure.responses', 'azure.ai.openai'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['mistral.chat', 'mistral_ai'],
    ['xai.chat', 'x_ai'],
    ['groq.chat', 'groq'],
    ['deepseek.chat', 'deepseek'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseProvider(raw)).toBe(expected);
  });
});
