import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { scriptBytes } from './approximation.js';
import { countMessageTokens } from './count-messages.js';

const o200k = getEncoding('o200k_base');
const plain = (text: string) => o200k.encode(text, [], []).length;

// The cookbook's own example, with the prompt_tokens the OpenAI API returned for it
// (https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb, section 6).
const cookbookMessages = [
  {
    role: 'system',
    content:
      'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  {
    role: 'system',
    name: 'example_assistant',
    content: 'Things working well together will increase revenue.',
  },
  {
    role: 'system',
    name: 'example_user',
    content:
      "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  {
    role: 'system',
    name: 'example_assistant',
    content: "Let's talk later when we're less busy about how to do better.",
  },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

// Section 7 of the same notebook: messages with one tool, and the API's prompt_tokens.
const weatherTools = [
  {
    type: 'function',
    function: {
      name: 'get_current_weather',
      description: 'Get the current weather in a given location',
      parameters: {
        type: 'object',
        properties: {
          location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
          unit: {
            type: 'string',
            description: 'The unit of temperature to return',
            enum: ['celsius', 'fahrenheit'],
          },
        },
        required: ['location'],
      },
    },
  },
];
const weatherMessages = [
  { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
  { role: 'user', content: "What's the weather like in San Francisco?" },
];

describe('countMessageTokens for OpenAI models (cookbook examples, checked by OpenAI against the API)', () => {
  it.each([
    ['gpt-3.5-turbo', 129, 'cl100k_base'],
    ['gpt-4-0613', 129, 'cl100k_base'],
    ['gpt-4', 129, 'cl100k_base'],
    ['gpt-4o', 124, 'o200k_base'],
    ['gpt-4o-mini', 124, 'o200k_base'],
  ])('%s: %d prompt tokens, exact', (model, tokens, encoding) => {
    expect(countMessageTokens(cookbookMessages, model)).toEqual({ tokens, exact: true, encoding });
  });

  it.each([
    ['gpt-3.5-turbo', 105],
    ['gpt-4', 105],
    ['gpt-4o', 101],
    ['gpt-4o-mini', 101],
  ])(
    '%s with the weather tool: %d prompt tokens, marked not exact (the tool formula is a fit)',
    (model, tokens) => {
      const result = countMessageTokens(weatherMessages, model, { tools: weatherTools });
      expect(result.tokens).toBe(tokens);
      expect(result.exact).toBe(false);
    },
  );
});

describe('countMessageTokens message shapes', () => {
  it('counts a single text part like the same string content', () => {
    const asString = countMessageTokens([{ role: 'user', content: 'Hello there' }], 'gpt-4o');
    const asPart = countMessageTokens(
      [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }],
      'gpt-4o',
    );
    expect(asPart).toEqual(asString);
    expect(asString).toEqual({
      tokens: 3 + plain('user') + plain('Hello there') + 3,
      exact: true,
      encoding: 'o200k_base',
    });
  });

  it('sums several text parts and marks the count not exact (the server joins them)', () => {
    const result = countMessageTokens(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hello' },
            { type: 'text', text: ' world' },
          ],
        },
      ],
      'gpt-4o',
    );
    expect(result).toEqual({
      tokens: 3 + plain('user') + plain('Hello') + plain(' world') + 3,
      exact: false,
      encoding: 'o200k_base',
    });
  });

  it('counts an image part as the documented 765-token estimate, not exact', () => {
    const result = countMessageTokens(
      [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }],
      'gpt-4o',
    );
    expect(result).toEqual({ tokens: 3 + plain('user') + 765 + 3, exact: false, encoding: 'o200k_base' });
  });

  it('counts assistant tool_calls and tool results, not exact', () => {
    const args = '{"location":"Paris, FR"}';
    const result = countMessageTokens(
      [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_current_weather', arguments: args } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      ],
      'gpt-4o',
    );
    const expected =
      3 +
      plain('user') +
      plain('Weather in Paris?') +
      3 +
      plain('assistant') +
      3 +
      plain('get_current_weather') +
      plain(args) +
      3 +
      plain('tool') +
      plain('call_1') +
      plain('{"temp":21}') +
      3;
    expect(result).toEqual({ tokens: expected, exact: false, encoding: 'o200k_base' });
  });

  it('applies the formula but does not claim exactness for models the cookbook did not verify', () => {
    const result = countMessageTokens(cookbookMessages, 'gpt-5');
    expect(result).toEqual({ tokens: 124, exact: false, encoding: 'o200k_base' });
    expect(countMessageTokens(cookbookMessages, 'gpt-4.1').exact).toBe(false);
  });

  it('never throws on special-token text in messages', () => {
    const result = countMessageTokens(
      [{ role: 'user', content: '<|im_end|><|endoftext|>', name: '<|im_start|>' }],
      'gpt-4',
    );
    expect(result.exact).toBe(true);
    expect(result.tokens).toBeGreaterThan(10);
  });
});

describe('countMessageTokens for Anthropic-style requests (approximation)', () => {
  const system = 'You are a terse assistant.';
  const messages = [
    { role: 'user', content: 'What is 2 + 2?' },
    { role: 'assistant', content: [{ type: 'text', text: '4' }] },
  ];
  const base =
    3 +
    3 +
    plain('system') +
    plain(system) +
    3 +
    plain('user') +
    plain('What is 2 + 2?') +
    3 +
    plain('assistant') +
    plain('4');

  it('takes `system` as an option, the same as a system-role message, scaled by the Claude factor', () => {
    const viaOption = countMessageTokens(messages, 'claude-sonnet-4-5', { system });
    const viaRole = countMessageTokens(
      [{ role: 'system', content: system }, ...messages],
      'claude-sonnet-4-5',
    );
    expect(viaOption).toEqual({ tokens: Math.ceil((135 * base) / 100), exact: false });
    expect(viaRole).toEqual(viaOption);
  });

  it('accepts system as text blocks', () => {
    const blocks = countMessageTokens(messages, 'claude-sonnet-4-5', {
      system: [{ type: 'text', text: system }],
    });
    expect(blocks.tokens).toBe(Math.ceil((135 * base) / 100));
  });

  it('counts tool_use and tool_result blocks, tools in Anthropic format and the tool-use system prompt', () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Get the weather.',
        input_schema: { type: 'object', properties: { city: { type: 'string', description: 'City name' } } },
      },
    ];
    const turn = [
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '-3 C' }] }],
      },
    ];
    const o200k =
      3 +
      3 +
      plain('user') +
      plain('Weather in Oslo?') +
      3 +
      plain('assistant') +
      plain('get_weather') +
      plain('{"city":"Oslo"}') +
      3 +
      plain('user') +
      plain('-3 C') +
      (7 + plain('get_weather:Get the weather') + 3 + 3 + plain('city:string:City name') + 12);
    // The tool-use system prompt (346) is in Claude tokens already: added after scaling.
    expect(countMessageTokens(turn, 'claude-opus-4-1', { tools })).toEqual({
      tokens: Math.ceil((135 * o200k) / 100) + 346,
      exact: false,
    });
  });

  it('counts an image block as ~1,600 tokens, unscaled, and uses the Gemini factor for Gemini models', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } };
    const result = countMessageTokens([{ role: 'user', content: [image] }], 'gemini-2.5-pro');
    expect(result).toEqual({ tokens: Math.ceil((130 * (3 + 3 + plain('user'))) / 100) + 1600, exact: false });
  });

  it('adds the script-bytes term for non-Latin text', () => {
    const text = 'Здравствуйте, как дела? नमस्ते';
    const result = countMessageTokens([{ role: 'user', content: text }], 'claude-haiku-4-5');
    const o200k = 3 + 3 + plain('user') + plain(text);
    expect(result).toEqual({ tokens: Math.ceil((135 * o200k + 40 * scriptBytes(text)) / 100), exact: false });
  });
});
