import { capExceeded } from './cap-details.js';
import type { BudgetConfig } from './config/types.js';
import { BudgetExceededError } from './errors.js';
import type { Held } from './held.js';
import { nanosToUsd } from './money.js';
import { addOvershoot } from './overshoot.js';
import type { BudgetStore } from './store/types.js';
import type { BudgetTelemetry } from './telemetry.js';
import type { MeterDecision } from './types.js';

export interface MeterDeps {
  config: BudgetConfig;
  store: BudgetStore;
  clock: () => number;
  telemetry: BudgetTelemetry;
}

/**
 * Grows a held reservation to `toNanos` in every scope (or refreshes its expiry at the same amount): `cut`
 * with the error when a capped scope has no room and the policy is `cut`. Never throws.
 */
export async function growReservation(
  deps: MeterDeps,
  held: Held,
  id: string,
  toNanos: number,
): Promise<MeterDecision> {
  const { config, store, telemetry } = deps;
  const nowMs = deps.clock();
  try {
    const result = await store.meter({
      id,
      nowMs,
      expiresAtMs: nowMs + config.reservationTtlSeconds * 1000,
      lines: held.lines,
      heldNanos: held.amountNanos,
      toNanos,
      force: config.metering.onCapMidStream === 'finish',
    });
    if (result.ok) {
      addOvershoot(held, result.spentNanos, toNanos - held.amountNanos);
      held.amountNanos = toNanos;
      held.touchedAtMs = nowMs;
      return { decision: 'continue' };
    }
    const i = result.failedLine;
    // The stream's cost so far is spent whatever happens next: in the counter, and said in the error.
    const spentNanos = (result.spentNanos[i] ?? 0) - held.amountNanos + toNanos;
    const details = capExceeded(held.lines[i]!, spentNanos, toNanos, nowMs, held.user, config.reserve);
    details.partialUsd = nanosToUsd(toNanos);
    delete details.requestedUsd;
    delete details.reservation;
    telemetry.cut(details.scope, details.reason);
    return { decision: 'cut', error: new BudgetExceededError(details) };
  } catch (err) {
    telemetry.warn('meter', `stream metering failed (the stream goes on): ${(err as Error).message}`);
    return { decision: 'continue' };
  }
}
