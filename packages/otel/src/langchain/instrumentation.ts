import {
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { LlmcostInstrumentation, moduleExport } from '../core/instrumentation-base.js';
import type { LlmcostInstrumentationConfig } from '../types.js';

/** @langchain/core 0.3 and 1.x: `AsyncCaller` reads `this.onFailedAttempt` on every attempt in both. */
export const SUPPORTED_LANGCHAIN_CORE_VERSIONS = ['>=0.3.0 <2'];

/** Both builds of the file (`require` and `import` conditions of `@langchain/core/utils/async_caller`). */
const ASYNC_CALLER_FILES = [
  '@langchain/core/dist/utils/async_caller.cjs',
  '@langchain/core/dist/utils/async_caller.js',
];

/** The method every call of an AsyncCaller goes through: `callWithRetries` since 1.0, `call` in 0.3. */
const CALL_METHODS = ['callWithRetries', 'call'];

/**
 * An ES module app: the register's loader wraps modules by the specifier they are imported with, never a package's
 * internal files, and `utils/async_caller` is only imported relatively inside @langchain/core. The chat model
 * packages import this entry by its specifier; its `BaseChatModel` methods every model call goes through fix the
 * model's own caller before it is used.
 */
const CHAT_MODELS_ENTRY = '@langchain/core/language_models/chat_models';
const CHAT_MODEL_METHODS = ['_generateUncached', '_streamIterator'];

const guarded = new WeakSet<object>();

/**
 * LangChain.js. Its chat models and embeddings call the provider SDKs, and the SDK instrumentations below them make
 * the one priced GenAI span per provider request, with attribution and the budget gate (@langchain/openai calls
 * `openai`, @langchain/anthropic `@anthropic-ai/sdk`, @langchain/google-genai `@google/generative-ai`). A
 * LangChain-level span would be a second span of the same call, so there is none; the chain's or agent's span
 * (the app's, or another tracer's) is the parent through the OTel context LangChain's async calls carry.
 *
 * What LangChain adds is its retry loop: every model call runs through an `AsyncCaller` that retries any error
 * without a non-retryable HTTP status up to `maxRetries` (6) times with exponential back-off, so a budget rejection
 * would be asked again six times and reach the app a minute later. @langchain/core 1.x honours a mark on the error
 * (../core/not-retryable.ts, set on every rejection); for 0.3, which has none, each caller's failed-attempt handler
 * is wrapped once so that a `BudgetExceededError` ends the retries at once. Either way the app gets the error
 * before any request was sent, and the guard is asked once. Not covered: @langchain/core 0.3 embeddings in an ES
 * module app (their caller is reached through no entry the loader can wrap).
 */
export class LangChainInstrumentation extends LlmcostInstrumentation {
  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(config);
  }

  protected init() {
    const files = ASYNC_CALLER_FILES.map(
      (file) =>
        new InstrumentationNodeModuleFile(
          file,
          SUPPORTED_LANGCHAIN_CORE_VERSIONS,
          (module) => {
            this.patch(module);
            return module;
          },
          (module) => this.unpatch(module),
        ),
    );
    return [
      new InstrumentationNodeModuleDefinition(
        '@langchain/core',
        SUPPORTED_LANGCHAIN_CORE_VERSIONS,
        undefined,
        undefined,
        files,
      ),
      new InstrumentationNodeModuleDefinition(
        CHAT_MODELS_ENTRY,
        SUPPORTED_LANGCHAIN_CORE_VERSIONS,
        (module) => {
          this.patchChatModels(module);
          return module;
        },
        (module) => {
          const proto = moduleExport(module, 'BaseChatModel')?.prototype;
          for (const name of CHAT_MODEL_METHODS) this.unwrapMethod(proto, name);
        },
      ),
    ];
  }

  private patchChatModels(module: any): void {
    const proto = moduleExport(module, 'BaseChatModel')?.prototype;
    for (const name of CHAT_MODEL_METHODS)
      this.wrapMethod(
        proto,
        name,
        (original) =>
          function llmcostChatModel(this: unknown, ...args: any[]) {
            guardModel(this);
            return original.apply(this, args);
          },
      );
  }

  private patch(module: any): void {
    const proto = moduleExport(module, 'AsyncCaller')?.prototype;
    const method = CALL_METHODS.find((name) => typeof proto?.[name] === 'function');
    if (method === undefined) {
      this._diag.warn('@langchain/core: AsyncCaller not found; budget rejections may be retried');
      return;
    }
    this.wrapMethod(
      proto,
      method,
      (original) =>
        function llmcostAsyncCaller(this: { onFailedAttempt?: unknown }, ...args: any[]) {
          stopRetryingBudgetRejections(this);
          return original.apply(this, args);
        },
    );
  }

  private unpatch(module: any): void {
    const proto = moduleExport(module, 'AsyncCaller')?.prototype;
    for (const name of CALL_METHODS) this.unwrapMethod(proto, name);
  }
}

const guardedModels = new WeakSet<object>();

/**
 * The callers of a chat model and of the models it delegates to: @langchain/openai 0.5+ `ChatOpenAI` sends through
 * its own `completions` / `responses` models (each with its own caller), calling their `_generate` directly.
 */
function guardModel(model: unknown): void {
  if (model === null || typeof model !== 'object' || guardedModels.has(model)) return;
  guardedModels.add(model);
  try {
    const caller = (model as { caller?: unknown }).caller;
    if (caller !== null && typeof caller === 'object') stopRetryingBudgetRejections(caller);
    for (const value of Object.values(model)) {
      const nested = (value as { caller?: unknown } | null)?.caller;
      if (value !== caller && nested !== null && typeof nested === 'object')
        stopRetryingBudgetRejections(nested);
    }
  } catch {
    // an unusual model keeps LangChain's own retry behaviour
  }
}

/** Wraps the caller's own `onFailedAttempt` (LangChain's default or the app's), once per caller. */
function stopRetryingBudgetRejections(caller: { onFailedAttempt?: unknown }): void {
  try {
    const handler = caller.onFailedAttempt;
    if (typeof handler === 'function' && guarded.has(handler)) return;
    const next = typeof handler === 'function' ? (handler as (error: unknown) => unknown) : undefined;
    const wrapped = function llmcostFailedAttempt(this: unknown, error: unknown) {
      // Throwing from the handler is how p-retry (both LangChain majors) is told to stop and reject with it.
      if (isBudgetRejection(error)) throw error;
      return next?.call(this, error);
    };
    guarded.add(wrapped);
    caller.onFailedAttempt = wrapped;
  } catch {
    // a frozen caller keeps LangChain's own retry behaviour
  }
}

/** `BudgetExceededError` by name: the app may reach @llmcost/budget as another copy than ours. A provider package
 * may wrap it (its `cause`). */
function isBudgetRejection(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    if ((e as { name?: unknown }).name === 'BudgetExceededError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
