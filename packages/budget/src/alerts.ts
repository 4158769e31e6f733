import type { Span } from '@opentelemetry/api';
import type { BudgetConfig } from './config/types.js';
import { nanosToUsd } from './money.js';
import type { ScopeKeys, ScopeLine } from './scopes.js';
import type { BudgetStore } from './store/types.js';
import type { BudgetTelemetry } from './telemetry.js';
import { UserSpendWindow, userSpikeOf, userSpikeUsdPerHour } from './user-spike.js';

const MAX_REMEMBERED = 10_000;

/**
 * After a settlement: the user spend spike (once per user and hour) and the global `alertAt` thresholds
 * (once per window). Each alert is raised by one process only: the store marks it (SET NX in Redis).
 * A user spikes when their spend within the last 10 minutes reaches the spike rate (USD per hour, see
 * `userSpikeUsdPerHour`) times 10 minutes, or their spend within the hour reaches the rate.
 */
export class BudgetAlerts {
  // Alerts this process already raised or saw marked, so the store is asked once per alert.
  private readonly alerted = new Set<string>();
  private readonly recent = new UserSpendWindow();

  constructor(
    private readonly config: BudgetConfig,
    private readonly scopes: ScopeKeys,
    private readonly store: BudgetStore,
    private readonly telemetry: BudgetTelemetry,
  ) {}

  /** `after`: the counters of `lines` after the settlement. */
  async afterSettle(
    span: Span | undefined,
    /** `id` keys the store, `label` is what telemetry shows (the pseudonym when user ids are hashed). */
    user: { id: string; label: string } | undefined,
    lines: readonly ScopeLine[],
    after: readonly number[],
    nowMs: number,
  ): Promise<void> {
    const g = this.config.global;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const spent = nanosToUsd(after[i]!);
      if (line.scope === 'user' && line.window === 'hour' && user !== undefined) {
        const hourStartMs = line.endsAt - 3_600_000;
        const recent = this.recent.observe(user.id, line.windowId, hourStartMs, spent, nowMs);
        const spike = userSpikeOf(spent, recent, userSpikeUsdPerHour(this.config, nowMs));
        if (spike && (await this.once(this.scopes.alertKey('spike', user.id, line.windowId), line, nowMs))) {
          this.telemetry.userSpike(
            span,
            user.label,
            line.windowId,
            spike.spentUsd,
            spike.thresholdUsd,
            spike.withinMs,
          );
        }
      } else if (line.scope === 'global' && line.limitUsd !== undefined) {
        for (const t of g.alertAt) {
          if (spent < t * line.limitUsd) break;
          const key = this.scopes.alertKey('global', line.window, line.windowId, String(t));
          if (await this.once(key, line, nowMs)) {
            this.telemetry.globalThreshold(span, line.window, line.windowId, t, spent, line.limitUsd);
          }
        }
      }
    }
  }

  private async once(key: string, line: ScopeLine, nowMs: number): Promise<boolean> {
    if (this.alerted.has(key)) return false;
    if (this.alerted.size > MAX_REMEMBERED) this.alerted.clear();
    this.alerted.add(key);
    return this.store.markOnce(key, line.ttlSeconds, nowMs);
  }
}
