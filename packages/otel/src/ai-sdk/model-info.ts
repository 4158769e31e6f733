import { diag } from '@opentelemetry/api';
import { normaliseProvider } from '../recorder/pricing-port.js';

/** The fields every AI SDK model has (LanguageModelV2/V3/V4, EmbeddingModelV2/V3/V4). */
export interface AiSdkModel {
  readonly specificationVersion?: string;
  readonly provider?: string;
  readonly modelId?: string;
  readonly config?: unknown;
}

/** The semconv provider name of a model (`openai.responses` -> `openai`, `google.generative-ai` -> `gcp.gemini`). */
export function providerOf(model: AiSdkModel): string {
  const raw = model.provider;
  return typeof raw === 'string' && raw !== '' ? normaliseProvider(raw) : 'unknown';
}

/**
 * Where the model sends its requests, for `server.address` / `server.port`: the @ai-sdk provider packages keep
 * it in `config.baseURL` (Anthropic, Google) or build it with `config.url({ path, modelId })` (OpenAI and the
 * OpenAI-compatible ones). Undefined for other models.
 */
export function baseURLOf(model: AiSdkModel): unknown {
  try {
    const config = model.config as { baseURL?: unknown; url?: unknown } | undefined;
    if (config === null || typeof config !== 'object') return undefined;
    if (typeof config.baseURL === 'string') return config.baseURL;
    if (typeof config.url === 'function') return config.url({ path: '', modelId: model.modelId });
  } catch {
    // a provider whose url() wants more than this: no server attributes
  }
  return undefined;
}

export function modelIdOf(model: AiSdkModel): string {
  return typeof model.modelId === 'string' ? model.modelId : 'unknown';
}

/**
 * The same provider's model under another id, for a budget downgrade; undefined when the model cannot be rebuilt
 * (then the request goes out unchanged, with a diag warning). Every @ai-sdk provider model is
 * `new Model(modelId, config)` with the request built from `this.modelId` and `this.config`: the AI SDK rebuilds
 * models that way itself to move them across workflow steps (`static [WORKFLOW_DESERIALIZE]({ modelId, config })`
 * in ai 7's providers). A model made by hand (`wrapLanguageModel`, a custom object) has no such constructor: its
 * request does not depend on its `modelId` field, so changing it would report a downgrade that did not happen.
 */
export function withModelId<M extends AiSdkModel>(model: M, modelId: string): M | undefined {
  try {
    const Model = (model as { constructor?: unknown }).constructor;
    if (typeof Model !== 'function' || Model === Object || model.config === undefined) return undefined;
    const rebuilt = new (Model as new (id: string, config: unknown) => M)(modelId, model.config);
    if (
      rebuilt.modelId === modelId &&
      rebuilt.provider === model.provider &&
      rebuilt.specificationVersion === model.specificationVersion
    )
      return rebuilt;
  } catch (err) {
    diag.debug('@llmcost/otel: rebuilding the AI SDK model under another id failed', err);
  }
  return undefined;
}
