import type { DDSketch } from '@datadog/sketches-js';
import { DAY_MS, HOUR_MS, utcMonthOf } from '../analytics/hours.js';
import { type CallRecord, TRUNCATION_REASONS } from './call-record.js';
import { DistinctCount } from './distinct-count.js';
import { detach, HeavyHitters } from './heavy-hitters.js';
import { costOf, KeyStats, newSketch } from './key-stats.js';

/** History kept before `since` for the rolling 14-day anomaly baseline and week-over-week trends. */
export const HISTORY_DAYS = 14;

export interface AggregationLimits {
  /** Distinct features, models or tiers tracked exactly (values are capped upstream; this is a backstop). */
  maxKeys: number;
  /** Distinct users tracked exactly before the heavy-hitters sketch takes over. */
  maxUsers: number;
  /** Users tracked per window hour for the contributors of an anomaly hour (Space-Saving: a user with more than
   * 1/usersPerHour of the hour's cost is always among them, and the figures are exact while the hour has no
   * more users than that). */
  usersPerHour: number;
  /** Recent `traceId/gen_ai.response.id` pairs remembered to drop the second span of one call. */
  dedupeWindow: number;
  /** Spans of other instrumentations held back until llmcost's span of the same call could arrive. */
  foreignHold: number;
}

export const DEFAULT_LIMITS: AggregationLimits = {
  maxKeys: 1000,
  maxUsers: 100_000,
  usersPerHour: 32,
  dedupeWindow: 65_536,
  foreignHold: 4096,
};

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

  /** Every span, LLM or not, ending in the window. */
  spansInWindow = 0;
  llmSpans = 0;
  outOfWindow = 0;
  duplicates = 0;
  /** Earliest end time of any LLM call read (in the window or not). */
  firstCallMs = Number.POSITIVE_INFINITY;

  readonly #historyStartMs: number;
  readonly #firstHourStartMs: number;
  readonly #seen = new Set<string>();
  readonly #seenOrder: string[] = [];
  #seenNext = 0;
  #held: CallRecord[] = [];
  #heldHead = 0;

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
    // Per-user quantiles would cost a sketch per user (kilobytes each): users get sums only.
    this.users = new HeavyHitters(limits.maxUsers, () => new KeyStats(false, 0), costOf);
  }

  /** A span that is not an LLM call. */
  addOtherSpan(endMs: number): void {
    if (endMs >= this.sinceMs && endMs < this.untilMs) this.spansInWindow++;
  }

  /**
   * One LLM span. The same call can arrive as two spans: an SDK's own instrumentation (the Anthropic SDK's
   * `anthropic.messages.create`) nested inside llmcost's, both with the call's `gen_ai.response.id`. It is
   * counted once, from llmcost's span when there is one (it carries the attribution and the full usage): another
   * instrumentation's span is held back for `foreignHold` spans, which covers the two ending microseconds
   * apart and being exported in the same or adjacent batches.
   */
  addCall(call: CallRecord): void {
    this.llmSpans++;
    const end = call.endMs;
    if (end < this.firstCallMs) this.firstCallMs = end;
    if (end >= this.sinceMs && end < this.untilMs) this.spansInWindow++;
    const key = call.dedupeKey;
    if (key === undefined) {
      this.#count(call);
    } else if (this.#seen.has(key)) {
      this.#dropDuplicate(call);
    } else if (call.own) {
      this.#remember(key);
      this.#count(call);
    } else {
      this.#held.push(detachCall(call));
    }
    if (this.#held.length - this.#heldHead > this.limits.foreignHold) this.#release();
  }

  /** Counts the held spans; call once the input is read. */
  finish(): void {
    while (this.#heldHead < this.#held.length) this.#release();
    this.#held = [];
    this.#heldHead = 0;
  }

  #release(): void {
    const call = this.#held[this.#heldHead]!;
    this.#held[this.#heldHead++] = undefined as unknown as CallRecord;
    if (this.#heldHead > 1024 && this.#heldHead * 2 > this.#held.length) {
      this.#held = this.#held.slice(this.#heldHead);
      this.#heldHead = 0;
    }
    if (this.#seen.has(call.dedupeKey!)) {
      this.#dropDuplicate(call);
    } else {
      this.#remember(call.dedupeKey!);
      this.#count(call);
    }
  }

  #dropDuplicate(call: CallRecord): void {
    if (call.endMs >= this.sinceMs && call.endMs < this.untilMs) this.duplicates++;
    else this.outOfWindow++;
  }

  #count(call: CallRecord): void {
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

  /** Remembers the last `dedupeWindow` keys (copied: a key sliced from a line would keep the line alive). */
  #remember(sliced: string): void {
    const key = detach(sliced);
    const size = this.limits.dedupeWindow;
    if (this.#seenOrder.length < size) {
      this.#seenOrder.push(key);
    } else {
      this.#seen.delete(this.#seenOrder[this.#seenNext]!);
      this.#seenOrder[this.#seenNext] = key;
      this.#seenNext = (this.#seenNext + 1) % size;
    }
    this.#seen.add(key);
  }
}

/** The call with its strings copied out of the input line, to be kept for a while. */
function detachCall(call: CallRecord): CallRecord {
  const copy = (s: string | undefined) => (s === undefined ? undefined : detach(s));
  return {
    ...call,
    feature: copy(call.feature),
    user: copy(call.user),
    tier: copy(call.tier),
    model: copy(call.model),
    pricingVersion: copy(call.pricingVersion),
    dedupeKey: copy(call.dedupeKey),
    finishReasons: call.finishReasons.map(detach),
  };
}

function tally(map: Map<string, number>, key: string): void {
  const n = map.get(key);
  if (n !== undefined) map.set(key, n + 1);
  else if (map.size < TALLY_CAP) map.set(detach(key), 1);
  else map.set(OTHER, (map.get(OTHER) ?? 0) + 1);
}
