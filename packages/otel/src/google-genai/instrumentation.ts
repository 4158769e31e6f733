import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { patchAsyncMethod } from '../core/async-method/patch-async.js';
import { LlmcostInstrumentation, moduleExport } from '../core/instrumentation-base.js';
import type { ClientInfo, OperationAdapter } from '../core/types.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { embedContentAdapter } from './embed-content-adapter.js';
import { generateContentAdapter, generateContentStreamAdapter } from './generate-content-adapter.js';

/** @google/genai 1.x to 3.x: `Models` has had these request methods since 1.0.0. */
export const SUPPORTED_GOOGLE_GENAI_VERSIONS = ['>=1.0.0 <4'];

/**
 * The methods patched, on `Models.prototype`. The public `generateContent`, `generateContentStream` and
 * `embedContent` are class FIELDS (arrow functions assigned in the constructor), so there is no prototype method
 * to wrap for them; each sends its HTTP request(s) through these prototype methods instead. Patching at this level
 * gives exactly one span per request to the API: a chat's `sendMessage` is one, and automatic function calling
 * (CallableTools) or automatic continuation (2.x+) that send several requests for one public call give one span
 * per request, each with its own usage and cost, never counted twice. `countTokens` is not patched: it bills
 * nothing and generates nothing (no span, so no `unpriced` call in the metrics either).
 */
const METHODS: [string, OperationAdapter][] = [
  ['generateContentInternal', generateContentAdapter],
  ['generateContentStreamInternal', generateContentStreamAdapter],
  ['embedContentInternal', embedContentAdapter],
];

/** Gemini API or Vertex AI (`new GoogleGenAI({ vertexai: true })`), from the client's own ApiClient. */
const clientInfo: ClientInfo = (models) => {
  const api = models?.apiClient;
  const vertex = typeof api?.isVertexAI === 'function' && api.isVertexAI() === true;
  return {
    provider: vertex ? 'gcp.vertex_ai' : 'gcp.gemini',
    baseURL: typeof api?.getBaseUrl === 'function' ? api.getBaseUrl() : undefined,
  };
};

/** Spans, cost and metrics for `@google/genai`: generateContent, generateContentStream, embedContent, chats. */
export class GoogleGenAIInstrumentation extends LlmcostInstrumentation {
  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@google/genai',
        SUPPORTED_GOOGLE_GENAI_VERSIONS,
        (module) => {
          this.patch(module);
          return module;
        },
        (module) => this.unpatch(module),
      ),
    ];
  }

  private patch(module: any): void {
    const proto = moduleExport(module, 'Models')?.prototype;
    for (const [name, adapter] of METHODS) {
      if (typeof proto?.[name] !== 'function') {
        this._diag.warn(`@google/genai: Models.prototype.${name} not found; its calls are not observed`);
        continue;
      }
      this.wrapMethod(proto, name, patchAsyncMethod(this, adapter, clientInfo));
    }
  }

  private unpatch(module: any): void {
    const proto = moduleExport(module, 'Models')?.prototype;
    for (const [name] of METHODS) this.unwrapMethod(proto, name);
  }
}
