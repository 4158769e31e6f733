import { formatUsd } from './money.js';
import type { BudgetWindow } from './windows.js';

/** Which budget said no. */
export type BudgetScope = 'request' | 'user' | 'feature' | 'global' | 'store';

/**
 * Why a call was rejected. `max_input_tokens` / `max_output_tokens`: per-request caps (retrying the same
 * request will not help); `<window>_limit`: a USD cap of the scope for that calendar window;
 * `store_unavailable`: the budget store could not be reached and `onStoreError` is `closed`.
 */
export type BudgetReason =
  | 'max_input_tokens'
  | 'max_output_tokens'
  | 'hour_limit'
  | 'day_limit'
  | 'month_limit'
  | 'store_unavailable';

export interface BudgetExceededDetails {
  reason: BudgetReason;
  scope: BudgetScope;
  /** The user, feature or tier the cap belongs to, when there is one. A user is named by the request's
   * `userLabel` (the pseudonym when user ids are hashed), never by a raw id that has a label. */
  subject?: string;
  window?: BudgetWindow;
  limitUsd?: number;
  spentUsd?: number;
  /** What the rejected call would have reserved: its expected cost, or its worst case under `reserve: worst-case`. */
  requestedUsd?: number;
  /** How `requestedUsd` was reckoned. */
  reservation?: 'expected' | 'worst-case';
  /** A stream cut off when the cap was reached while it ran: its cost so far (in `spentUsd` already). */
  partialUsd?: number;
  /** Seconds until the window resets (or a short back-off for `store_unavailable`); absent when waiting cannot help. */
  retryAfterSeconds?: number;
  /** Epoch ms when the window resets. */
  resetsAt?: number;
  /** For the token caps: the request's value and the cap. */
  tokens?: number;
  limitTokens?: number;
}

const WINDOW_WORD: Record<BudgetWindow, string> = { hour: 'hourly', day: 'daily', month: 'monthly' };

function describe(d: BudgetExceededDetails): string {
  switch (d.reason) {
    case 'max_input_tokens':
      return `budget exceeded: the request has ${d.tokens} input tokens, over the per-request cap of ${d.limitTokens}`;
    case 'max_output_tokens':
      return `budget exceeded: max_tokens ${d.tokens} is over the per-request cap of ${d.limitTokens} (lower max_tokens)`;
    case 'store_unavailable':
      return 'budget store unavailable and onStoreError is "closed": call rejected';
    default: {
      const who = d.scope === 'global' ? 'global' : `${d.scope} ${d.subject ?? ''}`.trim();
      const resets =
        d.resetsAt !== undefined
          ? `; resets at ${new Date(d.resetsAt).toISOString().replace('.000Z', 'Z')} (in ${d.retryAfterSeconds} s)`
          : '';
      const cap = `${who} ${WINDOW_WORD[d.window ?? 'month']} cap ${formatUsd(d.limitUsd ?? 0)}`;
      const spent = `spent ${formatUsd(d.spentUsd ?? 0)}`;
      if (d.partialUsd !== undefined)
        return `budget exceeded mid-stream: ${cap} reached (${spent}, ${formatUsd(d.partialUsd)} of it by this stream, which was cut off)${resets}`;
      const needs = d.reservation === 'expected' ? 'is expected to cost' : 'needs up to';
      return `budget exceeded: ${cap} (${spent}, this call ${needs} ${formatUsd(d.requestedUsd ?? 0)})${resets}`;
    }
  }
}

/** Thrown (by the instrumentation) before any network traffic when a call does not fit its budget. */
export class BudgetExceededError extends Error {
  readonly reason: BudgetReason;
  readonly scope: BudgetScope;
  readonly subject: string | undefined;
  readonly window: BudgetWindow | undefined;
  readonly limitUsd: number | undefined;
  readonly spentUsd: number | undefined;
  readonly requestedUsd: number | undefined;
  /** Set when a running stream was cut off at the cap: the stream's cost until then. */
  readonly partialUsd: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly resetsAt: number | undefined;

  constructor(details: BudgetExceededDetails) {
    super(describe(details));
    this.name = 'BudgetExceededError';
    this.reason = details.reason;
    this.scope = details.scope;
    this.subject = details.subject;
    this.window = details.window;
    this.limitUsd = details.limitUsd;
    this.spentUsd = details.spentUsd;
    this.requestedUsd = details.requestedUsd;
    this.partialUsd = details.partialUsd;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.resetsAt = details.resetsAt;
  }
}

/** A mistake in the budget configuration. The message is one line: where, which key, and the fix. */
export class BudgetConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetConfigError';
  }
}
