// Public surface of the package: re-exports only.
export { readAnswersFile } from './answers.js';
export { startMockLlm } from './server.js';
export type {
  MockAnswer,
  MockLlmOptions,
  MockLlmServer,
  MockProvider,
  MockScenario,
  RecordedRequest,
} from './types.js';
