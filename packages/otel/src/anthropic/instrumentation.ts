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
    for (const proto of this.targets(module)) {
      this.wrapMethod(proto, 'create', patchCreate(this, messagesAdapter, clientInfo));
      this.wrapMethod(proto, 'stream', withoutSdkCallSpan(this));
    }
    this.wrapMakeRequest(moduleExport(module, 'Anthropic') ?? module?.default);
  }

  private unpatch(module: any): void {
    for (const proto of this.targets(module)) {
      this.unwrapMethod(proto, 'create');
      this.unwrapMethod(proto, 'stream');
    }
    this.unwrapMakeRequest(moduleExport(module, 'Anthropic') ?? module?.default);
  }
}

/**
 * `messages.stream()` of @anthropic-ai/sdk 1.x starts the SDK's own call span (`anthropic.messages.create`,
 * through the global tracer provider) BEFORE it calls `create`, as the parent of ours, and records the same usage
 * on it: two GenAI spans, and two costs, per call. Our `create` suppresses the SDK's span of a direct call; for the
 * helper, the client's tracer is withheld while `stream()` runs synchronously (where the helper starts that span),
 * so the helper runs as the SDK does with its tracing off. Only that window: the stream's events, and whatever the
 * app does in its listeners, keep the app's context and tracing. Other SDK spans (tool runner, skills, ...) stay.
 */
function withoutSdkCallSpan(host: AnthropicInstrumentation) {
  return (original: (...args: any[]) => any) =>
    function patchedStream(this: any, ...args: any[]) {
      const client = this?._client;
      const tracer = client?._tracer;
      if (tracer === undefined || !host.isEnabled()) return original.apply(this, args);
      try {
        client._tracer = undefined;
      } catch {
        return original.apply(this, args);
      }
      try {
        return original.apply(this, args);
      } finally {
        client._tracer = tracer;
      }
    };
}
