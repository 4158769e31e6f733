import type { DDSketch } from '@datadog/sketches-js';
import { DAY_MS, HOUR_MS, utcMonthOf } from '../analytics/hours.js';
import { CallDedupe, type DedupeLimits } from './call-dedupe.js';
import { type CallRecord, TRUNCATION_REASONS } from './call-record.js';
import { DistinctCount } from './distinct-count.js';
import { detach, HeavyHitters } from './heavy-hitters.js';
import { costOf, KeyStats, newSketch } from './key-stats.js';

/** History kept before `since` for the rolling 14-day anomaly baseline and week-over-week trends. */
export const HISTORY_DAYS = 14;

export interface AggregationLimits extends DedupeLimits {
  /** Distinct features, models or tiers tracked exactly (values are capped upstream; this is a backstop). */
  maxKeys: number;
  /** Distinct users tracked exactly before the heavy-hitters sketch takes over. */
  maxUsers: number;
  /** Users tracked per window hour for the contributors of an anomaly hour (Space-Saving: a user with more than
   * 1/usersPerHour of the hour's cost is always among them, and the figures are exact while the hour has no
   * more users than that). */
  usersPerHour: number;
  /** Distinct users with a p95 of their own (a quantile sketch each, ~1 kB); past this, users get none. */
  maxUserSketches: number;
}

export const DEFAULT_LIMITS: AggregationLimits = {
  maxKeys: 1000,
  maxUsers: 100_000,
  usersPerHour: 32,
  maxUserSketches: 10_000,
  repeatWindow: 1 << 21,
  dedupeWindow: 65_536,
  foreignHold: 4096,
};

/** Spans with an `issue` kept as examples for the warnings (all are counted). */
const ISSUE_EXAMPLES = 3;

/** Distinct values kept for small tallies (finish reasons, unpriced models, pricing versions). */
const TALLY_CAP = 1000;
const NONE = '(none)';
const OTHER = '(other)';

/**
 * Folds call records into everything the report needs, in memory bounded by the limits and the number of
 * hours, not by the number of calls: sums, per-key stats (exact, then Space-Saving), DDSketch quantiles, dense
 * hourly arrays from `since - 14 days` to `until`.
 */
export class ReportAggregator {
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Start of the hourly arrays: the hour holding `since - 14 days`, or the start of the month of `until` if
   * earlier, so month-to-date spend is complete whatever the window. */
  readonly startMs: number;
  readonly hours: number;
  /** Index of the hour holding `since`: the first hour of the window. */
  readonly firstWindowHour: number;
  readonly limits: AggregationLimits;

  readonly hourlyCost: Float64Array;
  readonly hourlyCalls: Float64Array;
  readonly features: HeavyHitters<KeyStats>;
  readonly users: HeavyHitters<KeyStats>;
  readonly models: HeavyHitters<KeyStats>;
  readonly tiers: HeavyHitters<KeyStats>;
  readonly userCount = new DistinctCount();
  /** Per window hour, lazily: its top users by cost. */
  readonly hourUsers: Array<HeavyHitters<{ costUsd: number }> | undefined>;

  readonly totals = {
    costUsd: 0,
    calls: 0,
    pricedCalls: 0,
    estimatedCalls: 0,
    unpricedCalls: 0,
    errorCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheSavingsUsd: 0,
    usageCalls: 0,
    truncatedCalls: 0,
    pricedHere: 0,
  };
  readonly inputTokenSketch: DDSketch = newSketch();
  readonly outputTokenSketch: DDSketch = newSketch();
  readonly finishReasons = new Map<string, number>();
  readonly unpricedModels = new Map<string, number>();
  readonly pricingVersions = new Set<string>();

  /** Every span, LLM or not, ending in the window (repeats of a span aside). */
  spansInWindow = 0;
  /** LLM span records read: calls + outOfWindow + duplicateSpans + sameCallSpans. */
  llmSpans = 0;
  /** Distinct LLM spans outside the window (not counted). */
  outOfWindow = 0;
  /** LLM span records that repeat a span already read (same trace id and span id). */
  duplicateSpans = 0;
  /** Spans in the window dropped as a second span of a call already counted (nested, or same response id). */
  sameCallSpans = 0;
  /** Counted calls (window and history) whose figures could not all be right, with the first examples. */
  issues = 0;
  readonly issueExamples: string[] = [];
  /** False once there were more users than `maxUserSketches`: no user gets a p95 then. */
  userSketches = true;
  /** Earliest end time of any LLM call read (in the window or not). */
  firstCallMs = Number.POSITIVE_INFINITY;

  readonly #historyStartMs: number;
  readonly #firstHourStartMs: number;
  readonly #dedupe: CallDedupe;

  constructor(since: Date, until: Date, limits: AggregationLimits = DEFAULT_LIMITS) {
    this.sinceMs = since.getTime();
    this.untilMs = until.getTime();
    this.limits = limits;
    this.#historyStartMs = Math.min(
      this.sinceMs - HISTORY_DAYS * DAY_MS,
      utcMonthOf(this.untilMs - 1).startMs,
    );
    this.startMs = Math.floor(this.#historyStartMs / HOUR_MS) * HOUR_MS;
    this.hours = Math.max(0, Math.ceil((this.untilMs - this.startMs) / HOUR_MS));
    this.#firstHourStartMs = Math.floor(this.sinceMs / HOUR_MS) * HOUR_MS;
    this.firstWindowHour = (this.#firstHourStartMs - this.startMs) / HOUR_MS;
    this.hourlyCost = new Float64Array(this.hours);
    this.hourlyCalls = new Float64Array(this.hours);
    this.hourUsers = new Array(this.hours - this.firstWindowHour);
    const hours = this.hours;
    this.features = new HeavyHitters(limits.maxKeys, () => new KeyStats(true, hours), costOf);
    this.models = new HeavyHitters(limits.maxKeys, () => new KeyStats(true, 0), costOf);
    this.tiers = new HeavyHitters(limits.maxKeys, () => new KeyStats(true, 0), costOf);
    // A quantile sketch per user costs about a kilobyte: users get one while they are few enough.
    this.users = new HeavyHitters(limits.maxUsers, () => new KeyStats(this.userSketches, 0), costOf);
    this.#dedupe = new CallDedupe(limits, (call, sameCall) => {
      if (!sameCall) this.#count(call);
      else if (call.endMs >= this.sinceMs && call.endMs < this.untilMs) this.sameCallSpans++;
      else this.outOfWindow++;
    });
  }

  /** Whether exact repeats further apart than `repeatWindow` spans may have gone unnoticed. */
  get repeatWindowExceeded(): boolean {
    return this.#dedupe.repeatWindowExceeded;
  }

  /** A span that is not an LLM call. */
  addOtherSpan(endMs: number): void {
    if (endMs >= this.sinceMs && endMs < this.untilMs) this.spansInWindow++;
  }

  /** One LLM span: counted, or dropped as a repeat or as a second span of a call (see CallDedupe). */
  addCall(call: CallRecord): void {
    this.llmSpans++;
    if (!this.#dedupe.isNew(call)) {
      this.duplicateSpans++;
      return;
    }
    const end = call.endMs;
    if (end < this.firstCallMs) this.firstCallMs = end;
    if (end >= this.sinceMs && end < this.untilMs) this.spansInWindow++;
    this.#dedupe.add(call);
  }

  /** Counts the spans held back for deduplication; call once the input is read. */
  finish(): void {
    this.#dedupe.finish();
  }

  #count(call: CallRecord): void {
    if (call.issue !== undefined) {
      this.issues++;
      if (this.issueExamples.length < ISSUE_EXAMPLES) this.issueExamples.push(detach(call.issue));
    }
    const end = call.endMs;
    if (end < this.sinceMs || end >= this.untilMs) {
      this.outOfWindow++;
      // History for the baseline and trends. A call before `since` in since's own hour is left out so the
      // first window hour holds window calls only.
      if (end >= this.#historyStartMs && end < this.#firstHourStartMs) this.#addHourly(call, false);
      return;
    }
    this.#addHourly(call, true);
    this.#addTotals(call);
    const feature = this.features.get(call.feature ?? NONE);
    feature.add(call);
    this.features.updated();
    const model = this.models.get(call.model ?? NONE);
    model.add(call);
    this.models.updated();
    const tier = this.tiers.get(call.tier ?? NONE);
    tier.add(call);
    this.tiers.updated();
    const userKey = call.user ?? NONE;
    const user = this.users.get(userKey);
    user.add(call);
    this.users.updated();
    this.userCount.add(userKey);
    if (this.userSketches && this.users.size > this.limits.maxUserSketches) this.#dropUserSketches();
  }

  /** Past `maxUserSketches` users, per-user p95 would be unbounded memory: none is reported. */
  #dropUserSketches(): void {
    this.userSketches = false;
    for (const { stats } of this.users.entries()) stats.costSketch = null;
  }

  #addHourly(call: CallRecord, inWindow: boolean): void {
    const h = Math.floor((call.endMs - this.startMs) / HOUR_MS);
    const cost = call.costUsd;
    this.hourlyCost[h]! += cost;
    this.hourlyCalls[h]!++;
    const hourly = inWindow
      ? this.features.get(call.feature ?? NONE).hourly
      : this.#historyFeature(call.feature ?? NONE);
    if (hourly) hourly[h]! += cost;
    if (!inWindow || cost === 0) return;
    const w = h - this.firstWindowHour;
    let users = this.hourUsers[w];
    if (users === undefined) {
      users = new HeavyHitters(this.limits.usersPerHour, () => ({ costUsd: 0 }), costOf);
      this.hourUsers[w] = users;
    }
    users.get(call.user ?? NONE).costUsd += cost;
    users.updated();
  }

  /** History adds to a feature's hourly array without touching its window figures (so it has weight 0). */
  #historyFeature(key: string): Float64Array | null {
    const stats = this.features.get(key);
    this.features.updated();
    return stats.hourly;
  }

  #addTotals(call: CallRecord): void {
    const t = this.totals;
    t.calls++;
    if (call.pricing === 'priced') t.pricedCalls++;
    else if (call.pricing === 'estimated') t.estimatedCalls++;
    else if (call.pricing === 'unpriced') {
      t.unpricedCalls++;
      tally(this.unpricedModels, call.model ?? NONE);
    }
    if (call.pricing === 'priced' || call.pricing === 'estimated') t.costUsd += call.costUsd;
    if (call.pricedHere) t.pricedHere++;
    if (call.error) t.errorCalls++;
    if (call.hasUsage) {
      t.usageCalls++;
      t.inputTokens += call.inputTokens;
      t.outputTokens += call.outputTokens;
      t.cacheReadTokens += call.cacheReadTokens;
      this.inputTokenSketch.accept(call.inputTokens);
      this.outputTokenSketch.accept(call.outputTokens);
    }
    t.cacheSavingsUsd += call.cacheSavingsUsd;
    let truncated = false;
    for (const reason of call.finishReasons) {
      tally(this.finishReasons, reason);
      if (TRUNCATION_REASONS.has(reason)) truncated = true;
    }
    if (truncated) t.truncatedCalls++;
    if (call.pricingVersion !== undefined && this.pricingVersions.size < 10) {
      this.pricingVersions.add(detach(call.pricingVersion));
    }
  }
}

function tally(map: Map<string, number>, key: string): void {
  const n = map.get(key);
  if (n !== undefined) map.set(key, n + 1);
  else if (map.size < TALLY_CAP) map.set(detach(key), 1);
  else map.set(OTHER, (map.get(OTHER) ?? 0) + 1);
}
