import type { ReservePolicy } from './config/types.js';
import type { BudgetExceededDetails } from './errors.js';
import type { UserRef } from './held.js';
import { nanosToUsd } from './money.js';
import type { ScopeLine } from './scopes.js';

/** Why a call (or a running stream) does not fit `line`'s cap, with `spentNanos` in that line's counter. */
export function capExceeded(
  line: ScopeLine,
  spentNanos: number,
  requestedNanos: number,
  nowMs: number,
  user: UserRef | undefined,
  reservation: ReservePolicy,
): BudgetExceededDetails {
  const details: BudgetExceededDetails = {
    reason: `${line.window}_limit`,
    scope: line.scope === 'tier' ? 'user' : line.scope,
    window: line.window,
    limitUsd: nanosToUsd(line.limitNanos),
    spentUsd: nanosToUsd(spentNanos),
    requestedUsd: nanosToUsd(requestedNanos),
    reservation,
    retryAfterSeconds: Math.max(1, Math.ceil((line.endsAt - nowMs) / 1000)),
    resetsAt: line.endsAt,
  };
  // A user cap names the user as telemetry does (the pseudonym when ids are hashed): the error's message
  // ends up in logs and on the span, where the raw id must not appear.
  const subject = line.scope === 'user' && user !== undefined ? user.label : line.subject;
  if (subject !== undefined) details.subject = subject;
  return details;
}
