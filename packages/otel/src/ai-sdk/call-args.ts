import { instrumentEmbeddingModel, instrumentLanguageModel } from './instrument-model.js';

/**
 * The options of an AI SDK entry point with its models seen through llmcost (instrument-model.ts): `model`, and
 * the model a `prepareStep` callback returns for a step (ai 5's `experimental_prepareStep` too). A copy; the app's
 * options object is never changed. Anything that is not an options object is returned as it is.
 */
export function withInstrumentedLanguageModel<T>(args: T): T {
  if (args === null || typeof args !== 'object') return args;
  const options = args as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...options };
  if (options.model !== undefined) copy.model = instrumentLanguageModel(options.model);
  for (const key of ['prepareStep', 'experimental_prepareStep']) {
    const prepare = options[key];
    if (typeof prepare === 'function')
      copy[key] = instrumentedPrepareStep(prepare as (...args: any[]) => unknown);
  }
  return copy as T;
}

export function withInstrumentedEmbeddingModel<T>(args: T): T {
  if (args === null || typeof args !== 'object') return args;
  const options = args as Record<string, unknown>;
  if (options.model === undefined) return args;
  return { ...options, model: instrumentEmbeddingModel(options.model) } as T;
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
