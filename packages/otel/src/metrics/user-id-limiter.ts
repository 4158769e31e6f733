/**
 * The opt-in `metricsUserIdLimit` cap on `user.id` values on metrics: the generic per-attribute limiter, under the
 * name the instrumentation core uses.
 */
export { OVERFLOW_VALUE as OVERFLOW_USER, ValueLimiter as UserIdLimiter } from './value-limiter.js';
