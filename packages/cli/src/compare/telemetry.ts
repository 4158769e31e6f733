import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { AnthropicInstrumentation, OpenAIInstrumentation } from '@llmcost/otel';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** The real SDK modules, loaded after our instrumentations so they are patched as in an app. */
export interface Sdks {
  OpenAI: new (options: Record<string, unknown>) => any;
  Anthropic: new (options: Record<string, unknown>) => any;
}

export interface CompareTelemetry {
  sdks: Sdks;
  /** Every span finished so far (after a flush). */
  spans(): Promise<ReadableSpan[]>;
  shutdown(): Promise<void>;
}

/**
 * Our own instrumentation, in process: `OpenAIInstrumentation` and `AnthropicInstrumentation` on a tracer
 * provider of their own (no globals set), finished spans kept in memory. Each call's cost is then read from its
 * span's `gen_ai.usage.cost`, exactly as the recorder priced it for dashboards, never recomputed here.
 *
 * The instrumentations hook `require` (require-in-the-middle), so the SDKs are loaded with `require` AFTER they
 * are constructed; a static `import` of the SDKs would load them unpatched.
 */
export function startCompareTelemetry(): CompareTelemetry {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const instrumentations = [new OpenAIInstrumentation(), new AnthropicInstrumentation()];
  for (const i of instrumentations) i.setTracerProvider(provider);
  const load = createRequire(moduleFile());
  const openai = loadSdk(load, 'openai');
  const anthropic = loadSdk(load, '@anthropic-ai/sdk');
  return {
    sdks: {
      OpenAI: openai.OpenAI ?? openai.default ?? openai,
      Anthropic: anthropic.Anthropic ?? anthropic.default ?? anthropic,
    },
    async spans() {
      await provider.forceFlush();
      return exporter.getFinishedSpans();
    },
    async shutdown() {
      for (const i of instrumentations) i.disable();
      await provider.shutdown();
    },
  };
}

/**
 * The SDKs are optional peer dependencies of @llmcost/cli (only `compare` calls models): an app's own copy is used,
 * never a second one nested under the CLI. Missing: one line with the command that adds it.
 */
function loadSdk(load: NodeJS.Require, id: 'openai' | '@anthropic-ai/sdk'): any {
  try {
    return load(id);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new Error(
      `llmcost compare needs ${id}, which is not installed: npm install ${id} (with npx: npx -p ${id} -p @llmcost/cli llmcost compare ...)`,
    );
  }
}

/** This file, in the ESM build (import.meta.url) and the CommonJS one (__filename). */
function moduleFile(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}
