/**
 * The last `size` values in arrival order, also kept sorted, so a quantile is one array read. Adding a
 * value moves at most `size` numbers (two binary searches and two splices): far cheaper than sorting on
 * every read, and the window is at most a few thousand values.
 */
export class SampleWindow {
  private readonly ring: number[] = [];
  private readonly sorted: number[] = [];
  private next = 0;

  constructor(private readonly size: number) {}

  add(value: number): void {
    if (this.ring.length < this.size) {
      this.ring.push(value);
    } else {
      const old = this.ring[this.next]!;
      this.ring[this.next] = value;
      this.next = (this.next + 1) % this.size;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    }
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
  }

  get count(): number {
    return this.ring.length;
  }

  /** Nearest-rank quantile (the smallest value with at least `q` of the values at or below it). */
  quantile(q: number): number | undefined {
    return quantileOfSorted(this.sorted, q);
  }
}

export function quantileOfSorted(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
