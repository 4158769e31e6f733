import { diag } from '@opentelemetry/api';
import { instrumentEmbeddingModel, instrumentLanguageModel } from './instrument-model.js';

/**
 * How the AI SDK turns a model id string into a model: its global provider (`globalThis.AI_SDK_DEFAULT_PROVIDER`),
 * else the AI Gateway (`gateway`, exported by `ai`). Made per loaded `ai` module (instrumentation.ts).
 */
export interface ModelResolver {
  language(id: string): unknown;
  embedding(id: string): unknown;
}

/**
 * The options of an AI SDK entry point with its models seen through llmcost (instrument-model.ts): `model`, and
 * the model a `prepareStep` callback returns for a step (ai 5's `experimental_prepareStep` too). A model id string
 * is resolved first, as the AI SDK would resolve it. A copy; the app's options object is never changed. Anything
 * that is not an options object is returned as it is.
 */
export function withInstrumentedLanguageModel<T>(args: T, resolver?: ModelResolver): T {
  if (args === null || typeof args !== 'object') return args;
  const options = args as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...options };
  if (options.model !== undefined)
    copy.model = instrumentLanguageModel(resolved(options.model, resolver, 'language'));
  for (const key of ['prepareStep', 'experimental_prepareStep']) {
    const prepare = options[key];
    if (typeof prepare === 'function')
      copy[key] = instrumentedPrepareStep(prepare as (...args: any[]) => unknown);
  }
  return copy as T;
}

export function withInstrumentedEmbeddingModel<T>(args: T, resolver?: ModelResolver): T {
  if (args === null || typeof args !== 'object') return args;
  const options = args as Record<string, unknown>;
  if (options.model === undefined) return args;
  return { ...options, model: instrumentEmbeddingModel(resolved(options.model, resolver, 'embedding')) } as T;
}

/** A string model id as the AI SDK's global provider gives it; on any failure the id itself, for the AI SDK to
 * resolve (and report the error) as it would without llmcost. */
function resolved(model: unknown, resolver: ModelResolver | undefined, kind: keyof ModelResolver): unknown {
  if (typeof model !== 'string' || resolver === undefined) return model;
  try {
    return resolver[kind](model) ?? model;
  } catch (err) {
    diag.debug('@llmcost/otel: resolving an AI SDK model id failed; left to the AI SDK', err);
    return model;
  }
}

const prepareSteps = new WeakMap<(...args: any[]) => unknown, (...args: any[]) => unknown>();

/** `prepareStep` may return `{ model }` (or a promise of it) for the coming step: that model is instrumented too. */
function instrumentedPrepareStep(prepare: (...args: any[]) => unknown): (...args: any[]) => unknown {
  let wrapped = prepareSteps.get(prepare);
  if (wrapped === undefined) {
    wrapped = function (this: unknown, ...args: any[]) {
      const result = prepare.apply(this, args);
      return typeof (result as PromiseLike<unknown> | undefined)?.then === 'function'
        ? (result as PromiseLike<unknown>).then(withStepModel)
        : withStepModel(result);
    };
    prepareSteps.set(prepare, wrapped);
  }
  return wrapped;
}

function withStepModel(result: unknown): unknown {
  if (result === null || typeof result !== 'object' || !('model' in result)) return result;
  return { ...result, model: instrumentLanguageModel((result as { model: unknown }).model) };
}
