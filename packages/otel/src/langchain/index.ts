export { LangChainInstrumentation } from './instrumentation.js';
