import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countMessageTokens, upperBoundMessageTokens } from './count-messages.js';
import type { ChatMessageLike } from './types.js';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', ' ', '<|endoftext|>', 'Здравствуйте', 'नमस्ते', '中文', '👨‍👩‍👧‍👦', '{"a":1}'),
);
const part = fc.oneof(
  text.map((t) => ({ type: 'text', text: t })),
  fc.constant({ type: 'image_url', image_url: { url: 'https://x.co/a.png' } }),
  fc.constant({ type: 'image', source: { type: 'url', url: 'https://x.co/a.png' } }),
  fc.record({
    type: fc.constant('tool_use'),
    id: text,
    name: text,
    input: fc.dictionary(text, text, { maxKeys: 3 }),
  }),
  fc.record({
    type: fc.constant('tool_result'),
    tool_use_id: text,
    content: fc.oneof(
      text,
      fc.array(
        text.map((t) => ({ type: 'text', text: t })),
        { maxLength: 2 },
      ),
    ),
  }),
  fc.record({ type: fc.constant('thinking'), thinking: text }),
  fc.record({ type: fc.constant('input_audio'), data: text }),
);
const message: fc.Arbitrary<ChatMessageLike> = fc.record(
  {
    role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool'),
    content: fc.oneof(text, fc.constant(null), fc.array(part, { maxLength: 4 })),
    name: text,
    tool_call_id: text,
    tool_calls: fc.array(
      fc.record({
        id: text,
        type: fc.constant('function'),
        function: fc.record({ name: text, arguments: text }),
      }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['role'] },
);
const property = fc.record(
  {
    type: fc.constantFrom('string', 'number', 'object'),
    description: text,
    enum: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ['type'] },
);
const tool = fc.oneof(
  fc.record({
    type: fc.constant('function'),
    function: fc.record({
      name: text,
      description: text,
      parameters: fc.record({
        type: fc.constant('object'),
        properties: fc.dictionary(text, property, { maxKeys: 3 }),
      }),
    }),
  }),
  fc.record({
    name: text,
    description: text,
    input_schema: fc.record({
      type: fc.constant('object'),
      properties: fc.dictionary(text, property, { maxKeys: 3 }),
    }),
  }),
  fc.record({ type: fc.constant('web_search_20250305'), name: text }),
);
const MODELS = [
  'gpt-4o',
  'gpt-4',
  'gpt-5',
  'claude-sonnet-4-5',
  'gemini-2.5-pro',
  'deepseek-chat',
  'mistral-large',
  'other',
];

describe('upperBoundMessageTokens', () => {
  it('is never below countMessageTokens (random OpenAI and Anthropic shaped requests, every model family)', () => {
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 5 }),
        fc.constantFrom(...MODELS),
        fc.option(fc.array(tool, { maxLength: 3 }), { nil: undefined }),
        fc.option(
          fc.oneof(
            text,
            fc.array(
              text.map((t) => ({ type: 'text', text: t })),
              { maxLength: 2 },
            ),
          ),
          { nil: undefined },
        ),
        (messages, model, tools, system) => {
          const options = { ...(tools ? { tools } : {}), ...(system !== undefined ? { system } : {}) };
          expect(upperBoundMessageTokens(messages, model, options)).toBeGreaterThanOrEqual(
            countMessageTokens(messages, model, options).tokens,
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
