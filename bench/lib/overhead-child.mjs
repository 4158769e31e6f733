// One measurement of bench/otel-cpu.bench.mjs: a FRESH process running one variant (instrumentations patch
// globally, and a process that ran another variant would carry its heap and JIT state), warm-up calls, then
// `calls` measured calls with `inflight` of them in flight at once; sends the result over IPC and exits.
// Real SDK providers as an app has them: a BasicTracerProvider with a BatchSpanProcessor into an exporter that
// counts then drops spans, a MeterProvider with a reader, the AsyncLocalStorage context manager; every variant
// calls from inside an active OTel context (as an app's request handler does), so promise hooks are on for all.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { floorOp } from './signal-floor.mjs';

/** Where each instrumented variant's instrumentation class comes from. */
const SOURCES = {
  ours: process.env.BENCH_OURS || '@llmcost/otel',
  ours2: process.env.BENCH_OURS2,
  contrib: '@opentelemetry/instrumentation-openai',
  openinference: '@arizeai/openinference-instrumentation-openai',
};

const [variant, sdk, mode, calls, warm, inflight] = process.argv.slice(2);
const result = await measure({
  variant,
  sdk,
  stream: mode === 'stream',
  calls: +calls,
  warm: +warm,
  inflight: +inflight,
});
// Run by hand (e.g. under --cpu-prof): print the result instead.
if (process.send) process.send(result, () => process.exit(0));
else console.log(JSON.stringify(result));

function providers() {
  const require = createRequire(import.meta.url);
  // sdk-metrics and the context manager are dependencies of @llmcost/otel, not of the bench package.
  const otelRequire = createRequire(require.resolve('@llmcost/otel'));
  const api = require('@opentelemetry/api');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
  const { MeterProvider, MetricReader } = otelRequire('@opentelemetry/sdk-metrics');
  const { AsyncLocalStorageContextManager } = otelRequire('@opentelemetry/context-async-hooks');
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const seen = { spans: 0, costAttr: false };
  const exporter = {
    export(spans, done) {
      seen.spans += spans.length;
      if (spans.some((s) => typeof s.attributes['gen_ai.usage.cost'] === 'number')) seen.costAttr = true;
      done({ code: 0 });
    },
    shutdown: async () => {},
    forceFlush: async () => {},
  };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  class Reader extends MetricReader {
    async onForceFlush() {}
    async onShutdown() {}
  }
  const reader = new Reader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const metricPoints = async () => {
    const { resourceMetrics } = await reader.collect();
    let n = 0;
    for (const sm of resourceMetrics.scopeMetrics) for (const m of sm.metrics) n += m.dataPoints.length;
    return n;
  };
  return { api, require, tracerProvider, meterProvider, seen, metricPoints };
}

async function instrument(require, tracerProvider, meterProvider) {
  const source = SOURCES[variant];
  const mod = source.endsWith('.js')
    ? await import(pathToFileURL(resolve(source)).href)
    : require(source.endsWith('.cjs') ? resolve(source) : source);
  const instrumentation =
    sdk === 'gemini'
      ? new mod.GoogleGenAIInstrumentation()
      : sdk === 'bedrock'
        ? new mod.BedrockRuntimeInstrumentation()
        : new mod.OpenAIInstrumentation();
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider(meterProvider);
  // OpenInference's constructor does not enable it (contrib's and ours do): hooks `require` now.
  instrumentation.enable();
}

async function measure({ variant, sdk, stream, calls, warm, inflight }) {
  const { api, require, tracerProvider, meterProvider, seen, metricPoints } = providers();
  if (variant in SOURCES) await instrument(require, tracerProvider, meterProvider);
  // Loaded only now, after the instrumentation hooked require (require-in-the-middle patches on load).
  const call =
    sdk === 'gemini'
      ? await geminiCall(require, stream)
      : sdk === 'bedrock'
        ? await bedrockCall(require, stream)
        : await openaiCall(require, stream);
  const floor = variant.startsWith('floor-')
    ? await floorOp(variant, tracerProvider, meterProvider, stream)
    : undefined;
  const appContext = api.ROOT_CONTEXT.setValue(Symbol('bench.request'), 1);
  let done = 0;
  const one = async () => {
    const res = await call();
    // A Bedrock stream is the output's `stream` member.
    if (stream) for await (const _ of res.stream ?? res);
    floor?.();
    done += 1;
    // The canned fetch resolves in microtasks only: let timers (the batch processor's exports) run, as they
    // would in an app, instead of overflowing its queue. Same for every variant.
    if (done % 64 === 0) await new Promise(setImmediate);
  };
  const run = (n) =>
    api.context.with(appContext, async () => {
      let issued = 0;
      const worker = async () => {
        while (issued < n) {
          issued += 1;
          await one();
        }
      };
      await Promise.all(Array.from({ length: Math.min(inflight, n) }, worker));
    });
  await run(warm); // JIT, the price table, the SDKs' lazy paths
  const gc = new v8.GCProfiler();
  gc.start();
  const start = process.cpuUsage();
  await run(calls);
  const used = process.cpuUsage(start);
  const gcStats = summarizeGc(gc.stop());
  await tracerProvider.forceFlush();
  const points = await metricPoints();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  return {
    perCall: (used.user + used.system) / calls,
    gcPausePerCall: gcStats.pauseUs / calls,
    survivedPerCall: gcStats.survived / calls,
    promotedPerCall: gcStats.promoted / calls,
    scavenges: gcStats.scavenges,
    majors: gcStats.majors,
    callsMade: warm + calls,
    spans: seen.spans,
    costAttr: seen.costAttr,
    metricPoints: points,
  };
}

/**
 * From v8.GCProfiler: pause time, and for scavenges the bytes that survived in the young generation
 * (new space after) and the bytes promoted to old space (old space after - before).
 */
function summarizeGc(profile) {
  const out = { pauseUs: 0, survived: 0, promoted: 0, scavenges: 0, majors: 0 };
  const used = (stats, name) =>
    stats.heapSpaceStatistics.find((s) => s.spaceName === name)?.spaceUsedSize ?? 0;
  for (const s of profile?.statistics ?? []) {
    out.pauseUs += s.cost;
    if (s.gcType === 'Scavenge') {
      out.scavenges += 1;
      out.survived += used(s.afterGC, 'new_space');
      out.promoted += Math.max(0, used(s.afterGC, 'old_space') - used(s.beforeGC, 'old_space'));
    } else if (s.gcType === 'MarkSweepCompact') out.majors += 1;
  }
  return out;
}

async function openaiCall(require, stream) {
  const { OpenAI } = require('openai');
  const { cannedFetch } = await import('./canned-openai.mjs');
  const client = new OpenAI({
    apiKey: 'sk-bench',
    baseURL: 'http://127.0.0.1:8080/v1',
    maxRetries: 0,
    fetch: cannedFetch(),
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
  return () => client.chat.completions.create(params);
}

/** Bedrock Runtime with the canned request handler (Converse / ConverseStream). */
async function bedrockCall(require, stream) {
  const {
    BedrockRuntimeClient,
    ConverseCommand,
    ConverseStreamCommand,
  } = require('@aws-sdk/client-bedrock-runtime');
  const { cannedBedrockHandler } = await import('./canned-bedrock.mjs');
  // The SDK's one-time notice on Node < 22 (its 2027 releases need 22): not part of a call.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
    requestHandler: cannedBedrockHandler(),
    maxAttempts: 1,
  });
  const input = {
    modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    system: [{ text: 'Be brief.' }],
    messages: [{ role: 'user', content: [{ text: 'Name three lighthouses.' }] }],
    inferenceConfig: { maxTokens: 64 },
  };
  return stream
    ? () => client.send(new ConverseStreamCommand(input))
    : () => client.send(new ConverseCommand(input));
}

/** @google/genai sends through the global fetch: the child's is the canned one. */
async function geminiCall(require, stream) {
  const { GoogleGenAI } = require('@google/genai');
  const { cannedGeminiFetch } = await import('./canned-gemini.mjs');
  globalThis.fetch = cannedGeminiFetch();
  const ai = new GoogleGenAI({
    apiKey: 'bench-key',
    httpOptions: { baseUrl: 'https://gemini.bench.invalid' },
  });
  const params = {
    model: 'gemini-2.5-flash',
    contents: [{ role: 'user', parts: [{ text: 'Name three lighthouses.' }] }],
    config: { systemInstruction: 'Be brief.', maxOutputTokens: 64 },
  };
  return stream ? () => ai.models.generateContentStream(params) : () => ai.models.generateContent(params);
}
