import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';

/** One series of a summed counter: its attribute set (never mutated) and its running sum. */
export interface CounterCell {
  readonly attributes: Attributes;
  value: number;
}

/**
 * A monotonic counter summed in process and reported through an ObservableCounter at collection time.
 * Why: the SDK hashes the attribute set on every synchronous `add()` (sort + stringify), which made the per-call
 * counters (`llmcost.calls`, `llmcost.tokens` x up to 5, `llmcost.cache.savings`) the largest part of the
 * instrumentation's CPU per call. Here a caller holds the series' cell (see metric-series.ts) and adds to it;
 * the SDK sees each series once per collection. Exported data is the same cumulative monotonic Sum.
 */
export class SummedCounter {
  private readonly series = new Map<string, CounterCell>();

  constructor(meter: Meter, name: string, options: { description: string; unit: string }) {
    meter.createObservableCounter(name, options).addCallback((result) => this.observe(result));
  }

  /**
   * The cell of the series `key` identifies, created with `attributes()` on first use. Only ask for a cell
   * to add a positive value to it: a cell is reported from its creation on.
   */
  cell(key: string, attributes: () => Attributes): CounterCell {
    let cell = this.series.get(key);
    if (cell === undefined) {
      cell = { attributes: attributes(), value: 0 };
      this.series.set(key, cell);
    }
    return cell;
  }

  private observe(result: ObservableResult): void {
    for (const { attributes, value } of this.series.values()) result.observe(value, attributes);
  }
}
