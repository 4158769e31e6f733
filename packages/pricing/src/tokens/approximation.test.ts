import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approximationFor, MAX_BYTES_FACTOR, scriptBytes } from './approximation.js';
import { countTokens } from './count-tokens.js';

const fixtures = new URL('../../../../bench/fixtures/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('reference-counts.json', fixtures), 'utf8')) as {
  entries: { file: string; line?: number; counts: Record<string, number> }[];
};

describe('approximation against public tokenizers of the same families (bench/fixtures/reference-counts.json)', () => {
  const cases = reference.entries.flatMap((entry) =>
    Object.entries(entry.counts).map(([model, tokens]) => ({ ...entry, model, tokens })),
  );
  it.each(cases)(
    '$model on $file $line: never below the reference count, at most 3.5x above',
    ({ file, line, model, tokens }) => {
      const whole = readFileSync(new URL(`corpus/${file}`, fixtures), 'utf8');
      const text = line === undefined ? whole : (whole.split('\n')[line] ?? '');
      const estimate = countTokens(text, model);
      expect(estimate.exact).toBe(false);
      expect(estimate.tokens).toBeGreaterThanOrEqual(tokens);
      expect(estimate.tokens).toBeLessThanOrEqual(Math.ceil(tokens * 3.5));
    },
  );
});

describe('approximationFor', () => {
  it.each([
    ['claude-sonnet-4-5', 'claude'],
    ['anthropic/claude-3-5-haiku-20241022', 'claude'],
    ['gemini-2.5-flash', 'gemini'],
    ['gemma-3-27b-it', 'gemini'],
    ['deepseek-reasoner', 'deepseek'],
    ['mistral-large-latest', 'mistral'],
    ['codestral-2501', 'mistral'],
    ['grok-4', 'grok'],
    ['llama-3.3-70b', 'unknown'],
  ])('%s -> %s', (model, family) => {
    expect(approximationFor(model).family).toBe(family);
  });

  it('MAX_BYTES_FACTOR covers every family', () => {
    for (const model of ['claude-x', 'gemini-x', 'deepseek-x', 'mistral-x', 'grok-x', 'other']) {
      const { factor, scriptFactor } = approximationFor(model);
      expect(factor + scriptFactor).toBeLessThanOrEqual(MAX_BYTES_FACTOR);
    }
  });
});

describe('scriptBytes', () => {
  it('counts UTF-8 bytes of non-ASCII characters other than Han and kana', () => {
    expect(scriptBytes('plain ASCII text')).toBe(0);
    expect(scriptBytes('中文かなカナ、。')).toBe(0);
    expect(scriptBytes('é')).toBe(2);
    expect(scriptBytes('Привет')).toBe(12);
    expect(scriptBytes('नमस्ते')).toBe(Buffer.byteLength('नमस्ते'));
    expect(scriptBytes('한국어')).toBe(9);
    expect(scriptBytes('👍🏽')).toBe(8);
    expect(scriptBytes('a\ud83d')).toBe(3);
    expect(scriptBytes('\ude00b')).toBe(3);
  });

  it('is never above the UTF-8 byte length (random strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        expect(scriptBytes(text)).toBeLessThanOrEqual(Buffer.byteLength(text));
      }),
    );
  });
});
