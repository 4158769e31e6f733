import fc from 'fast-check';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { LONG_PIECE } from './bpe-count.js';
import { countWithEncoding } from './count-tokens.js';
import { isLinearLog } from './load-encoder.js';

const oracles = { o200k_base: getEncoding('o200k_base'), cl100k_base: getEncoding('cl100k_base') };

// Texts whose pre-tokenizer pieces are longer than LONG_PIECE, so they take the heap merge (mergeCount).
// Kept to a few thousand characters: js-tiktoken, the oracle, is quadratic on them.
const LONG_TEXTS: Record<string, string> = {
  'letters run': 'a'.repeat(2000),
  'mixed-case letters run': 'HelloWorld'.repeat(150),
  'Han run': '中文字符'.repeat(300),
  'kana and Han': 'お誕生日おめでとう'.repeat(120),
  'Latin and Han in one piece': 'a中'.repeat(600),
  'Devanagari run': 'नमस्ते'.repeat(200),
  'Cyrillic run': 'Здравствуйте'.repeat(100),
  'spaces run': ' '.repeat(3000),
  'newlines and spaces': ' \n'.repeat(900),
  'punctuation with slashes and newlines': `!${'/\n'.repeat(800)}`,
  'emoji run': '👨‍👩‍👧‍👦'.repeat(120),
  'base64-like blob': 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo='.repeat(60),
  'long word then text': `${'x'.repeat(LONG_PIECE + 1)} and then ordinary text follows.`,
};

describe.each(['o200k_base', 'cl100k_base'] as const)('long pieces with %s', (encoding) => {
  it('counts through the O(n log n) path with this gpt-tokenizer version', () => {
    expect(isLinearLog(encoding)).toBe(true);
  });

  it.each(Object.keys(LONG_TEXTS))('equals js-tiktoken on a %s', (name) => {
    const text = LONG_TEXTS[name] ?? '';
    expect(countWithEncoding(text, encoding)).toBe(oracles[encoding].encode(text, [], []).length);
  });

  it('equals js-tiktoken on random long runs over small alphabets (many equal-rank ties)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'ab', 'e', 'ing', '中', '文', 'й', 'ा', '🙂', ' ');
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: LONG_PIECE, maxLength: 700 }), (parts) => {
        const text = parts.join('');
        expect(countWithEncoding(text, encoding)).toBe(oracles[encoding].encode(text, [], []).length);
      }),
      { numRuns: 25 },
    );
  });

  it('equals js-tiktoken on random two-letter runs (where merging the leftmost of equal ranks first matters)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b'), { minLength: LONG_PIECE + 1, maxLength: 500 }),
        (parts) => {
          const text = parts.join('');
          expect(countWithEncoding(text, encoding)).toBe(oracles[encoding].encode(text, [], []).length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
