#!/usr/bin/env node
// Added CPU per LLM call: @llmcost/otel's OpenAIInstrumentation (cost, metrics included) vs
// @opentelemetry/instrumentation-openai@0.21.0, for chat.completions.create non-streaming and streaming (openai 6.x).
// Two transports: an in-process `fetch` returning canned responses (isolates the client-side cost), and loopback
// HTTP to a mock-llm server. Each instrumentation runs in its own child process (both patch the same module), with
// real SDK tracer and meter providers (batch span processor to a discarding exporter, a metric reader) and the
// AsyncLocalStorage context manager, as in an app. Inside a child, rounds alternate the instrumentation disabled
// (the uninstrumented baseline) and enabled; CPU is process.cpuUsage() per call, best round of each kept: on a
// shared machine the minimum is the figure least polluted by neighbours. Prints ratios, not thresholds.
// Usage: npx -y pnpm@10 run build && node bench/otel-overhead.bench.mjs [calls-per-round]
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CONFIGS = ['llmcost', 'contrib'];
const ROUNDS = 5;
const MODES = [
  { transport: 'fetch', stream: false },
  { transport: 'fetch', stream: true },
  { transport: 'http', stream: false },
  { transport: 'http', stream: true },
];

if (process.argv[2] === '--child') {
  const [, , , config, transport, mode, n, baseURL] = process.argv;
  await child(config, transport, mode === 'stream', Number(n), baseURL);
} else {
  await parent(Number(process.argv[2] ?? 1000));
}

async function parent(iterations) {
  const { startMockLlm } = await import('@llmcost/mock-llm');
  const mock = await startMockLlm();
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  try {
    for (const { transport, stream } of MODES) {
      const n = transport === 'http' ? Math.max(100, Math.floor(iterations / 4)) : iterations;
      const result = {};
      for (const config of CONFIGS) {
        // Sequential children: parallel ones would measure each other.
        const args = [
          self,
          '--child',
          config,
          transport,
          stream ? 'stream' : 'plain',
          String(n),
          `${mock.url}/v1`,
        ];
        const { stdout } = await promisify(execFile)(process.execPath, args);
        result[config] = JSON.parse(stdout);
      }
      rows.push({
        transport,
        stream,
        n,
        none: Math.min(result.llmcost.off, result.contrib.off),
        llmcost: result.llmcost.on - result.llmcost.off,
        contrib: result.contrib.on - result.contrib.off,
      });
    }
  } finally {
    await mock.close();
  }
  const f = (x) => x.toFixed(1);
  console.log(
    '| transport | call | calls/round | uninstrumented µs/call | contrib added µs/call | llmcost added µs/call | llmcost/contrib |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = r.contrib > 0 ? (r.llmcost / r.contrib).toFixed(2) : 'n/a';
    const call = r.stream ? 'streaming' : 'non-streaming';
    console.log(
      `| ${r.transport} | ${call} | ${r.n} | ${f(r.none)} | ${f(r.contrib)} | ${f(r.llmcost)} | ${ratio} |`,
    );
  }
  console.log(
    '\nadded = CPU per call with the instrumentation enabled minus disabled, same process; lower is better.',
  );
}

async function child(config, transport, stream, iterations, baseURL) {
  const require = createRequire(import.meta.url);
  // sdk-metrics and the context manager are dependencies of @llmcost/otel, not of the bench package.
  const otelRequire = createRequire(require.resolve('@llmcost/otel/package.json'));
  const api = require('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { MeterProvider, MetricReader } = otelRequire('@opentelemetry/sdk-metrics');
  const { AsyncLocalStorageContextManager } = otelRequire('@opentelemetry/context-async-hooks');
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const discard = {
    export: (_spans, done) => done({ code: 0 }),
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] });
  class Reader extends MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  const meterProvider = new MeterProvider({ readers: [new Reader()] });

  const { OpenAIInstrumentation } =
    config === 'llmcost' ? await import('@llmcost/otel') : require('@opentelemetry/instrumentation-openai');
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider(meterProvider);
  const { OpenAI } = require('openai');

  const client = new OpenAI({
    apiKey: 'sk-bench',
    baseURL,
    maxRetries: 0,
    ...(transport === 'fetch' ? { fetch: cannedFetch(stream) } : {}),
  });
  const params = {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Name three lighthouses.' },
    ],
    max_tokens: 64,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
  const call = async () => {
    const res = await client.chat.completions.create(params);
    if (stream) for await (const _ of res);
  };
  const measure = async () => {
    const start = process.cpuUsage();
    for (let i = 0; i < iterations; i++) await call();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / iterations;
  };
  for (let i = 0; i < Math.min(500, iterations); i++) await call(); // warm up JIT, pricing table, connections
  let off = Number.POSITIVE_INFINITY;
  let on = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    instrumentation.disable();
    off = Math.min(off, await measure());
    instrumentation.enable();
    on = Math.min(on, await measure());
  }
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  process.stdout.write(JSON.stringify({ off, on }));
}

function cannedFetch(stream) {
  const model = 'gpt-4o-mini-2024-07-18';
  const base = { id: 'chatcmpl-bench', created: 1_700_000_000, model };
  const completion = JSON.stringify({
    ...base,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hook Head, Tower of Hercules, Eddystone.' },
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 24,
      completion_tokens: 12,
      total_tokens: 36,
      prompt_tokens_details: { cached_tokens: 0 },
    },
  });
  const event = (body) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...body })}\n\n`;
  const delta = (d, finish = null) => event({ choices: [{ index: 0, delta: d, finish_reason: finish }] });
  const words = ['Hook', ' Head', ',', ' Tower', ' of', ' Hercules', ',', ' Eddystone', '.'];
  const sse =
    delta({ role: 'assistant', content: '' }) +
    words.map((w) => delta({ content: w })).join('') +
    delta({}, 'stop') +
    event({ choices: [], usage: { prompt_tokens: 24, completion_tokens: 12, total_tokens: 36 } }) +
    'data: [DONE]\n\n';
  return async () =>
    stream
      ? new Response(sse, { headers: { 'content-type': 'text/event-stream' } })
      : new Response(completion, { headers: { 'content-type': 'application/json' } });
}
