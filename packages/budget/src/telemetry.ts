import {
  type Attributes,
  type BatchObservableResult,
  type Counter,
  diag,
  metrics,
  type ObservableGauge,
  type Span,
} from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { BudgetReason, BudgetScope } from './errors.js';
import { nanosToUsd } from './money.js';
import type { ScopeLine } from './scopes.js';

const SCOPE_NAME = '@llmcost/budget';
const DIAG_INTERVAL_MS = 60_000;

interface Instruments {
  rejections: Counter;
  cuts: Counter;
  overshoot: Counter;
  downgrades: Counter;
  spendAlerts: Counter;
  spent: ObservableGauge;
  limit: ObservableGauge;
}

/**
 * Metrics, log records and span events of the guard, through the global OpenTelemetry API. Instruments
 * are created on first use rather than at construction: the metrics API has no proxy provider, so a meter
 * taken before the SDK starts would stay a no-op forever.
 */
export class BudgetTelemetry {
  private instruments: Instruments | undefined;
  private readonly lastDiag = new Map<string, number>();
  private closed = false;
  private unobserve: (() => void) | undefined;

  constructor(private readonly gaugeSource: () => Promise<{ line: ScopeLine; spentNanos: number }[]>) {}

  private get i(): Instruments {
    if (this.instruments) return this.instruments;
    const meter = metrics.getMeter(SCOPE_NAME);
    const spent = meter.createObservableGauge('llmcost.budget.spent', {
      unit: 'USD',
      description: 'Spend of a budget scope in its current window (settled spend plus open reservations)',
    });
    const limit = meter.createObservableGauge('llmcost.budget.limit', {
      unit: 'USD',
      description: 'Cap of a budget scope in its window',
    });
    const callback = (result: BatchObservableResult) => this.observe(result, spent, limit);
    meter.addBatchObservableCallback(callback, [spent, limit]);
    this.unobserve = () => meter.removeBatchObservableCallback(callback, [spent, limit]);
    this.instruments = {
      rejections: meter.createCounter('llmcost.budget.rejections', {
        unit: '{call}',
        description: 'Calls rejected by the budget guard before any request was sent',
      }),
      cuts: meter.createCounter('llmcost.budget.cuts', {
        unit: '{call}',
        description: 'Streams cut off because a budget cap was reached while they ran',
      }),
      overshoot: meter.createCounter('llmcost.budget.overshoot', {
        unit: 'USD',
        description: 'Spend above a budget cap (calls that cost more than they reserved)',
      }),
      downgrades: meter.createCounter('llmcost.budget.downgrades', {
        unit: '{call}',
        description: 'Calls sent to a cheaper model by a downgrade rule',
      }),
      spendAlerts: meter.createCounter('llmcost.user.spend_alerts', {
        unit: '{alert}',
        description: 'Users whose hourly spend crossed the spike threshold (once per user and hour)',
      }),
      spent,
      limit,
    };
    return this.instruments;
  }

  /** Makes sure the instruments exist (so gauges are observed even before the first call). */
  init(): void {
    void this.i;
  }

  close(): void {
    this.closed = true;
    this.unobserve?.();
  }

  rejected(scope: BudgetScope, reason: BudgetReason): void {
    this.i.rejections.add(1, { 'llmcost.budget.scope': scope, 'llmcost.budget.reason': reason });
  }

  cut(scope: BudgetScope, reason: BudgetReason): void {
    this.i.cuts.add(1, { 'llmcost.budget.scope': scope, 'llmcost.budget.reason': reason });
  }

  /** A settled call left spend above some caps: counted per scope and window, and the most on its span. */
  overshoot(span: Span | undefined, lines: readonly ScopeLine[], overshootNanos: readonly number[]): void {
    let most = 0;
    lines.forEach((line, i) => {
      const nanos = overshootNanos[i] ?? 0;
      if (nanos <= 0) return;
      most = Math.max(most, nanos);
      const attrs: Attributes = {
        'llmcost.budget.scope': line.scope,
        'llmcost.budget.window': line.window,
      };
      if (line.scope === 'feature') attrs['llmcost.feature'] = line.subject;
      if (line.scope === 'tier') attrs['llmcost.tier'] = line.subject;
      this.i.overshoot.add(nanosToUsd(nanos), attrs);
    });
    if (most > 0) span?.setAttribute('llmcost.budget.overshoot_usd', nanosToUsd(most));
  }

  downgraded(feature: string | undefined, from: string): void {
    const attrs: Attributes = {
      'llmcost.budget.scope': 'global',
      'llmcost.budget.reason': 'global_utilisation',
      'gen_ai.request.model': from,
    };
    if (feature !== undefined) attrs['llmcost.feature'] = feature;
    this.i.downgrades.add(1, attrs);
  }

  /**
   * A user crossed the hourly spike threshold: span event, log record, counter (this user only).
   * `userLabel` is the user as telemetry may show them: the pseudonym (`user.hash`) when the instrumentation
   * hashes user ids. It goes under the key `user.id` all the same, because the alert rule
   * `LLMUserSpendSpike` reads `llmcost_user_spend_alerts_total` by its `user_id` label.
   */
  userSpike(
    span: Span | undefined,
    userLabel: string,
    windowId: string,
    spentUsd: number,
    thresholdUsd: number,
    /** Set when the spend is that of the trailing window (the rate check), not of the whole hour. */
    withinMs?: number,
  ): void {
    const attrs: Attributes = {
      'user.id': userLabel,
      'llmcost.budget.window': 'hour',
      'llmcost.budget.window_id': windowId,
      'llmcost.user.spent_usd': spentUsd,
      'llmcost.user.threshold_usd': thresholdUsd,
    };
    if (withinMs !== undefined) attrs['llmcost.user.spent_within_s'] = withinMs / 1000;
    span?.addEvent('llmcost.user.spend_alert', attrs);
    const spentWhere =
      withinMs === undefined
        ? `in hour ${windowId}`
        : `within ${withinMs / 60_000} minutes (hour ${windowId})`;
    logs.getLogger(SCOPE_NAME).emit({
      eventName: 'llmcost.user.spend_alert',
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: `user ${userLabel} spent $${spentUsd.toFixed(4)} ${spentWhere}, above the spike threshold of $${thresholdUsd.toFixed(4)}`,
      attributes: attrs,
    });
    this.i.spendAlerts.add(1, { 'user.id': userLabel });
  }

  /** The global budget crossed one of `global.alertAt`. */
  globalThreshold(
    span: Span | undefined,
    window: string,
    windowId: string,
    threshold: number,
    spentUsd: number,
    limitUsd: number,
  ): void {
    const attrs = {
      'llmcost.budget.scope': 'global',
      'llmcost.budget.window': window,
      'llmcost.budget.window_id': windowId,
      'llmcost.budget.threshold': threshold,
      'llmcost.budget.spent_usd': spentUsd,
      'llmcost.budget.limit_usd': limitUsd,
    };
    span?.addEvent('llmcost.budget.threshold', attrs);
    logs.getLogger(SCOPE_NAME).emit({
      eventName: 'llmcost.budget.threshold',
      severityNumber: threshold >= 1 ? SeverityNumber.ERROR : SeverityNumber.WARN,
      severityText: threshold >= 1 ? 'ERROR' : 'WARN',
      body: `global ${window} budget at ${Math.round((spentUsd / limitUsd) * 100)}% ($${spentUsd.toFixed(2)} of $${limitUsd.toFixed(2)}), past the ${Math.round(threshold * 100)}% alert`,
      attributes: attrs,
    });
  }

  /** Logs through `diag`, at most once a minute per kind, so an outage does not flood the logs. */
  warn(kind: string, message: string): void {
    const now = Date.now();
    const last = this.lastDiag.get(kind);
    if (last !== undefined && now - last < DIAG_INTERVAL_MS) return;
    this.lastDiag.set(kind, now);
    diag.warn(`@llmcost/budget: ${message}`);
  }

  private async observe(
    result: BatchObservableResult,
    spent: ObservableGauge,
    limit: ObservableGauge,
  ): Promise<void> {
    if (this.closed) return;
    try {
      for (const { line, spentNanos } of await this.gaugeSource()) {
        const attrs: Attributes = {
          'llmcost.budget.scope': line.scope,
          'llmcost.budget.window': line.window,
        };
        if (line.scope === 'feature') attrs['llmcost.feature'] = line.subject;
        if (line.scope === 'tier') attrs['llmcost.tier'] = line.subject;
        result.observe(spent, nanosToUsd(spentNanos), attrs);
        if (line.limitUsd !== undefined) result.observe(limit, line.limitUsd, attrs);
      }
    } catch (err) {
      this.warn('gauges', `budget gauges not observed: ${(err as Error).message}`);
    }
  }
}
