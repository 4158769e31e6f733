export { OpenAIInstrumentation } from './instrumentation.js';
