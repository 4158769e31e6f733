export { AnthropicInstrumentation } from './instrumentation.js';
