// Public surface of the package: re-exports only.
export { readAnswersFile } from './answers.js';
export { SCENARIO_KEYS, ScenarioError, scenarioFromPairs } from './scenario.js';
export { startMockLlm } from './server.js';
export type {
  MockAnswer,
  MockLlmOptions,
  MockLlmServer,
  MockProvider,
  MockScenario,
  RecordedRequest,
} from './types.js';
