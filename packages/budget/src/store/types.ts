/** A counter of one scope and window (e.g. user alice, hour 2026112221) with its cap. */
export interface StoreLine {
  key: string;
  /** Cap in nano-dollars; -1 when the counter is only tracked (no cap). */
  limitNanos: number;
  /** Lifetime of the counter: the rest of its window plus grace. */
  ttlSeconds: number;
}

export interface ReserveOp {
  id: string;
  nowMs: number;
  expiresAtMs: number;
  lines: readonly StoreLine[];
  amountNanos: number;
  /** Cheaper variants chosen atomically when the global utilisation (max over `globalLines`, indexes into
   * `lines`) is at or above `threshold`; sorted by threshold, highest first. */
  variants: readonly { threshold: number; amountNanos: number }[];
  globalLines: readonly number[];
  /** Evaluate only: nothing is written (guard.check). */
  dryRun: boolean;
}

export type ReserveResult =
  | { ok: true; variant: number; amountNanos: number; spentNanos: number[] }
  | { ok: false; failedLine: number; variant: number; amountNanos: number; spentNanos: number[] };

export interface SettleOp {
  id: string;
  nowMs: number;
  keys: readonly string[];
  /** Lifetimes of the counters, for re-creating one the store lost (a Redis restart without persistence). */
  ttlSeconds: readonly number[];
  reservedNanos: number;
  actualNanos: number;
  /** The call's output tokens, added to its feature and model's observations (expected-cost policy). */
  sample?: OutputSample;
}

export interface OutputSample {
  key: string;
  tokens: number;
  /** How many observations the key keeps (the most recent). */
  window: number;
  ttlSeconds: number;
}

/**
 * Grows an open reservation to `toNanos` (a stream that spent past what it reserved) and refreshes its
 * expiry, in every scope at once. Without `force`, nothing is written when a capped scope has no room for
 * the increase. A reservation the store no longer holds (expired, or never recorded while the store was
 * down) is recorded again with the whole `toNanos`.
 */
export interface MeterOp {
  id: string;
  nowMs: number;
  expiresAtMs: number;
  lines: readonly StoreLine[];
  heldNanos: number;
  toNanos: number;
  force: boolean;
}

/** `spentNanos`: the counters after the write, or as they are when it was refused. */
export interface MeterResult {
  ok: boolean;
  failedLine: number;
  spentNanos: number[];
}

export interface OutputQuantile {
  /** Undefined when there are no observations. */
  tokens: number | undefined;
  count: number;
}

/**
 * Where budget counters live. Each counter holds settled spend plus open reservations. Reservations are
 * recorded with an expiry; `reserve` first releases expired ones (a crashed process), then checks every
 * line and increments all of them, in one atomic step.
 */
export interface BudgetStore {
  reserve(op: ReserveOp): Promise<ReserveResult>;
  /** Adjusts the reservation's counters to the actual cost; returns the counters after (empty when the
   * store is unreachable: it then retries by itself). When the reservation already expired, or was never
   * recorded (the store was down at reserve time), the actual cost is added instead. */
  settle(op: SettleOp): Promise<number[]>;
  meter(op: MeterOp): Promise<MeterResult>;
  /** The `q` quantile of a key's output-token observations. The Redis store answers from a copy refreshed
   * at most once a second, so reading it costs no round trip on most calls. */
  outputQuantile(key: string, q: number, nowMs: number): Promise<OutputQuantile>;
  /** Current counter values (0 for absent), for gauges. */
  read(keys: readonly string[], nowMs: number): Promise<number[]>;
  /** true the first time a key is marked within `ttlSeconds` (alert deduplication across processes). */
  markOnce(key: string, ttlSeconds: number, nowMs: number): Promise<boolean>;
  close(): Promise<void>;
}
