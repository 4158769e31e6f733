import fc from 'fast-check';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { corpus } from './__fixtures__/corpus.js';
import { approximationFor, scriptBytes } from './approximation.js';
import { countTokens } from './count-tokens.js';
import type { EncodingName } from './model-encoding.js';

// js-tiktoken is the oracle: a port of OpenAI's tiktoken. encode(text, [], []) treats special-token text as
// plain text, which is how user input reaches the API.
const oracles = {
  o200k_base: getEncoding('o200k_base'),
  cl100k_base: getEncoding('cl100k_base'),
};
const oracle = (text: string, encoding: EncodingName) => oracles[encoding].encode(text, [], []).length;
const MODELS: Record<EncodingName, string> = { o200k_base: 'gpt-4o-mini', cl100k_base: 'gpt-4' };
const texts = corpus();

describe.each(['o200k_base', 'cl100k_base'] as const)('countTokens with %s', (encoding) => {
  const model = MODELS[encoding];

  it.each(Object.keys(texts))('equals js-tiktoken on %s', (name) => {
    const text = texts[name] ?? '';
    expect(countTokens(text, model)).toEqual({ tokens: oracle(text, encoding), exact: true, encoding });
  });

  it('equals js-tiktoken on the whole corpus concatenated (token merges across fixture boundaries)', () => {
    const all = Object.values(texts).join('');
    expect(countTokens(all, model).tokens).toBe(oracle(all, encoding));
  });

  it('equals js-tiktoken on random unicode strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
        ),
        (text) => {
          expect(countTokens(text, model).tokens).toBe(oracle(text, encoding));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('equals js-tiktoken on random mixes of corpus pieces, whitespace and special-token text', () => {
    const pieces = Object.values(texts).flatMap((t) => t.split(/(?<=\s)/).slice(0, 40));
    const piece = fc.oneof(
      fc.constantFrom(...pieces),
      fc.constantFrom(' ', '  ', '\n', '\t', '\r\n', '<|endoftext|>', '<|im_start|>', "'s", '123', '👨‍👩‍👧'),
      fc.string({ unit: 'binary-ascii', maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(countTokens(text, model).tokens).toBe(oracle(text, encoding));
      }),
      { numRuns: 300 },
    );
  });
});

describe('countTokens for special-token text', () => {
  it('counts "<|endoftext|>" as plain text, more than one token, without throwing', () => {
    const result = countTokens('<|endoftext|>', 'gpt-4o');
    expect(result.tokens).toBe(oracle('<|endoftext|>', 'o200k_base'));
    expect(result.tokens).toBeGreaterThan(1);
  });
});

describe('countTokens for models without a public tokenizer', () => {
  it.each([
    ['claude-sonnet-4-5', 135, 40],
    ['anthropic/claude-3-5-haiku-20241022', 135, 40],
    ['gemini-2.5-pro', 130, 0],
    ['mistral-large-latest', 130, 20],
    ['deepseek-chat', 130, 20],
    ['grok-4', 130, 20],
    ['some-unknown-model', 135, 40],
  ])(
    '%s: (%d%% of the o200k count + %d%% of script bytes), rounded up, not exact',
    (model, factor, scriptFactor) => {
      for (const name of ['prose.txt', 'multilingual.txt']) {
        const text = texts[name] ?? '';
        expect(approximationFor(model)).toMatchObject({ factor, scriptFactor });
        const expected = Math.ceil(
          (factor * oracle(text, 'o200k_base') + scriptFactor * scriptBytes(text)) / 100,
        );
        expect(countTokens(text, model)).toEqual({ tokens: expected, exact: false });
      }
    },
  );

  it('gives 0 for empty text', () => {
    expect(countTokens('', 'claude-opus-4-1')).toEqual({ tokens: 0, exact: false });
  });
});
