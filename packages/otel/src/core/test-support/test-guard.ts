import {
  type BudgetDecision,
  BudgetExceededError,
  type BudgetGuardLike,
  type BudgetRequest,
  type Reservation,
} from '@llmcost/budget';

/**
 * A tiny real guard for these tests: rejects requests whose input is longer than `maxInputChars`, can downgrade
 * or clamp, and remembers what it was asked and how each reservation was settled.
 */
export class TestGuard implements BudgetGuardLike {
  readonly requests: BudgetRequest[] = [];
  readonly inputTexts: string[] = [];
  readonly settled: { id: string; actualUsd: number | undefined }[] = [];
  private next = 0;
  private done = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(
    private readonly policy: {
      maxInputChars?: number;
      downgradeTo?: string;
      clampOutputTokens?: number;
      reservedUsd?: number;
      throws?: boolean;
      /** Runs inside settle, after an async hop (as a real guard's store reply), e.g. to add a span event. */
      onSettle?: (reservation: Reservation) => void;
    } = {},
  ) {}

  async reserve(request: BudgetRequest): Promise<BudgetDecision> {
    if (this.policy.throws) throw new Error('guard bug');
    this.requests.push(request);
    const text = request.inputText();
    this.inputTexts.push(text);
    if (this.policy.maxInputChars !== undefined && text.length > this.policy.maxInputChars) {
      return {
        decision: 'rejected',
        error: new BudgetExceededError({
          reason: 'budget',
          scope: 'global',
          window: 'month',
          limitUsd: 1,
          spentUsd: 1,
        } as never),
      };
    }
    const reservation: Reservation = { id: `r${++this.next}`, reservedUsd: this.policy.reservedUsd ?? 0.25 };
    const clamp =
      this.policy.clampOutputTokens === undefined ? {} : { maxOutputTokens: this.policy.clampOutputTokens };
    if (this.policy.downgradeTo !== undefined && this.policy.downgradeTo !== request.model) {
      return {
        decision: 'downgraded',
        model: this.policy.downgradeTo,
        downgradedFrom: request.model,
        reservation,
        ...clamp,
      };
    }
    return { decision: 'allowed', reservation, ...clamp };
  }

  async settle(reservation: Reservation, actualUsd: number | undefined): Promise<void> {
    this.settled.push({ id: reservation.id, actualUsd });
    if (this.policy.onSettle !== undefined) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.policy.onSettle(reservation);
    }
    this.done++;
    this.waiters = this.waiters.filter((w) => {
      if (this.done < w.count) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `count` reservations have been settled (settle has returned). */
  whenSettled(count: number): Promise<void> {
    if (this.done >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}
