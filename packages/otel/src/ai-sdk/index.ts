export { AiSdkInstrumentation } from './instrumentation.js';
export {
  type LlmcostEmbeddingModelMiddleware,
  type LlmcostLanguageModelMiddleware,
  llmcostEmbeddingMiddleware,
  llmcostMiddleware,
} from './middleware.js';
