// The app of bench/register-startup.bench.mjs: loads `openai`, creates a client and exits. At exit it prints one
// JSON line: max RSS, CPU time of the whole process (all threads, so a loader thread counts), whether `create` was patched (an instrumentation that did nothing must not look cheap), and
// the tokenizer modules in the require cache (the tokenizers are loaded with require, see
// packages/pricing/src/tokens/load-encoder.ts; ESM loads are seen by module-spy.mjs).
// BENCH_COUNT_TOKENS=1 counts tokens once: the positive control that the tokenizer check can see a load.
const { OpenAI } = require('openai');

new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1' });
if (process.env.BENCH_COUNT_TOKENS === '1') require('@llmcost/pricing').countTokens('hello world', 'gpt-4o');

const TOKENIZER = /[\\/]node_modules[\\/](gpt-tokenizer|js-tiktoken|tiktoken|@dqbd[\\/]tiktoken)[\\/]/;
process.on('exit', () => {
  const create = OpenAI.Chat?.Completions?.prototype?.create;
  const usage = process.resourceUsage();
  const line = {
    maxRssKb: usage.maxRSS,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    // shimmer's mark (contrib instrumentations), or llmcost's (the replaced method, core/instrumentation-base.ts).
    patched:
      typeof create === 'function' &&
      (create.__wrapped === true || typeof create[Symbol.for('@llmcost/otel.original')] === 'function'),
    tokenizerCjs: Object.keys(require.cache).filter((f) => TOKENIZER.test(f)).length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
