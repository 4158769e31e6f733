import type { BudgetConfig, UserCaps } from './config/types.js';
import { usdToNanos } from './money.js';
import type { StoreLine } from './store/types.js';
import { type BudgetWindow, windowSpan } from './windows.js';

export type LineScope = 'user' | 'feature' | 'tier' | 'global';

/** How errors and telemetry name the shared bucket of calls without a user. */
export const ANONYMOUS_USER = 'anonymous';

/** A store counter plus what an error message or a gauge needs to know about it. */
export interface ScopeLine extends StoreLine {
  scope: LineScope;
  subject?: string;
  window: BudgetWindow;
  windowId: string;
  endsAt: number;
  limitUsd?: number;
}

const LETTER: Record<BudgetWindow, string> = { hour: 'h', day: 'd', month: 'm' };
// Counters outlive their window by the reservation TTL (late settlements) plus an hour of grace.
const GRACE_SECONDS = 3600;

export class ScopeKeys {
  constructor(private readonly config: BudgetConfig) {}

  line(
    scope: LineScope,
    subject: string | undefined,
    window: BudgetWindow,
    limitUsd: number | undefined,
    nowMs: number,
  ): ScopeLine {
    const span = windowSpan(window, nowMs);
    const who = subject === undefined ? '' : `${encodeURIComponent(subject)}:`;
    const line: ScopeLine = {
      key: `${this.config.keyPrefix}:${scope[0]}:${who}${LETTER[window]}:${span.id}`,
      limitNanos: limitUsd === undefined ? -1 : usdToNanos(limitUsd),
      ttlSeconds: Math.ceil((span.endsAt - nowMs) / 1000) + this.config.reservationTtlSeconds + GRACE_SECONDS,
      scope,
      window,
      windowId: span.id,
      endsAt: span.endsAt,
    };
    if (subject !== undefined) line.subject = subject;
    if (limitUsd !== undefined) line.limitUsd = limitUsd;
    return line;
  }

  /**
   * A user counter; `undefined` is the anonymous bucket, whose key has no user part (`{llmcost}:u:h:<window>`), so no
   * real id (always non-empty) can share it, and whose errors name it `anonymous`.
   */
  private userLine(
    userId: string | undefined,
    window: BudgetWindow,
    limitUsd: number | undefined,
    nowMs: number,
  ): ScopeLine {
    const line = this.line('user', userId, window, limitUsd, nowMs);
    if (userId === undefined) line.subject = ANONYMOUS_USER;
    return line;
  }

  /** The caps of a user: their tier's when the tier is configured, otherwise `users.default`. */
  userCaps(tier: string | undefined): UserCaps {
    const tiers = this.config.users.tiers;
    return tier !== undefined && Object.hasOwn(tiers, tier) ? tiers[tier]! : this.config.users.default;
  }

  /**
   * Every counter a call touches. The user hour is always tracked (spike detection needs it); tiers are
   * tracked (for the gauges) only when configured, so an arbitrary tier value from baggage creates no keys.
   */
  linesFor(
    request: { userId?: string; tier?: string; feature?: string },
    nowMs: number,
  ): { lines: ScopeLine[]; globalLines: number[] } {
    const lines: ScopeLine[] = [];
    const globalLines: number[] = [];
    const g = this.config.global;
    globalLines.push(lines.length);
    lines.push(this.line('global', undefined, 'month', g.monthUsd, nowMs));
    if (g.dayUsd !== undefined) {
      globalLines.push(lines.length);
      lines.push(this.line('global', undefined, 'day', g.dayUsd, nowMs));
    }
    const { userId, tier, feature } = request;
    // A call without a user counts against the shared anonymous bucket: no user id must not mean no user cap.
    const caps = userId !== undefined ? this.userCaps(tier) : this.config.users.anonymous;
    lines.push(this.userLine(userId, 'hour', caps.hourUsd, nowMs));
    if (caps.dayUsd !== undefined) lines.push(this.userLine(userId, 'day', caps.dayUsd, nowMs));
    if (caps.monthUsd !== undefined) lines.push(this.userLine(userId, 'month', caps.monthUsd, nowMs));
    if (feature !== undefined && Object.hasOwn(this.config.features, feature)) {
      const caps = this.config.features[feature]!;
      if (caps.dayUsd !== undefined) lines.push(this.line('feature', feature, 'day', caps.dayUsd, nowMs));
      if (caps.monthUsd !== undefined)
        lines.push(this.line('feature', feature, 'month', caps.monthUsd, nowMs));
    }
    if (tier !== undefined && Object.hasOwn(this.config.users.tiers, tier)) {
      lines.push(this.line('tier', tier, 'day', undefined, nowMs));
      lines.push(this.line('tier', tier, 'month', undefined, nowMs));
    }
    return { lines, globalLines };
  }

  /** The counters reported as gauges: global, each configured feature's capped windows, each configured tier. */
  gaugeLines(nowMs: number): ScopeLine[] {
    const out: ScopeLine[] = [];
    const g = this.config.global;
    out.push(this.line('global', undefined, 'month', g.monthUsd, nowMs));
    if (g.dayUsd !== undefined) out.push(this.line('global', undefined, 'day', g.dayUsd, nowMs));
    for (const [feature, caps] of Object.entries(this.config.features)) {
      if (caps.dayUsd !== undefined) out.push(this.line('feature', feature, 'day', caps.dayUsd, nowMs));
      if (caps.monthUsd !== undefined) out.push(this.line('feature', feature, 'month', caps.monthUsd, nowMs));
    }
    for (const tier of Object.keys(this.config.users.tiers)) {
      out.push(this.line('tier', tier, 'day', undefined, nowMs));
      out.push(this.line('tier', tier, 'month', undefined, nowMs));
    }
    return out;
  }

  alertKey(kind: string, ...parts: string[]): string {
    return `${this.config.keyPrefix}:alert:${kind}:${parts.map(encodeURIComponent).join(':')}`;
  }
}
