export { GoogleGenerativeAIInstrumentation } from './instrumentation.js';
