import { diag } from '@opentelemetry/api';
import { activeAiSdkHost } from './active-host.js';
import { callEmbed, callGenerate, callStream } from './call-model.js';

/**
 * The zero-code path: the model object an app hands to `generateText` & co., seen through a Proxy whose
 * `doGenerate` / `doStream` (`doEmbed` for embedding models) go through the llmcost lifecycle (call-model.ts).
 * Everything else reads through to the model itself (getters run on it), so the AI SDK sees the same
 * `specificationVersion`, `provider`, `modelId` and `supportedUrls`, and converts a V2 or V3 model exactly as it
 * would the unwrapped one. This is `wrapLanguageModel` with our middleware, minus its one side effect: the AI
 * SDK's wrapper restamps the model with its own major's specification version (a V2 model wrapped by ai 6
 * claims V3 and is then not converted), where the Proxy keeps the model's own.
 * One Proxy per model object (WeakMap), so a model reused across calls is wrapped once.
 */
const wrappers = new WeakMap<object, object>();
const instrumented = new WeakSet<object>();

export function instrumentLanguageModel<M>(model: M): M {
  return instrument(model, languageMethods);
}

export function instrumentEmbeddingModel<M>(model: M): M {
  return instrument(model, embeddingMethods);
}

type Methods = (target: any) => Record<string, (options: any) => Promise<unknown>>;
type Call = typeof callGenerate;

/** The model's own `method`, through the lifecycle `via` (looked up per call: it follows llmcost being turned on). */
const through = (via: Call, target: any, method: string) => (options: any) =>
  via(activeAiSdkHost(), target, options, () => target[method](options));

const languageMethods: Methods = (target) => ({
  doGenerate: through(callGenerate, target, 'doGenerate'),
  doStream: through(callStream as Call, target, 'doStream'),
});

const embeddingMethods: Methods = (target) => ({ doEmbed: through(callEmbed, target, 'doEmbed') });

function instrument<M>(model: M, methods: Methods): M {
  // Strings are model ids for the global provider (the AI Gateway by default): passed through unobserved.
  if (model === null || typeof model !== 'object') return model;
  if (instrumented.has(model)) return model;
  const known = wrappers.get(model);
  if (known !== undefined) return known as M;
  try {
    const own = methods(model);
    for (const name of Object.keys(own)) {
      if (typeof (model as Record<string, unknown>)[name] !== 'function') return model;
      // A Proxy must return a frozen own method as it is: such a model stays unobserved.
      const descriptor = Object.getOwnPropertyDescriptor(model, name);
      if (descriptor && !descriptor.configurable && !descriptor.writable) return model;
    }
    const proxy = new Proxy(model, {
      get: (target, property) =>
        Object.hasOwn(own, property) ? own[property as string] : Reflect.get(target, property, target),
    });
    wrappers.set(model, proxy);
    instrumented.add(proxy);
    return proxy;
  } catch (err) {
    diag.error('@llmcost/otel: instrumenting the AI SDK model failed; its calls proceed unobserved', err);
    return model;
  }
}
