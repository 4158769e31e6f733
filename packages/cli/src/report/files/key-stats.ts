import type { DDSketch } from '@datadog/sketches-js';
import { sketches } from '../../cjs.js';
import type { CallRecord } from './call-record.js';

/** Relative accuracy of every p95 in a report from span files: DDSketch guarantees the returned value is
 * within 1% of the true 95th percentile (Masson, Rim, Lee, "DDSketch", VLDB 2019). */
export const QUANTILE_RELATIVE_ACCURACY = 0.01;

export function newSketch(): DDSketch {
  return new sketches.DDSketch({ relativeAccuracy: QUANTILE_RELATIVE_ACCURACY });
}

/** What a breakdown row needs for one feature, user, model or tier, over the window's calls. */
export class KeyStats {
  costUsd = 0;
  calls = 0;
  /** Calls with a cost (priced or estimated): the denominator of mean and p95 cost. */
  costedCalls = 0;
  /** Calls that reported token usage: the denominator of mean tokens. */
  usageCalls = 0;
  unpricedCalls = 0;
  inputTokens = 0;
  outputTokens = 0;
  /** Cost per call; null where per-key quantiles are not kept (users). */
  costSketch: DDSketch | null;
  /** Cost per hour over the history and the window (features only, for trends and anomaly contributors). */
  readonly hourly: Float64Array | null;

  constructor(withSketch: boolean, hours: number) {
    this.costSketch = withSketch ? newSketch() : null;
    this.hourly = hours > 0 ? new Float64Array(hours) : null;
  }

  add(call: CallRecord): void {
    this.calls++;
    if (call.pricing === 'priced' || call.pricing === 'estimated') {
      this.costUsd += call.costUsd;
      this.costedCalls++;
      this.costSketch?.accept(call.costUsd);
    } else if (call.pricing === 'unpriced') {
      this.unpricedCalls++;
    }
    if (call.hasUsage) {
      this.usageCalls++;
      this.inputTokens += call.inputTokens;
      this.outputTokens += call.outputTokens;
    }
  }
}

export const costOf = (s: { costUsd: number }): number => s.costUsd;
