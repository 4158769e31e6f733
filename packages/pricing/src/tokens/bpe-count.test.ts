import fc from 'fast-check';
import { CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { LONG_PIECE } from './bpe-count.js';
import { countWithEncoding } from './count-tokens.js';
import { isLinearLog } from './load-encoder.js';

const oracles = { o200k_base: getEncoding('o200k_base'), cl100k_base: getEncoding('cl100k_base') };

// Texts whose pre-tokenizer pieces are longer than LONG_PIECE, so they take the heap merge (mergeCount).
// Kept a little above LONG_PIECE: js-tiktoken, the oracle, is quadratic on them.
const LONG_TEXTS: Record<string, string> = {
  'letters run': 'a'.repeat(600),
  'mixed letters run': 'thequickbrownfox'.repeat(25),
  'Han run': '中文字符'.repeat(100),
  'kana and Han': 'お誕生日おめでとう'.repeat(40),
  'Latin and Han in one piece': 'a中'.repeat(200),
  'Devanagari run': 'नमस्ते'.repeat(60),
  'Cyrillic run': 'здравствуйте'.repeat(30),
  'spaces run': ' '.repeat(600),
  'newlines and spaces': ' \n'.repeat(300),
  'punctuation with slashes and newlines': `!${'/\n'.repeat(300)}`,
  'emoji run': '👨‍👩‍👧‍👦'.repeat(40),
  'long word then text': `${'x'.repeat(LONG_PIECE + 1)} and then ordinary text follows.`,
};

describe.each(['o200k_base', 'cl100k_base'] as const)('long pieces with %s', (encoding) => {
  it('counts through the O(n log n) path with this gpt-tokenizer version', () => {
    expect(isLinearLog(encoding)).toBe(true);
  });

  const split = encoding === 'o200k_base' ? O200K_TOKEN_SPLIT_REGEX : CL100K_TOKEN_SPLIT_REGEX;
  const longestPiece = (text: string) =>
    Math.max(...[...text.matchAll(split)].map(([piece]) => piece.length));

  it('most of these texts do have a piece longer than LONG_PIECE in this encoding', () => {
    const long = Object.values(LONG_TEXTS).filter((text) => longestPiece(text) > LONG_PIECE);
    // cl100k_base splits Devanagari marks and the slashes run into short pieces.
    expect(long.length).toBeGreaterThanOrEqual(Object.keys(LONG_TEXTS).length - 2);
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
