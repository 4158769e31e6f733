import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { LlmcostInstrumentation, moduleExport } from '../core/instrumentation-base.js';
import { patchCreate } from '../core/stainless/patch-create.js';
import type { ClientInfo } from '../core/types.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { messagesAdapter } from './messages-adapter.js';

export const SUPPORTED_ANTHROPIC_VERSIONS = ['>=0.20.0 <2'];

const clientInfo: ClientInfo = (resource) => ({ provider: 'anthropic', baseURL: resource?._client?.baseURL });

/**
 * Spans, cost and metrics for `@anthropic-ai/sdk`: `messages.create` and `beta.messages.create`, and the helpers
 * built on them (`messages.stream`, `beta.messages.parse`, tool runners).
 */
export class AnthropicInstrumentation extends LlmcostInstrumentation {
  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@anthropic-ai/sdk',
        SUPPORTED_ANTHROPIC_VERSIONS,
        (module) => {
          this.patch(module);
          return module;
        },
        (module) => this.unpatch(module),
      ),
    ];
  }

  private targets(module: any): (object | undefined)[] {
    const Anthropic = moduleExport(module, 'Anthropic') ?? module?.default;
    return [Anthropic?.Messages?.prototype, Anthropic?.Beta?.Messages?.prototype];
  }

  private patch(module: any): void {
    for (const proto of this.targets(module))
      this.wrapMethod(proto, 'create', patchCreate(this, messagesAdapter, clientInfo));
    this.wrapMakeRequest(moduleExport(module, 'Anthropic') ?? module?.default);
  }

  private unpatch(module: any): void {
    for (const proto of this.targets(module)) this.unwrapMethod(proto, 'create');
    this.unwrapMakeRequest(moduleExport(module, 'Anthropic') ?? module?.default);
  }
}
