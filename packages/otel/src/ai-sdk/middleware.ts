import { activeAiSdkHost } from './active-host.js';
import { callEmbed, callGenerate, callStream } from './call-model.js';

/**
 * A Vercel AI SDK language model middleware (`wrapLanguageModel({ model, middleware })`). Typed structurally, so
 * it fits the middleware type of `ai` 5 (LanguageModelV2Middleware), 6 (V3) and 7 (V4) without this package
 * depending on the AI SDK.
 */
export interface LlmcostLanguageModelMiddleware {
  /** `v3` in ai 6's type, `v4` in ai 7's, absent in ai 5's; the AI SDK never reads it at run time. */
  readonly specificationVersion: any;
  wrapGenerate(options: { doGenerate: () => PromiseLike<any>; params: any; model: any }): Promise<any>;
  wrapStream(options: { doStream: () => PromiseLike<any>; params: any; model: any }): Promise<any>;
}

/** A Vercel AI SDK embedding model middleware (`wrapEmbeddingModel`, `ai` 6 and 7). */
export interface LlmcostEmbeddingModelMiddleware {
  /** `v3` in ai 6's type, `v4` in ai 7's; never read at run time. */
  readonly specificationVersion: any;
  wrapEmbed(options: { doEmbed: () => PromiseLike<any>; params: any; model: any }): Promise<any>;
}

/**
 * llmcost as explicit AI SDK middleware, for apps that prefer code to `--import @llmcost/otel/register`: each
 * model call gets its priced span, metrics, attribution and budget gate, like the zero-code path. Records through
 * the running llmcost (`startLlmcost()` or the register entry); without one, calls go through unobserved. Under
 * the register entry it is not needed, and harmless: the outermost llmcost wrapper records each call once.
 *
 * ```ts
 * const model = wrapLanguageModel({ model: openai('gpt-4o-mini'), middleware: llmcostMiddleware() });
 * ```
 */
export function llmcostMiddleware(): LlmcostLanguageModelMiddleware {
  return {
    specificationVersion: 'v3',
    wrapGenerate: ({ doGenerate, params, model }) =>
      callGenerate(activeAiSdkHost(), model, params, doGenerate),
    wrapStream: ({ doStream, params, model }) => callStream(activeAiSdkHost(), model, params, doStream),
  };
}

/** The same for embedding models: `wrapEmbeddingModel({ model, middleware: llmcostEmbeddingMiddleware() })`. */
export function llmcostEmbeddingMiddleware(): LlmcostEmbeddingModelMiddleware {
  return {
    specificationVersion: 'v3',
    wrapEmbed: ({ doEmbed, params, model }) => callEmbed(activeAiSdkHost(), model, params, doEmbed),
  };
}
