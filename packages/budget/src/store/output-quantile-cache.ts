import { quantileOfSorted } from './sample-window.js';
import type { OutputQuantile } from './types.js';

// Every process reads the shared observations at most this often per feature and model, so it learns from
// every other process's calls within about a second without a round trip on each call.
const REFRESH_MS = 1000;
const MAX_KEYS = 10_000;

interface Entry {
  sorted: number[];
  fetchedAtMs: number;
  /** The first read: every call waits for it (once settled, awaiting it costs a microtask). */
  loaded: Promise<void>;
  pending?: Promise<void>;
}

/**
 * A per-process copy of the output-token observations kept in the store. The first call for a key waits for
 * the read; later calls answer from the copy and refresh it in the background once it is a second old.
 */
export class OutputQuantileCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly fetch: (key: string) => Promise<string[]>) {}

  async get(key: string, q: number, nowMs: number): Promise<OutputQuantile> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      if (this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
      const created: Entry = { sorted: [], fetchedAtMs: nowMs, loaded: Promise.resolve() };
      created.pending = this.refresh(key, created, nowMs);
      created.loaded = created.pending;
      this.entries.set(key, created);
      entry = created;
    } else if (entry.pending === undefined && nowMs - entry.fetchedAtMs >= REFRESH_MS) {
      entry.pending = this.refresh(key, entry, nowMs);
    }
    await entry.loaded;
    return { tokens: quantileOfSorted(entry.sorted, q), count: entry.sorted.length };
  }

  private async refresh(key: string, entry: Entry, nowMs: number): Promise<void> {
    try {
      const values = (await this.fetch(key)).map(Number).filter((n) => Number.isFinite(n) && n >= 0);
      entry.sorted = values.sort((a, b) => a - b);
    } catch {
      // Observations are advisory: keep the old copy (or none: the family default applies).
    } finally {
      entry.fetchedAtMs = nowMs;
      entry.pending = undefined;
    }
  }
}
