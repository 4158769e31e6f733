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
  const { setConfig: _, ...rest } = useInstrumentations([instrumentation], baseConfig);
  return { instrumentation, ...rest };
}

/**
 * The same for several instrumentations sharing one telemetry (a framework over SDKs: every span of a call lands
 * in one exporter). `setConfig` sets the same config on all of them.
 */
export function useInstrumentations(
  instrumentations: LlmcostInstrumentation[],
  baseConfig: LlmcostInstrumentationConfig = {},
) {
  const telemetry = telemetryFor(...instrumentations);
  const state: { mock?: MockLlmServer } = {};
  const setConfig = (config: LlmcostInstrumentationConfig) => {
    for (const instrumentation of instrumentations) instrumentation.setConfig(config);
  };
  beforeAll(async () => {
    state.mock = await startMockLlm();
  });
  afterAll(async () => {
    await state.mock?.close();
    await telemetry.shutdown();
  });
  beforeEach(() => {
    telemetry.reset();
    setConfig(baseConfig);
    state.mock?.resetRequests();
  });
  return {
    telemetry,
    setConfig,
    mock(): MockLlmServer {
      if (!state.mock) throw new Error('mock-llm not started');
      return state.mock;
    },
  };
}
