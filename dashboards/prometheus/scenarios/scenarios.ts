// The scenarios the rules are judged on: each failure of issue 18, and what a production service meets.
// Day 0 is Thursday 1970-01-01; days 2-3, 9-10, 16-17 are weekends. Goals: the per-user alert within 15
// minutes of one user's spike, the global spike alert within 60 minutes, nothing else on a healthy service.
import { at, DAY, HOUR, type Scenario } from './scenario.js';
import { expectedSpend } from './workload.js';

const GROWTH = { growthPerDay: 0.01, dayNoise: 0.04 };
/** 1% of the 300 USD daily budget: the per-user spike rate is 3 USD/hour. */
const BUDGET = { monthUsd: 9300, dayUsd: 300 };
const PODS = { count: 2 };
const USER_GOAL = 15;
const SPIKE_GOAL = 60;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'healthy, +3%/day',
    story:
      '14 healthy days with +3%/day growth and a weekday/weekend shape: only the week-over-week growth alert',
    seed: 1,
    start: 0,
    end: at(15),
    traffic: { growthPerDay: 0.03, dayNoise: 0.04 },
    budget: { monthUsd: 20_000, dayUsd: 650 },
    instances: PODS,
    events: [],
    judgedFrom: 0,
    // +23% week over week is real growth: seen once two whole weeks exist (day 14), after 3 hours pending
    expect: [{ alert: 'LLMCostGrowthWeekOverWeek', after: at(14), within: 4 * HOUR, until: at(15) }],
  },
  {
    name: 'scrape gap',
    story:
      'a 20-minute gap in every series (Monday 10:00), with a user spike counter and an unpriced model counter from day 0',
    seed: 2,
    start: 0,
    end: at(5),
    traffic: GROWTH,
    budget: BUDGET,
    instances: PODS,
    events: [
      {
        kind: 'user',
        id: 'early-user',
        from: at(0, 1),
        to: at(0, 1, 30),
        everyMinutes: 1,
        usdPerCall: 0.2,
        feature: 'summarize',
      },
      { kind: 'unpriced', model: 'acme-llm-2', at: Array.from({ length: 12 }, (_, i) => at(0, 0, 20 + i)) },
      { kind: 'gap', from: at(4, 10), minutes: 20 },
    ],
    judgedFrom: at(1),
    expect: [],
  },
  {
    name: 'budget forecast',
    story:
      'a month on pace for 70% of its budget (data from day 11), until summarize is launched to every user on Monday day 18 10:00 (x4): the forecast fires after the change only',
    seed: 3,
    start: at(11),
    end: at(21, 12),
    traffic: GROWTH,
    budget: { monthUsd: 8800, dayUsd: 300, spentAtStartUsd: expectedSpend(0, at(11), GROWTH) },
    instances: PODS,
    events: [{ kind: 'multiply', from: at(18, 10), to: at(31), factor: 4, features: ['summarize'] }],
    judgedFrom: at(11),
    expect: [
      // the pace is the median of the last 3 daily increments: two days at the new pace move it
      { alert: 'LLMBudgetExhaustionForecast', after: at(18, 10), within: 3 * DAY, until: at(21, 12) },
      { alert: 'LLMCostSpike', after: at(18, 10), within: SPIKE_GOAL, until: at(21, 12) },
    ],
  },
  {
    name: 'cold start',
    story: 'a new deployment with 2 hours of history, then a retry loop (x5) ships',
    seed: 4,
    start: at(0, 10),
    end: at(1, 6),
    traffic: GROWTH,
    budget: BUDGET,
    instances: PODS,
    events: [{ kind: 'multiply', from: at(0, 12), to: at(0, 14), factor: 5 }],
    judgedFrom: at(0, 10),
    expect: [{ alert: 'LLMCostSpike', after: at(0, 12), within: SPIKE_GOAL }],
  },
  {
    name: 'new service, healthy',
    story:
      'a new deployment at night, then 4 healthy days: the cold-start path stays quiet through the first mornings',
    seed: 5,
    start: at(0, 22),
    end: at(5),
    traffic: GROWTH,
    budget: BUDGET,
    instances: PODS,
    events: [],
    judgedFrom: at(0, 22),
    expect: [],
  },
  {
    name: 'second incident',
    story:
      'a retry loop (x4, Thursday day 7 11:00-14:00) is handled; four days later (Monday 11:00) a retry loop doubles every call',
    seed: 6,
    start: 0,
    end: at(11, 18),
    traffic: GROWTH,
    budget: BUDGET,
    instances: PODS,
    events: [
      { kind: 'multiply', from: at(7, 11), to: at(7, 14), factor: 4 },
      { kind: 'multiply', from: at(11, 11), to: at(11, 14), factor: 2 },
    ],
    judgedFrom: 0,
    expect: [
      { alert: 'LLMCostSpike', after: at(7, 11), within: SPIKE_GOAL },
      { alert: 'LLMCostSpike', after: at(11, 11), within: SPIKE_GOAL },
    ],
  },
  {
    name: 'night user, then a crowd',
    story:
      'one user at 6 USD/hour at 3 a.m. on Friday (4x the night spend, under the daytime peak); on Monday 14:00, 300 users each adding 0.07 USD/hour (no one near the 3 USD/hour per-user rate)',
    seed: 7,
    start: 0,
    end: at(11, 20),
    traffic: GROWTH,
    budget: BUDGET,
    instances: PODS,
    events: [
      {
        kind: 'user',
        id: 'night-owl',
        from: at(8, 3),
        to: at(8, 5),
        everyMinutes: 1,
        usdPerCall: 0.1,
        feature: 'summarize',
      },
      { kind: 'crowd', users: 300, from: at(11, 14), to: at(11, 17), usdPerHourEach: 0.07, feature: 'chat' },
    ],
    judgedFrom: at(0, 1),
    expect: [
      { alert: 'LLMUserSpendSpike', after: at(8, 3), within: USER_GOAL },
      { alert: 'LLMCostSpike', after: at(8, 3), within: SPIKE_GOAL },
      { alert: 'LLMCostSpike', after: at(11, 14), within: SPIKE_GOAL },
    ],
  },
  {
    name: 'daily restarts',
    story: 'every pod restarts once a day (counters reset, a missed scrape): 8 healthy days',
    seed: 10,
    start: 0,
    end: at(8, 12),
    traffic: GROWTH,
    budget: BUDGET,
    instances: { count: 2, restartHours: 24 },
    events: [],
    judgedFrom: 0,
    expect: [],
  },
  {
    name: 'pod churn',
    story:
      'pods replaced every 4 hours (rolling, new instance labels), then a retry loop (x3) on Thursday day 7 15:00',
    seed: 11,
    start: 0,
    end: at(7, 20),
    traffic: GROWTH,
    budget: BUDGET,
    instances: { count: 3, churnHours: 4 },
    events: [{ kind: 'multiply', from: at(7, 15), to: at(7, 17), factor: 3 }],
    judgedFrom: 0,
    expect: [{ alert: 'LLMCostSpike', after: at(7, 15), within: SPIKE_GOAL }],
  },
  {
    name: 'truncation',
    story: 'summarize starts truncating 20% of its calls (a lowered max_tokens) on day 3 at 10:00',
    seed: 12,
    start: 0,
    end: at(4),
    traffic: GROWTH,
    budget: BUDGET,
    instances: PODS,
    events: [{ kind: 'truncation', feature: 'summarize', from: at(3, 10), to: at(3, 16), share: 0.2 }],
    judgedFrom: 0,
    expect: [{ alert: 'LLMTruncationRateHigh', after: at(3, 10), within: SPIKE_GOAL, until: at(3, 18) }],
  },
  {
    name: 'unpriced model',
    story: 'three calls to an unknown model (day 1), then one used every 4 minutes from day 2 10:00',
    seed: 13,
    start: 0,
    end: at(3),
    traffic: GROWTH,
    budget: BUDGET,
    instances: PODS,
    events: [
      { kind: 'unpriced', model: 'acme-llm-2', at: [at(1, 9), at(1, 9, 7), at(1, 9, 30)] },
      { kind: 'unpriced', model: 'acme-llm-3', at: Array.from({ length: 45 }, (_, i) => at(2, 10) + 4 * i) },
    ],
    judgedFrom: at(0, 2),
    expect: [{ alert: 'LLMUnpricedCalls', after: at(2, 10), within: SPIKE_GOAL }],
  },
  {
    name: 'user, no global budget',
    story:
      'a budget file with per-user caps only; one user at 7.2 USD/hour on Monday 11:00 (default rate 5 USD/hour)',
    seed: 14,
    start: 0,
    end: at(2, 12),
    traffic: GROWTH,
    budget: {},
    instances: PODS,
    events: [
      {
        kind: 'user',
        id: 'heavy',
        from: at(1, 11),
        to: at(1, 13),
        everyMinutes: 1,
        usdPerCall: 0.12,
        feature: 'summarize',
      },
    ],
    judgedFrom: at(0, 2),
    expect: [{ alert: 'LLMUserSpendSpike', after: at(1, 11), within: USER_GOAL }],
  },
];

export { DAY, HOUR };
