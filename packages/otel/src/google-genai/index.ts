export { GoogleGenAIInstrumentation } from './instrumentation.js';
