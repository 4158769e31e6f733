// gen_ai.output.type is conditionally required when the request sets an output format (semconv v1.41.1
// gen-ai-spans.md): `json` for structured output, `text` for plain text; absent when the request sets none.

import { createRequire } from 'node:module';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { AiSdkInstrumentation } from '../ai-sdk/index.js';
import { AnthropicInstrumentation } from '../anthropic/index.js';
import { GoogleGenAIInstrumentation } from '../google-genai/index.js';
import { MistralInstrumentation } from '../mistral/instrumentation.js';
import {
  FIXTURES_DIR,
  loadAiSdk,
  loadAnthropic,
  loadGoogleGenAI,
  TEST_API_KEY,
} from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';

const anthropic = useInstrumentation(new AnthropicInstrumentation());
const gemini = useInstrumentation(new GoogleGenAIInstrumentation());
const aiSdk = useInstrumentation(new AiSdkInstrumentation());
const mistral = useInstrumentation(new MistralInstrumentation());
const messages = [{ role: 'user' as const, content: 'Name a lighthouse' }];
const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

describe('gen_ai.output.type', () => {
  it('Anthropic: output_format json_schema is json; no format, no attribute', async () => {
    const sdk = loadAnthropic(1);
    const client = new sdk.Anthropic({ apiKey: TEST_API_KEY, baseURL: anthropic.mock().url, maxRetries: 0 });
    await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      messages,
      output_format: { type: 'json_schema', schema },
    });
    expect(anthropic.telemetry.onlySpan().attributes['gen_ai.output.type']).toBe('json');
    anthropic.telemetry.reset();
    await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages });
    expect(anthropic.telemetry.onlySpan().attributes).not.toHaveProperty('gen_ai.output.type');
  });

  it('@google/genai: responseMimeType application/json is json, text/plain is text', async () => {
    const sdk = loadGoogleGenAI(2);
    const client = new sdk.GoogleGenAI({
      apiKey: 'gemini-test-key',
      httpOptions: { baseUrl: gemini.mock().url },
    });
    await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Name a lighthouse',
      config: { responseMimeType: 'application/json', responseSchema: schema },
    });
    expect(gemini.telemetry.onlySpan().attributes['gen_ai.output.type']).toBe('json');
    gemini.telemetry.reset();
    await client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Name a lighthouse',
      config: { responseMimeType: 'text/plain' },
    });
    expect(gemini.telemetry.onlySpan().attributes['gen_ai.output.type']).toBe('text');
  });

  it('Mistral: responseFormat json_object is json, text is text', async () => {
    const sdk = createRequire(`${FIXTURES_DIR}mistral-v1/package.json`)('@mistralai/mistralai');
    const client = new sdk.Mistral({ apiKey: 'mistral-test-key', serverURL: mistral.mock().url });
    await client.chat.complete({
      model: 'mistral-small-latest',
      messages,
      responseFormat: { type: 'json_object' },
    });
    expect(mistral.telemetry.onlySpan().attributes['gen_ai.output.type']).toBe('json');
    mistral.telemetry.reset();
    await client.chat.complete({ model: 'mistral-small-latest', messages, responseFormat: { type: 'text' } });
    expect(mistral.telemetry.onlySpan().attributes['gen_ai.output.type']).toBe('text');
  });

  it('AI SDK: generateObject asks for json; generateText sets no format', async () => {
    const { ai, createOpenAI, z } = loadAiSdk(6);
    const openai = createOpenAI({ apiKey: TEST_API_KEY, baseURL: `${aiSdk.mock().url}/v1` });
    await ai.generateObject({
      model: openai.chat('gpt-4o-mini'),
      schema: z.object({ name: z.string() }),
      prompt: 'Name a lighthouse',
    });
    expect(aiSdk.telemetry.onlySpan().attributes['gen_ai.output.type']).toBe('json');
    aiSdk.telemetry.reset();
    await ai.generateText({ model: openai.chat('gpt-4o-mini'), prompt: 'Name a lighthouse' });
    expect(aiSdk.telemetry.onlySpan().attributes).not.toHaveProperty('gen_ai.output.type');
  });
});
