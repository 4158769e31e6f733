// The ESM twin of startup-app.cjs (bench/register-startup.bench.mjs): `import`s `openai`, so under `--import` the
// ESM loader hook is needed and its cost shows. Prints the same JSON line at exit (no tokenizer control here).
import { OpenAI } from 'openai';

new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1' });

process.on('exit', () => {
  const usage = process.resourceUsage();
  const create = OpenAI.Chat?.Completions?.prototype?.create;
  const line = {
    maxRssKb: usage.maxRSS,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    // shimmer's mark (contrib instrumentations), or llmcost's (the replaced method, core/instrumentation-base.ts).
    patched:
      typeof create === 'function' &&
      (create.__wrapped === true || typeof create[Symbol.for('@llmcost/otel.original')] === 'function'),
    tokenizerCjs: 0,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
