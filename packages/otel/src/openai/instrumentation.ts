import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { LlmcostInstrumentation, moduleExport } from '../core/instrumentation-base.js';
import { patchCreate } from '../core/stainless/patch-create.js';
import type { ClientInfo, OperationAdapter } from '../core/types.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { chatAdapter } from './chat-adapter.js';
import { embeddingsAdapter } from './embeddings-adapter.js';
import { responsesAdapter } from './responses-adapter.js';

/** openai 4.x to 7.x: the `OpenAI` and `AzureOpenAI` clients share these resource classes. */
export const SUPPORTED_OPENAI_VERSIONS = ['>=4.19.0 <8'];

/**
 * Spans, cost and metrics for `openai`: `chat.completions.create`, `responses.create`, `embeddings.create` (and
 * the helpers built on them: `chat.completions.stream/parse`, `responses.stream/parse`, the tool runners).
 */
export class OpenAIInstrumentation extends LlmcostInstrumentation {
  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        SUPPORTED_OPENAI_VERSIONS,
        (module) => {
          this.patch(module);
          return module;
        },
        (module) => this.unpatch(module),
      ),
    ];
  }

  private targets(module: any): { proto: object | undefined; adapter: OperationAdapter }[] {
    const OpenAI = moduleExport(module, 'OpenAI') ?? module?.default;
    return [
      { proto: OpenAI?.Chat?.Completions?.prototype, adapter: chatAdapter },
      { proto: OpenAI?.Responses?.prototype, adapter: responsesAdapter },
      { proto: OpenAI?.Embeddings?.prototype, adapter: embeddingsAdapter },
    ];
  }

  private patch(module: any): void {
    const OpenAI = moduleExport(module, 'OpenAI') ?? module?.default;
    const clientInfo = openAIClientInfo(moduleExport(module, 'AzureOpenAI'), (baseURL) =>
      this.providerOfHost(baseURL),
    );
    for (const { proto, adapter } of this.targets(module)) {
      this.wrapMethod(proto, 'create', patchCreate(this, adapter, clientInfo));
    }
    this.wrapMakeRequest(OpenAI);
  }

  private unpatch(module: any): void {
    for (const { proto } of this.targets(module)) this.unwrapMethod(proto, 'create');
    this.unwrapMakeRequest(moduleExport(module, 'OpenAI') ?? module?.default);
  }
}

/**
 * The `OpenAI` client is the provider its `baseURL` points at (Groq, DeepSeek, OpenRouter, a local Ollama ...;
 * `openai` for an unknown host). Azure OpenAI: the request's `model` is the deployment name (or the client's
 * `deployment` option, which then decides the URL); it is priced through the pricing file's Azure deployment
 * mapping.
 */
function openAIClientInfo(
  AzureOpenAI: unknown,
  providerOfHost: (baseURL: unknown) => string | undefined,
): ClientInfo {
  return (resource, params) => {
    const client = resource?._client;
    const azure =
      typeof AzureOpenAI === 'function'
        ? client instanceof AzureOpenAI
        : client?.constructor?.name === 'AzureOpenAI';
    if (!azure) return { provider: providerOfHost(client?.baseURL) ?? 'openai', baseURL: client?.baseURL };
    // `deploymentName` (openai 5+) / `_deployment` (4.x): the client option that overrides the body's model.
    const option = client.deploymentName ?? client._deployment;
    const deployment = typeof option === 'string' && option.length > 0 ? option : undefined;
    return {
      provider: 'azure.ai.openai',
      model: deployment ?? String(params.model),
      baseURL: client.baseURL,
    };
  };
}
