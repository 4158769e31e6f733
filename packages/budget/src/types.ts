/**
 * The contract between the budget guard and the instrumentation (@llmcost/otel). Other files of this
 * package implement it; @llmcost/otel only depends on these shapes.
 */

/** What the guard needs to know about a call before it is made. */
export interface BudgetRequest {
  provider: string;
  model: string;
  feature?: string;
  userId?: string;
  /** How the user appears in telemetry and error messages: the pseudonym (`user.hash`) when the
   * instrumentation hashes user ids, else `userId`. Budget keys still use `userId`. */
  userLabel?: string;
  tier?: string;
  /** The request's prompt as text (messages, system, tools serialised). A function so the guard can
   * take `upperBoundTokens` from its byte length and tokenize only when the bound does not fit. */
  inputText: () => string;
  /** `max_tokens` / `max_output_tokens` of the request, when set. */
  maxOutputTokens?: number;
  /** The answer is streamed (and metered): under `onCapMidStream: cut` such a call cannot pass a cap by more
   * than one metering interval, so it reserves `expectedOutput.streamQuantile` of the observed output. */
  stream?: boolean;
}

/** A held amount in every applicable scope, released or adjusted by `settle`. */
export interface Reservation {
  readonly id: string;
  readonly reservedUsd: number;
}

export type BudgetDecision =
  | { decision: 'allowed'; reservation: Reservation; maxOutputTokens?: number }
  | {
      decision: 'downgraded';
      model: string;
      downgradedFrom: string;
      reservation: Reservation;
      maxOutputTokens?: number;
    }
  | { decision: 'rejected'; error: Error };

/** What settlement may learn from a call besides its cost. */
export interface SettleOutcome {
  /** Output tokens of a call that ran to its natural end (not failed, cut, abandoned, or stopped by its
   * `max_tokens`): one observation for expected-cost reservations of its feature and model. */
  outputTokens?: number;
}

/** The answer of `BudgetGuard.meter`: the stream may go on, or a cap is reached and it must stop. */
export type MeterDecision = { decision: 'continue' } | { decision: 'cut'; error: Error };

/**
 * Meters one running stream against its caps (`BudgetGuard.streamMeter`). Feed it what arrives; it debits
 * the stream's cost in the store at most every `metering.everyTokens` tokens or `everyMs` ms, and only once
 * the stream spends past what it reserved. Never throws.
 */
export interface StreamMeterLike {
  /** Output text as it arrives (any choice, reasoning text included). */
  addText(text: string): void;
  /**
   * For a caller that keeps the whole output text and would copy it to cut out each delta: the output grew by
   * `chars` characters. True when the meter needs that text now: then hand everything not handed yet with
   * `addText` (rarely: about every `everyTokens` tokens once the stream nears its reservation).
   */
  addChars(chars: number): boolean;
  /** Cumulative output tokens the provider reported mid-stream; used when above the count from text. */
  setOutputTokens(tokens: number): void;
  /** Input tokens the provider reported mid-stream (Anthropic's `message_start`). */
  setInputTokens(tokens: number): void;
  /** Set once a check found a cap reached under `onCapMidStream: cut`: a `BudgetExceededError`. */
  readonly cut: Error | undefined;
  /** Called once when `cut` is set: the place to abort the provider request (billing stops there). */
  onCut(listener: (error: Error) => void): void;
  /** Resolves once no store write is in flight. */
  idle(): Promise<void>;
}

/** What the instrumentation calls. `maxOutputTokens` in an allowed decision means "clamp the request to it". */
export interface BudgetGuardLike {
  reserve(request: BudgetRequest): Promise<BudgetDecision>;
  /** Settle to the actual cost; `undefined` when unknown (unpriced): the reserved amount is kept as spent.
   * A call that billed nothing (an API error before any response) settles with an explicit 0 (refund). */
  settle(reservation: Reservation, actualUsd: number | undefined, outcome?: SettleOutcome): Promise<void>;
  /** A meter for a streamed call; undefined when there is nothing to meter (worst-case reservations, a
   * reservation made while the store failed open). Optional: guards written before metering lack it. */
  streamMeter?(reservation: Reservation): StreamMeterLike | undefined;
}

/** The answer of `BudgetGuard.check`: the decision `reserve` would take now, without reserving anything. */
export type BudgetCheck =
  | { decision: 'allowed'; reserveUsd: number; worstCaseUsd: number; maxOutputTokens?: number }
  | {
      decision: 'downgraded';
      model: string;
      downgradedFrom: string;
      /** What `reserve` would hold (the expected cost under the default policy). */
      reserveUsd: number;
      worstCaseUsd: number;
      maxOutputTokens?: number;
    }
  | { decision: 'rejected'; error: Error };
