/** Value recorded on metrics for everything beyond a cap. */
export const OVERFLOW_VALUE = 'other';

// Every call weighs at least this much, so among unpriced calls the most frequent values rank first.
const MIN_WEIGHT_USD = 1e-9;
// A value waiting outside the cap replaces the cheapest value kept once it has cost this many times more:
// enough to stop two values of equal spend from trading places (each trade starts new metric series).
const PROMOTE_FACTOR = 2;

/**
 * Caps the distinct values one metric attribute can take at `limit`, favouring the values with the most spend:
 * every distinct value is a new time series in Prometheus, so past the cap a value is recorded as `other`. Used
 * for the opt-in `user.id` and for `llmcost.feature` / `llmcost.tier`, which come from W3C baggage set by other
 * services and so are untrusted. First come, first served would let a flood of junk feature names fill the cap
 * for the life of the process, and a real feature show as `other` forever. Here a value outside the cap keeps
 * a running spend (bounded: `limit` such values, the cheapest forgotten first, as the Space-Saving algorithm
 * does) and takes the place of the cheapest value kept once it has cost PROMOTE_FACTOR times more. Spans keep the
 * real values.
 */
export class ValueLimiter {
  private readonly kept = new Map<string, number>();
  /** Values outside the cap: spend counted (possibly inherited from a forgotten value), and how much was inherited. */
  private readonly waiting = new Map<string, { spend: number; inherited: number }>();

  constructor(
    readonly limit: number,
    /** Told of each call recorded as `other` (the `llmcost.metrics.overflow` counter). */
    private readonly onOverflow?: () => void,
  ) {}

  /** The value to put on metrics for a call that cost `weightUsd`; an absent value counts as overflow. */
  label(value: string | undefined, weightUsd = 0): string {
    if (value === undefined) return OVERFLOW_VALUE;
    const weight = (Number.isFinite(weightUsd) && weightUsd > 0 ? weightUsd : 0) + MIN_WEIGHT_USD;
    const spent = this.kept.get(value);
    if (spent !== undefined) {
      this.kept.set(value, spent + weight);
      return value;
    }
    if (this.kept.size < this.limit) {
      this.kept.set(value, weight);
      return value;
    }
    // Only the spend this value surely made counts towards taking a place, never what it inherited.
    const waited = this.wait(value, weight);
    const [cheapest, floor] = minEntry(this.kept);
    if (waited > floor * PROMOTE_FACTOR) {
      this.kept.delete(cheapest);
      this.waiting.delete(value);
      this.kept.set(value, waited);
      this.wait(cheapest, floor);
      return value;
    }
    this.onOverflow?.();
    return OVERFLOW_VALUE;
  }

  /** Adds `weight` to a value outside the cap; when the table is full, the cheapest waiting value is forgotten
   * and the newcomer starts from its spend (Space-Saving: a value that keeps costing is never lost). */
  private wait(value: string, weight: number): number {
    let entry = this.waiting.get(value);
    if (entry === undefined) {
      entry = { spend: 0, inherited: 0 };
      if (this.waiting.size >= this.limit) {
        let cheapest = '';
        let least = Number.POSITIVE_INFINITY;
        for (const [v, e] of this.waiting) if (e.spend < least) [cheapest, least] = [v, e.spend];
        this.waiting.delete(cheapest);
        entry = { spend: least, inherited: least };
      }
      this.waiting.set(value, entry);
    }
    entry.spend += weight;
    return entry.spend - entry.inherited;
  }
}

function minEntry(map: Map<string, number>): [string, number] {
  let min: [string, number] = ['', Number.POSITIVE_INFINITY];
  for (const entry of map) if (entry[1] < min[1]) min = entry;
  return min;
}
