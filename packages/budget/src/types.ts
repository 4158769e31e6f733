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

/** What the instrumentation calls. `maxOutputTokens` in an allowed decision means "clamp the request to it". */
export interface BudgetGuardLike {
  reserve(request: BudgetRequest): Promise<BudgetDecision>;
  /** Settle to the actual cost; `undefined` when unknown (unpriced): the reserved amount is kept as spent.
   * A call that billed nothing (an API error before any response) settles with an explicit 0 (refund). */
  settle(reservation: Reservation, actualUsd: number | undefined): Promise<void>;
}

/** The answer of `BudgetGuard.check`: the decision `reserve` would take now, without reserving anything. */
export type BudgetCheck =
  | { decision: 'allowed'; worstCaseUsd: number; maxOutputTokens?: number }
  | {
      decision: 'downgraded';
      model: string;
      downgradedFrom: string;
      worstCaseUsd: number;
      maxOutputTokens?: number;
    }
  | { decision: 'rejected'; error: Error };
