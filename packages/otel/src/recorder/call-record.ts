import { diag } from '@opentelemetry/api';

export type CallPricingStatus = 'priced' | 'estimated' | 'unpriced';

/** One finished LLM call, as the in-process exit summary sees it. */
export interface CallRecord {
  provider: string;
  operation: string;
  requestModel: string;
  responseModel?: string;
  feature?: string;
  /** The user as the in-process summary shows it: the raw id, or its pseudonym (`user.hash`) when
   * `userIdHashKey` is set. Never exported as telemetry by this record. */
  userId?: string;
  tier?: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  pricingStatus: CallPricingStatus;
  costUsd?: number;
  /** Exact cost in femto-USD (1e-15 USD), as @llmcost/pricing sums it (`createCostAccumulator().add`). */
  costExact?: bigint;
  errorType?: string;
}

type Listener = (record: CallRecord) => void;

/** One listener set per process, shared by the ESM and CommonJS copies of this package: an app loaded with
 * `--import` (ESM copy) that `require`s @llmcost/otel (CJS copy) subscribes to the calls the other copy records. */
const LISTENERS_KEY = Symbol.for('@llmcost/otel.call-listeners');
const registry = globalThis as typeof globalThis & { [LISTENERS_KEY]?: Set<Listener> };
registry[LISTENERS_KEY] ??= new Set<Listener>();
const listeners: Set<Listener> = registry[LISTENERS_KEY];

/** Subscribe to every call the instrumentations record; returns the unsubscribe function. */
export function onCallRecorded(listener: (record: CallRecord) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function hasCallListeners(): boolean {
  return listeners.size > 0;
}

export function emitCallRecord(record: CallRecord): void {
  for (const listener of listeners) {
    try {
      listener(record);
    } catch (err) {
      diag.error('@llmcost/otel: a call-record listener threw', err);
    }
  }
}
