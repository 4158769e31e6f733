import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const corpusDir = fileURLToPath(new URL('../../../../../bench/fixtures/corpus/', import.meta.url));
const require = createRequire(import.meta.url);

/** Hand-written fixtures (prose, code, JSON, scripts, emoji, special-token text) plus real files from node_modules. */
export function corpus(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const file of readdirSync(corpusDir)) texts[file] = readFileSync(corpusDir + file, 'utf8');
  // Real-world code and Markdown, sliced to keep the test quick.
  texts['lib.es5.d.ts'] = readFileSync(require.resolve('typescript/lib/lib.es5.d.ts'), 'utf8').slice(
    0,
    60_000,
  );
  texts['vitest-README.md'] = readFileSync(
    require.resolve('vitest/package.json').replace('package.json', 'README.md'),
    'utf8',
  );
  Object.assign(texts, EDGE_CASES);
  return texts;
}

/** Cases a tokenizer port typically gets wrong: regex split boundaries, whitespace, surrogates, digits. */
export const EDGE_CASES: Record<string, string> = {
  empty: '',
  'single space': ' ',
  'space runs': 'a  b   c    d     e      f                                  g',
  'trailing spaces': 'end of line   \nnext line\t\t\n   ',
  'mixed whitespace': '\t \t\n\r\n\r\n\n\n  \u00a0\u2003\u3000x \u200b y',
  'newline runs': '\n\n\n\n\n\n\n\n\n\nparagraph\n\n\n',
  'only whitespace': ' \t\n \t\n   \n\n\t\t',
  digits: '1 12 123 1234 12345 123456 1234567 3.14159 1e10 0x1F 1,000,000 ٣٤٥ १२३',
  contractions: "I'm you're he's we'll they'd it's I'M YOU'RE DON'T can't o'clock 's 'll",
  punctuation: '!!!???...,,,;;;:::---___***###@@@$$$%%%^^^&&&((()))[[[]]]{{{}}}<<<>>>|||///\\\\\\',
  'long word': 'a'.repeat(1500),
  'long digits': '9'.repeat(1000),
  'repeated emoji': '🙂'.repeat(300),
  'lone high surrogate': 'abc\ud83d def',
  'lone low surrogate': 'abc\ude00 def',
  'reversed pair': '\ude00\ud83d',
  'nul and controls': 'a\u0000b\u0001c\u007fd\u0085e\u2028f\u2029g',
  'special tokens bare':
    '<|endoftext|><|im_start|><|im_end|><|im_sep|><|fim_prefix|><|fim_middle|><|fim_suffix|><|endofprompt|>',
  url: 'https://example.com/path/to/resource?query=1&lang=en-US#section-2 mailto:someone@example.org',
  base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
};
