import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';

interface Series {
  attributes: Attributes;
  value: number;
}

/**
 * A monotonic counter summed in process and reported through an ObservableCounter at collection time.
 * Why: the SDK hashes the attribute set on every synchronous `add()` (sort + stringify), which made the per-call
 * counters (`llmcost.calls`, `llmcost.tokens` x up to 5, `llmcost.cache.savings`) the largest part of the
 * instrumentation's CPU per call. Here a call adds to a series found by a cheap string key the caller builds;
 * the SDK sees each series once per collection. Exported data is the same cumulative monotonic Sum.
 */
export class SummedCounter {
  private readonly series = new Map<string, Series>();

  constructor(meter: Meter, name: string, options: { description: string; unit: string }) {
    meter.createObservableCounter(name, options).addCallback((result) => this.observe(result));
  }

  /** `key` must identify `attributes` exactly; `attributes` is built only for a new series and never mutated. */
  add(key: string, value: number, attributes: () => Attributes): void {
    const existing = this.series.get(key);
    if (existing) existing.value += value;
    else this.series.set(key, { attributes: attributes(), value });
  }

  private observe(result: ObservableResult): void {
    for (const { attributes, value } of this.series.values()) result.observe(value, attributes);
  }
}
