import type { CallHost } from '../core/host.js';

/**
 * The enabled AI SDK instrumentation, which records the calls of both the zero-code model wrapper and the explicit
 * `llmcostMiddleware()`: looked up per call, so a wrapper made earlier follows the instrumentation being
 * enabled, disabled or reconfigured. Without one (llmcost not started), calls go through unobserved.
 */
let active: CallHost | undefined;

export function setActiveAiSdkHost(host: CallHost | undefined): void {
  active = host;
}

export function activeAiSdkHost(): CallHost | undefined {
  return active;
}
