import type { ALERT_NAMES } from '../alert-names.js';
import type { TrafficOptions } from './workload.js';

export type AlertName = (typeof ALERT_NAMES)[number];

/** Something that happens to the healthy service; minutes are test minutes (0 = 1970-01-01T00:00Z, a Thursday). */
export type ScenarioEvent =
  /** Every call of the features (all by default) is made `factor` times: a retry loop, a launch. */
  | { kind: 'multiply'; from: number; to: number; factor: number; features?: string[] }
  /** One user calling `feature` every `everyMinutes`, each call costing `usdPerCall`. */
  | {
      kind: 'user';
      id: string;
      from: number;
      to: number;
      everyMinutes: number;
      usdPerCall: number;
      feature: string;
    }
  /** `users` users each spending `usdPerHourEach` on `feature` (a call every 10 minutes, staggered). */
  | { kind: 'crowd'; users: number; from: number; to: number; usdPerHourEach: number; feature: string }
  /** No sample of any series for `minutes` (a Prometheus restart, a network blip). */
  | { kind: 'gap'; from: number; minutes: number }
  /** Calls to a model the price table does not know, at these minutes. */
  | { kind: 'unpriced'; model: string; at: number[] }
  /** The truncated share of a feature's calls from `from` to `to`. */
  | { kind: 'truncation'; feature: string; from: number; to: number; share: number };

/** An alert that must fire within `within` minutes of `after`, and may fire until `until`. */
export interface Expectation {
  alert: AlertName;
  after: number;
  within: number;
  /** End of the window in which the alert may fire (default: `after` + 6 hours). */
  until?: number;
}

export interface Scenario {
  name: string;
  /** Which failure of issue 18 (or production situation) it reproduces. */
  story: string;
  seed: number;
  /** First and end minute of data (the service exists from `start`). */
  start: number;
  end: number;
  traffic: TrafficOptions;
  /** The budget file's global and userSpike settings: the gauges and the per-user spike rate follow them. */
  budget: {
    monthUsd?: number;
    dayUsd?: number;
    userSpikeUsdPerHour?: number;
    /** The month-to-date spend when the data starts (the budget guard counted the month before Prometheus did). */
    spentAtStartUsd?: number;
  };
  /** Replicas: `count` slots; a slot's pod is replaced every `churnHours`, or restarts every `restartHours`. */
  instances: { count: number; churnHours?: number; restartHours?: number };
  events: ScenarioEvent[];
  /** Alerts before this minute are not judged (at test start every series looks new to a rule). */
  judgedFrom: number;
  /** Alerts that must fire; outside their windows every alert must stay silent in the judged period. */
  expect: Expectation[];
}

export const HOUR = 60;
export const DAY = 24 * HOUR;
/** Test minute of day `day` (0 = Thursday 1970-01-01) at `hour`:`minute` UTC. */
export const at = (day: number, hour = 0, minute = 0) => day * DAY + hour * HOUR + minute;
export const DEFAULT_WINDOW = 6 * HOUR;
export const windowEnd = (e: Expectation) => e.until ?? e.after + DEFAULT_WINDOW;
