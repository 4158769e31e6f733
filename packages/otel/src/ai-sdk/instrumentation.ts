import { types } from 'node:util';
import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { LlmcostInstrumentation } from '../core/instrumentation-base.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { activeAiSdkHost, setActiveAiSdkHost } from './active-host.js';
import {
  type ModelResolver,
  withInstrumentedEmbeddingModel,
  withInstrumentedLanguageModel,
} from './call-args.js';

/** `ai` 5 (LanguageModelV2), 6 (V3) and 7 (V4, Node >= 22). */
export const SUPPORTED_AI_VERSIONS = ['>=5.0.0 <8'];

type Entry = (resolver: ModelResolver) => (original: (...args: any[]) => any) => (...args: any[]) => any;

const languageEntry: Entry = (resolver) => (original) =>
  function llmcostAiSdkEntry(this: unknown, ...args: any[]) {
    return original.apply(
      this,
      withFirst(args, (options) => withInstrumentedLanguageModel(options, resolver)),
    );
  };

const embeddingEntry: Entry = (resolver) => (original) =>
  function llmcostAiSdkEmbedEntry(this: unknown, ...args: any[]) {
    return original.apply(
      this,
      withFirst(args, (options) => withInstrumentedEmbeddingModel(options, resolver)),
    );
  };

/** The public functions that take a `model` (those a major lacks are skipped). */
const ENTRY_POINTS: Record<string, Entry> = {
  generateText: languageEntry,
  streamText: languageEntry,
  generateObject: languageEntry,
  streamObject: languageEntry,
  experimental_streamTextLowMemory: languageEntry,
  embed: embeddingEntry,
  embedMany: embeddingEntry,
};

/** Agent classes (ai 5 `Experimental_Agent`, ai 6/7 `ToolLoopAgent`): they call generateText/streamText from inside
 * the bundle, past the patched exports, so their own model settings are instrumented on the way in. */
const AGENT_CLASSES = ['ToolLoopAgent', 'Experimental_Agent'];

/**
 * Spans, cost, metrics and the budget gate for the Vercel AI SDK (`ai`), whatever provider package the models
 * come from (@ai-sdk/openai, @ai-sdk/anthropic, @ai-sdk/google, ...; they speak HTTP themselves).
 *
 * The hook, the same in every supported major: the public entry points (`generateText`, `streamText`,
 * `generateObject`, `streamObject`, `embed`, `embedMany`, the agents) get the app's model seen through a Proxy
 * whose `doGenerate` / `doStream` / `doEmbed` run our lifecycle, i.e. the AI SDK's own model interface and
 * middleware contract, applied the way `wrapLanguageModel` would. One span per model call (per step of a tool
 * loop, per retry, per embedMany chunk), inside the AI SDK's own spans when its telemetry is on.
 */
export class AiSdkInstrumentation extends LlmcostInstrumentation {
  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(config);
  }

  override enable(): void {
    super.enable();
    setActiveAiSdkHost(this);
  }

  override disable(): void {
    super.disable();
    if (activeAiSdkHost() === this) setActiveAiSdkHost(undefined);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        'ai',
        SUPPORTED_AI_VERSIONS,
        (module, version) => this.patch(module, version),
        (module) => this.unpatch(module),
      ),
    ];
  }

  private patch(module: any, version: string | undefined): any {
    const resolver = modelResolver(module, version);
    for (const name of AGENT_CLASSES) this.patchAgent(module?.[name]?.prototype, resolver);
    const names = Object.keys(ENTRY_POINTS).filter((name) => typeof module?.[name] === 'function');
    const target =
      types.isProxy(module) || names.every((n) => isWritable(module, n)) ? module : copy(module, names);
    for (const name of names) this._wrap(target, name as never, ENTRY_POINTS[name]!(resolver) as never);
    return target;
  }

  private unpatch(module: any): void {
    for (const name of Object.keys(ENTRY_POINTS)) this.unwrapMethod(module, name);
    for (const name of AGENT_CLASSES) {
      const proto = module?.[name]?.prototype;
      for (const method of ['prepareCall', 'generate', 'stream']) this.unwrapMethod(proto, method);
    }
  }

  /** ai 6/7: `prepareCall` returns the settings merged with the call's options, the arguments of generateText /
   * streamText. ai 5: `generate(options)` / `stream(options)` spread `options` over the settings. */
  private patchAgent(proto: any, resolver: ModelResolver): void {
    if (proto === undefined || proto === null) return;
    if (typeof proto.prepareCall === 'function') {
      this.wrapMethod(
        proto,
        'prepareCall',
        (original) =>
          function llmcostPrepareCall(this: unknown, ...args: any[]) {
            return Promise.resolve(original.apply(this, args)).then((prepared) =>
              withInstrumentedLanguageModel(prepared, resolver),
            );
          },
      );
      return;
    }
    for (const method of ['generate', 'stream']) {
      this.wrapMethod(
        proto,
        method,
        (original) =>
          function llmcostAgentCall(this: { settings?: Record<string, unknown> }, ...args: any[]) {
            return original.apply(
              this,
              withFirst(args, (options) => {
                const settings = this?.settings ?? {};
                const { model, prepareStep, experimental_prepareStep } = settings;
                return withInstrumentedLanguageModel({
                  model,
                  prepareStep,
                  experimental_prepareStep,
                  ...options,
                });
              }),
            );
          },
      );
    }
  }
}

/**
 * Model ids resolved as this `ai` resolves them (model/resolve-model.ts of each major): the global provider, else
 * the AI Gateway it exports; embedding models through `textEmbeddingModel` in ai 5, `embeddingModel` since 6.
 */
function modelResolver(module: any, version: string | undefined): ModelResolver {
  const provider = () =>
    (globalThis as { AI_SDK_DEFAULT_PROVIDER?: any }).AI_SDK_DEFAULT_PROVIDER ?? module?.gateway;
  const embeddingMethod = version?.startsWith('5.') ? 'textEmbeddingModel' : 'embeddingModel';
  return {
    language: (id) => provider()?.languageModel(id),
    embedding: (id) => provider()?.[embeddingMethod]?.(id),
  };
}

/** `args` with its first element mapped by `f`; the original `args` when `f` throws (the call proceeds as is). */
function withFirst(args: any[], f: (first: any) => any): any[] {
  try {
    const out = [...args];
    out[0] = f(args[0]);
    return out;
  } catch {
    return args;
  }
}

function isWritable(module: object, name: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(module, name);
  return descriptor === undefined || descriptor.writable === true || descriptor.configurable === true;
}

/**
 * The CommonJS exports of `ai` are getters that cannot be redefined (esbuild's `__export`): require() gets a copy
 * with the same properties, the entry points as plain writable values the patch can wrap. ESM imports are
 * patched in place (import-in-the-middle's namespace).
 */
function copy(module: object, names: string[]): object {
  const descriptors = Object.getOwnPropertyDescriptors(module);
  for (const name of names) {
    descriptors[name] = {
      value: (module as Record<string, unknown>)[name],
      writable: true,
      configurable: true,
      enumerable: true,
    };
  }
  return Object.create(Object.getPrototypeOf(module), descriptors);
}
