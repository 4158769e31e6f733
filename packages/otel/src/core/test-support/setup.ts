import { type MockLlmServer, startMockLlm } from '@llmcost/mock-llm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { LlmcostInstrumentationConfig } from '../../types.js';
import type { LlmcostInstrumentation } from '../instrumentation-base.js';
import { telemetryFor } from './telemetry.js';

/**
 * Per test file: one instrumentation (constructed before any SDK is required), in-memory telemetry, and a real
 * mock-llm server on a free port. Config and finished spans are reset before each test.
 */
export function useInstrumentation<T extends LlmcostInstrumentation>(
  instrumentation: T,
  baseConfig: LlmcostInstrumentationConfig = {},
) {
  const telemetry = telemetryFor(instrumentation);
  const state: { mock?: MockLlmServer } = {};
  beforeAll(async () => {
    state.mock = await startMockLlm();
  });
  afterAll(async () => {
    await state.mock?.close();
    await telemetry.shutdown();
  });
  beforeEach(() => {
    telemetry.reset();
    instrumentation.setConfig(baseConfig);
    state.mock?.resetRequests();
  });
  return {
    instrumentation,
    telemetry,
    mock(): MockLlmServer {
      if (!state.mock) throw new Error('mock-llm not started');
      return state.mock;
    },
  };
}
