export { BedrockRuntimeInstrumentation } from './instrumentation.js';
