import type { Meter, Tracer } from '@opentelemetry/api';
import type { UserIdLimiter } from '../metrics/user-id-limiter.js';
import type { LlmcostInstrumentationConfig } from '../types.js';

/** What the shared wrapper and the recorder need from an instrumentation instance. */
export interface CallHost {
  isEnabled(): boolean;
  getConfig(): LlmcostInstrumentationConfig;
  llmTracer(): Tracer;
  llmMeter(): Meter;
  /** Present only when `metricsUserIdLimit` is set. */
  userIdLimiter(): UserIdLimiter | undefined;
  /** The provider behind a base URL (`providerByHost`, the pricing file, known hosts), for OpenAI-compatible
   * clients; undefined for an unknown host. */
  providerOfHost?(baseURL: unknown): string | undefined;
}
