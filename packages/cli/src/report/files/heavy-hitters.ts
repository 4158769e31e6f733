/**
 * A copy of `s` that does not point into the string it was sliced from. Keys are sliced out of 1 MB input
 * lines, and V8 keeps a slice's whole parent alive: a map of 5,000 users would otherwise hold 5,000 lines.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * Per-key statistics with bounded memory: exact for the first `capacity` keys, then the weighted Space-Saving
 * algorithm (Metwally, Agrawal, El Abbadi, "Efficient Computation of Frequent and Top-k Elements in Data
 * Streams", ICDT 2005): a new key evicts the key of least weight and inherits its statistics, so every kept
 * key's figures are upper bounds, over by at most its `error`, and any key whose true weight is above
 * total / capacity is guaranteed to be kept. Weights are dollars here, so the top spenders survive.
 */
export class HeavyHitters<S> {
  readonly capacity: number;
  readonly #create: () => S;
  readonly #weight: (stats: S) => number;
  readonly #map = new Map<string, Slot<S>>();
  /** Min-heap on weight; built when the map first overflows. */
  #heap: Slot<S>[] | null = null;
  #last: Slot<S> | null = null;

  constructor(capacity: number, create: () => S, weight: (stats: S) => number) {
    if (!(capacity >= 1)) throw new RangeError(`HeavyHitters capacity must be >= 1, got ${capacity}`);
    this.capacity = capacity;
    this.#create = create;
    this.#weight = weight;
  }

  /** True once a key was evicted: the figures are estimates from then on. */
  get approximate(): boolean {
    return this.#heap !== null;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The statistics of `key` to update; call `updated()` after changing its weight. */
  get(key: string): S {
    let slot = this.#map.get(key);
    if (slot === undefined) {
      if (this.#map.size < this.capacity) {
        slot = { key: detach(key), stats: this.#create(), error: 0, index: -1 };
      } else {
        const heap = this.#heap ?? this.#buildHeap();
        slot = heap[0]!;
        this.#map.delete(slot.key);
        slot.key = detach(key);
        slot.error = this.#weight(slot.stats);
      }
      this.#map.set(slot.key, slot);
    }
    this.#last = slot;
    return slot.stats;
  }

  /** Restores the heap after the last `get`'s stats grew in weight (weights only ever grow). */
  updated(): void {
    if (this.#heap !== null && this.#last !== null) this.#siftDown(this.#last.index);
  }

  /** Every kept key, heaviest first. */
  entries(): Array<{ key: string; stats: S; error: number }> {
    return [...this.#map.values()]
      .map((s) => ({ key: s.key, stats: s.stats, error: s.error }))
      .sort((a, b) => this.#weight(b.stats) - this.#weight(a.stats) || (a.key < b.key ? -1 : 1));
  }

  #buildHeap(): Slot<S>[] {
    const heap = [...this.#map.values()];
    heap.forEach((s, i) => {
      s.index = i;
    });
    this.#heap = heap;
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
    return heap;
  }

  #siftDown(start: number): void {
    const heap = this.#heap!;
    const n = heap.length;
    let i = start;
    const slot = heap[i]!;
    const w = this.#weight(slot.stats);
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let cw = this.#weight(heap[l]!.stats);
      if (r < n) {
        const rw = this.#weight(heap[r]!.stats);
        if (rw < cw) {
          c = r;
          cw = rw;
        }
      }
      if (cw >= w) break;
      const child = heap[c]!;
      heap[i] = child;
      child.index = i;
      i = c;
    }
    heap[i] = slot;
    slot.index = i;
  }
}

interface Slot<S> {
  key: string;
  stats: S;
  /** Weight inherited from evicted keys: the most this key's figures may be over. */
  error: number;
  index: number;
}
