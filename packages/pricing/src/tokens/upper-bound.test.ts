import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpus } from './__fixtures__/corpus.js';
import { countTokens } from './count-tokens.js';
import { upperBoundTokens } from './upper-bound.js';

const MODELS = [
  'gpt-4o',
  'gpt-4',
  'claude-sonnet-4-5',
  'gemini-2.5-pro',
  'mistral-large-latest',
  'unknown-model',
];
const texts = corpus();
const strings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  fc.constantFrom(...Object.values(texts)),
);

describe('upperBoundTokens', () => {
  it('is never below the count of any model, exact or approximated (random strings and the corpus)', () => {
    fc.assert(
      fc.property(strings, fc.constantFrom(...MODELS), (text, model) => {
        const count = countTokens(text, model).tokens;
        expect(upperBoundTokens(text)).toBeGreaterThanOrEqual(count);
        expect(upperBoundTokens(text, model)).toBeGreaterThanOrEqual(count);
      }),
      { numRuns: 600 },
    );
  });

  it('is the UTF-8 byte length for an OpenAI model', () => {
    expect(upperBoundTokens('héllo 👋', 'gpt-4o')).toBe(Buffer.byteLength('héllo 👋'));
  });

  it('is 0 for empty text', () => {
    expect(upperBoundTokens('')).toBe(0);
  });
});
