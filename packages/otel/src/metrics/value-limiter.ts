/** Value recorded on metrics for everything beyond a cap. */
export const OVERFLOW_VALUE = 'other';

/**
 * Caps the distinct values one metric attribute can take: the first `limit` values keep their name, later ones
 * are recorded as `other`, so a metrics backend never sees unbounded cardinality (every distinct value is a new
 * time series in Prometheus). Used for the opt-in `user.id` and for `llmcost.feature` / `llmcost.tier`, which
 * come from W3C baggage set by other services and so are untrusted. Spans keep the real values.
 */
export class ValueLimiter {
  private readonly seen = new Set<string>();

  constructor(readonly limit: number) {}

  /** The value to put on metrics; an absent value counts as overflow. */
  label(value: string | undefined): string {
    if (value === undefined) return OVERFLOW_VALUE;
    if (this.seen.has(value)) return value;
    if (this.seen.size < this.limit) {
      this.seen.add(value);
      return value;
    }
    return OVERFLOW_VALUE;
  }
}
