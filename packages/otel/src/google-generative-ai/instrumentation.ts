import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { LlmcostInstrumentation, moduleExport } from '../core/instrumentation-base.js';
import { embedContentAdapter } from '../google-genai/embed-content-adapter.js';
import {
  generateContentAdapter,
  generateContentStreamAdapter,
} from '../google-genai/generate-content-adapter.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import { embedView, generateView } from './model-call.js';
import { type MethodSpec, patchModelMethod } from './patch-model-method.js';

/** `GenerativeModel` has had these methods since 0.7 (`batchEmbedContents` since 0.3); 0.24 is the last release. */
export const SUPPORTED_GOOGLE_GENERATIVE_AI_VERSIONS = ['>=0.7.0 <1'];

/**
 * The `GenerativeModel.prototype` methods patched: one span per request to the Gemini API. The wire format is
 * @google/genai's, so the request is read through the same Gemini adapters. `countTokens` bills nothing and is
 * not patched; `ChatSession.sendMessage` / `sendMessageStream` call the SDK's internal request functions, not
 * these methods, and are not observed.
 */
const METHODS: Record<string, MethodSpec> = {
  generateContent: { adapter: generateContentAdapter, view: generateView },
  generateContentStream: { adapter: generateContentStreamAdapter, view: generateView, stream: true },
  embedContent: { adapter: embedContentAdapter, view: (call) => embedView(call, false) },
  batchEmbedContents: { adapter: embedContentAdapter, view: (call) => embedView(call, true) },
};

/**
 * Spans, cost, metrics and the budget gate for the deprecated `@google/generative-ai` SDK, which
 * `@langchain/google-genai` (0.x to 2.x) calls for its chat model and embeddings.
 */
export class GoogleGenerativeAIInstrumentation extends LlmcostInstrumentation {
  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@google/generative-ai',
        SUPPORTED_GOOGLE_GENERATIVE_AI_VERSIONS,
        (module) => {
          this.patch(module);
          return module;
        },
        (module) => this.unpatch(module),
      ),
    ];
  }

  private patch(module: any): void {
    const proto = moduleExport(module, 'GenerativeModel')?.prototype;
    for (const [name, spec] of Object.entries(METHODS)) {
      if (typeof proto?.[name] !== 'function') {
        this._diag.warn(`@google/generative-ai: GenerativeModel.prototype.${name} not found; not observed`);
        continue;
      }
      this.wrapMethod(proto, name, patchModelMethod(this, spec));
    }
  }

  private unpatch(module: any): void {
    const proto = moduleExport(module, 'GenerativeModel')?.prototype;
    for (const name of Object.keys(METHODS)) this.unwrapMethod(proto, name);
  }
}
