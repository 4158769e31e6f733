// The healthy service every scenario starts from: three features with the traffic shape of a business app
// (busy working hours, quiet nights, weekends at 45%), organic growth, and the noise real hourly totals have
// (Poisson call counts, heavy-tailed cost per call, busier and quieter days).
import type { Random } from './random.js';

export interface Feature {
  name: string;
  provider: string;
  model: string;
  tier: string;
  /** Mean spend over a week at day 0, USD per hour. */
  usdPerHour: number;
  /** Mean cost of one call, USD; calls per hour follow from the spend. */
  usdPerCall: number;
  /** Share of calls that end on the output token limit on a healthy day. */
  truncatedShare: number;
  /** The finish reasons this provider reports (normal end, output limit). */
  reasons: [stop: string, truncated: string];
}

/** About 7 USD/hour on average and 18 USD/hour at the weekday peak, at day 0. */
export const FEATURES: readonly Feature[] = [
  {
    name: 'chat',
    provider: 'openai',
    model: 'gpt-4o-mini',
    tier: 'free',
    usdPerHour: 1.2,
    usdPerCall: 0.0006,
    truncatedShare: 0.015,
    reasons: ['stop', 'length'],
  },
  {
    name: 'summarize',
    provider: 'anthropic',
    model: 'claude-sonnet-4',
    tier: 'pro',
    usdPerHour: 3.5,
    usdPerCall: 0.02,
    truncatedShare: 0.03,
    reasons: ['end_turn', 'max_tokens'],
  },
  {
    name: 'search',
    provider: 'openai',
    model: 'gpt-4o',
    tier: 'pro',
    usdPerHour: 2.3,
    usdPerCall: 0.008,
    truncatedShare: 0.008,
    reasons: ['stop', 'length'],
  },
];

/** Weekday traffic by UTC hour (relative), and the weekend's share of it. */
const WEEKDAY = [
  0.3, 0.26, 0.24, 0.24, 0.27, 0.36, 0.6, 1.05, 1.8, 2.5, 2.85, 3, 2.9, 2.9, 2.85, 2.7, 2.35, 1.85, 1.35, 1,
  0.78, 0.6, 0.46, 0.36,
];
const WEEKEND = 0.45;
const WEEK_MEAN = (WEEKDAY.reduce((a, b) => a + b) / 24) * ((5 + 2 * WEEKEND) / 7);

/** Coefficient of variation of the cost of one call (long prompts, long answers). */
const COST_PER_CALL_CV = 1.5;

export const MINUTE_MS = 60_000;
export const HOUR_MIN = 60;
export const DAY_MIN = 24 * HOUR_MIN;

/** Test time 0 is 1970-01-01T00:00Z, a Thursday. */
export function isWeekend(minute: number): boolean {
  const dayOfWeek = (4 + Math.floor(minute / DAY_MIN)) % 7; // 0 = Sunday
  return dayOfWeek === 0 || dayOfWeek === 6;
}

export interface TrafficOptions {
  /** Organic growth per day (0.03 = +3%/day). */
  growthPerDay: number;
  /** Relative standard deviation of a whole day's traffic (a busier or quieter day). */
  dayNoise: number;
}

/** The expected traffic multiplier of the hour containing `minute` (1 = the mean of a week at day 0). */
export function expectedShape(minute: number, traffic: TrafficOptions): number {
  const hourOfDay = Math.floor(minute / HOUR_MIN) % 24;
  const days = minute / DAY_MIN;
  const week = isWeekend(minute) ? WEEKEND : 1;
  return ((WEEKDAY[hourOfDay]! * week) / WEEK_MEAN) * (1 + traffic.growthPerDay) ** days;
}

export interface HourTotals {
  costUsd: number;
  calls: number;
  truncated: number;
}

/**
 * Realised totals of one feature for one hour: Poisson calls around the expected count, the hour's cost as
 * the sum of that many calls (normal approximation of a sum of heavy-tailed costs), truncations binomial.
 */
export function hourTotals(
  feature: Feature,
  minute: number,
  traffic: TrafficOptions,
  dayFactor: number,
  rng: Random,
): HourTotals {
  const expectedUsd = feature.usdPerHour * expectedShape(minute, traffic) * dayFactor;
  const calls = rng.poisson(expectedUsd / feature.usdPerCall);
  const spread = COST_PER_CALL_CV * feature.usdPerCall * Math.sqrt(calls);
  const costUsd = Math.max(0, calls * feature.usdPerCall + spread * rng.normal());
  const truncated = Math.min(calls, rng.poisson(calls * feature.truncatedShare));
  return { costUsd, calls, truncated };
}

/** Expected spend of all features from minute `from` to `to` (no noise): a month-to-date before the data starts. */
export function expectedSpend(from: number, to: number, traffic: TrafficOptions): number {
  let usd = 0;
  for (let m = from; m < to; m += HOUR_MIN)
    for (const f of FEATURES)
      usd += f.usdPerHour * expectedShape(m, traffic) * (Math.min(HOUR_MIN, to - m) / HOUR_MIN);
  return usd;
}
