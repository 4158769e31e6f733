/** USD caps of one calendar window each; an absent field means no cap for that window. */
export interface UserCaps {
  hourUsd?: number;
  dayUsd?: number;
  monthUsd?: number;
}

export interface FeatureCaps {
  dayUsd?: number;
  monthUsd?: number;
}

export interface DowngradeRule {
  /** Fraction of the global budget (month, and day when `global.dayUsd` is set; the higher counts) at or
   * above which the rule applies, e.g. 0.9. */
  whenGlobalUtilisationAbove: number;
  /** Features whose calls may be downgraded (the non-critical ones). */
  features: readonly string[];
  from: string;
  to: string;
}

/** How much a call holds before it runs. */
export type ReservePolicy = 'expected' | 'worst-case';

export interface ExpectedOutputConfig {
  /** Quantile of the observed output tokens reserved for a call, e.g. 0.95. */
  quantile: number;
  /** Quantile reserved for a streamed call when `metering.onCapMidStream` is `cut`: the meter stops it at
   * the cap, so it need not hold its long tail up front (which would block the user's concurrent calls). */
  streamQuantile: number;
  /** How many of the most recent completed calls per feature and model are kept. */
  window: number;
  /** Below this many observations, `defaultTokens` applies. */
  minSamples: number;
  /** Output tokens assumed before enough observations: model-id prefix (a family, e.g. `gpt-5`,
   * `claude-sonnet`) to tokens, longest prefix wins; `default` for every other model. */
  defaultTokens: Readonly<Record<string, number>>;
}

export interface MeteringConfig {
  /** A running stream is checked against its caps after at most this many output tokens... */
  everyTokens: number;
  /** ...or this many milliseconds, whichever comes first. */
  everyMs: number;
  /** A cap reached while a stream runs: `cut` aborts the stream and ends it with a BudgetExceededError;
   * `finish` lets it end and counts the spend past the cap as overshoot. */
  onCapMidStream: 'cut' | 'finish';
}

/** The budget configuration, as in the YAML/JSON file (see README.md). Parsed once, frozen. */
export interface BudgetConfig {
  /** `memory` (default; one process) or a `redis://` / `rediss://` URL. Env `LLMCOST_REDIS_URL` overrides. */
  store: string;
  /** When the store cannot be reached: `open` allows the call (and logs), `closed` rejects it. Default `open`. */
  onStoreError: 'open' | 'closed';
  /** Prefix of every Redis key; keep the braces: they are the Redis Cluster hash tag that puts all keys
   * in one slot, which a multi-key Lua script requires. Default `{llmcost}`. */
  keyPrefix: string;
  perRequest: {
    maxInputTokens?: number;
    maxOutputTokens?: number;
    /** A `max_tokens` above the cap: `reject` the call (default) or `clamp` it to the cap. */
    onMaxOutputTokens: 'reject' | 'clamp';
  };
  users: {
    /** Caps for users without a tier or with a tier not listed in `tiers`. */
    default: UserCaps;
    /** Caps per tier (`free`, `pro`, `enterprise`, ...). A listed tier replaces `default` entirely. */
    tiers: Readonly<Record<string, UserCaps>>;
    /**
     * Caps of the one shared bucket for every call with no usable user id (none, or one that was dropped: empty,
     * over 128 characters, control or format characters, or from untrusted baggage). Default: `default`'s caps.
     * Such calls are never uncapped: set `anonymous: {}` to track them without a cap.
     */
    anonymous: UserCaps;
  };
  features: Readonly<Record<string, FeatureCaps>>;
  global: {
    monthUsd?: number;
    dayUsd?: number;
    /** Utilisation fractions of the global budget at which one log record and span event are emitted. */
    alertAt: readonly number[];
  };
  downgrade: readonly DowngradeRule[];
  userSpike: {
    /** The spike rate in USD per hour: a user spending at this rate (this much within an hour, or its sixth
     * within 10 minutes) is reported, once per user and hour. Default: `shareOfGlobalDay` of the global daily
     * budget, or 5 without a global budget. */
    usdPerHour?: number;
    /** The spike rate as a share of the global daily budget (`global.dayUsd`, or `global.monthUsd` / days in
     * the month), when `usdPerHour` is not set. Default 0.01. */
    shareOfGlobalDay: number;
  };
  /** How long an unsettled reservation holds its money before it is released (a crashed process). Default 300. */
  reservationTtlSeconds: number;
  /** USD reserved for a call to a model without a price, and kept as spent when it settles with no known
   * cost. Default `DEFAULT_UNPRICED_MODEL_USD` (1.00): an unknown model is never a silent $0. */
  unpricedModelUsd: number;
  /** `expected` (default): hold the call's input cost plus a high quantile of the output its feature and
   * model produced recently; `worst-case`: hold `max_tokens` (or the model's output limit). */
  reserve: ReservePolicy;
  expectedOutput: ExpectedOutputConfig;
  metering: MeteringConfig;
}

/** What `parseBudgetConfig` accepts: the same shape with every field optional. */
export type BudgetConfigInput = Record<string, unknown>;
