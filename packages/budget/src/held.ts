import type { ScopeLine } from './scopes.js';
import type { Reservation } from './types.js';

export const HELD = Symbol('llmcost.budget.held');

export interface UserRef {
  id: string;
  label: string;
}

/** What the call looks like to the price table, for the cost of a stream so far. */
export interface CallShape {
  provider: string;
  /** The model the call is sent to (the cheaper one when downgraded). */
  model: string;
  feature: string | undefined;
  inputTokens: number;
  /** Whether `inputTokens` was counted (not the byte bound). */
  exact: boolean;
  text: () => string;
}

/** The guard's side of a reservation, out of the caller's sight. */
export interface Held {
  lines: ScopeLine[];
  /** What the store holds for it now: the reservation, grown by metering. */
  amountNanos: number;
  settled: boolean;
  /** The user as store keys know them, and as telemetry may show them (the pseudonym when hashed). */
  user: UserRef | undefined;
  /** Absent for a reservation made while the store failed open: nothing to meter against. */
  call?: CallShape;
  /** Spend this call put above each line's cap (signed: a refund at settlement takes some back). */
  overshootNanos: number[];
  /** A metering write in flight: settlement waits for it, so the store sees them in order. */
  metering?: Promise<unknown>;
  /** Guard clock when the store last wrote this reservation (its expiry counts from there). */
  touchedAtMs: number;
}

export type HeldReservation = Reservation & { [HELD]: Held };

export function heldOf(reservation: Reservation): Held | undefined {
  return (reservation as Partial<HeldReservation>)[HELD];
}
