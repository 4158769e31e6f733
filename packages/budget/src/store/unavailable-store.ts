import { StoreUnavailableError } from './redis-store.js';
import type { BudgetStore, MeterResult, OutputQuantile, ReserveResult } from './types.js';

/**
 * The store of a budget whose store could not be set up (a malformed LLMCOST_REDIS_URL, a Redis client that cannot
 * be created): every check fails as an unreachable Redis would, so `onStoreError` decides (closed rejects every
 * call, open lets it through), rather than a silent fallback to per-process memory counters.
 */
export class UnavailableStore implements BudgetStore {
  constructor(private readonly reason: string) {}

  reserve(): Promise<ReserveResult> {
    return Promise.reject(new StoreUnavailableError(new Error(this.reason)));
  }

  async settle(): Promise<number[]> {
    return [];
  }

  meter(): Promise<MeterResult> {
    return Promise.reject(new StoreUnavailableError(new Error(this.reason)));
  }

  async outputQuantile(): Promise<OutputQuantile> {
    return { tokens: undefined, count: 0 };
  }

  read(): Promise<number[]> {
    return Promise.reject(new StoreUnavailableError(new Error(this.reason)));
  }

  markOnce(): Promise<boolean> {
    return Promise.resolve(false);
  }

  async close(): Promise<void> {}
}
