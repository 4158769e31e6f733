import { SampleWindow } from './sample-window.js';
import type {
  BudgetStore,
  MeterOp,
  MeterResult,
  OutputQuantile,
  OutputSample,
  ReserveOp,
  ReserveResult,
  SettleOp,
  StoreLine,
} from './types.js';

interface Counter {
  nanos: number;
  expiresAt: number;
}

interface OpenReservation {
  expiresAt: number;
  amountNanos: number;
  keys: readonly string[];
}

interface Samples {
  window: SampleWindow;
  expiresAt: number;
}

const SWEEP_EVERY = 10_000;
// Feature and model come from the request (baggage): bound how many observation windows one process keeps.
const MAX_SAMPLE_KEYS = 10_000;

/**
 * Budget counters in this process. Each operation runs synchronously from start to end, so concurrent
 * calls in one process can never interleave between the check and the increment.
 */
export class MemoryStore implements BudgetStore {
  private readonly counters = new Map<string, Counter>();
  // Insertion order is expiry order (every reservation lives the same TTL), so pruning stops at the first live one.
  private readonly open = new Map<string, OpenReservation>();
  private readonly marks = new Map<string, number>();
  private readonly samples = new Map<string, Samples>();
  private ops = 0;

  async reserve(op: ReserveOp): Promise<ReserveResult> {
    return this.reserveSync(op);
  }

  reserveSync(op: ReserveOp): ReserveResult {
    this.prune(op.nowMs);
    const spent = op.lines.map((line) => this.value(line.key, op.nowMs));
    let utilisation = 0;
    for (const i of op.globalLines) {
      const limit = op.lines[i]!.limitNanos;
      if (limit > 0) utilisation = Math.max(utilisation, spent[i]! / limit);
    }
    let amountNanos = op.amountNanos;
    let variant = -1;
    for (let j = 0; j < op.variants.length; j++) {
      if (utilisation >= op.variants[j]!.threshold) {
        amountNanos = op.variants[j]!.amountNanos;
        variant = j;
        break;
      }
    }
    for (let i = 0; i < op.lines.length; i++) {
      const limit = op.lines[i]!.limitNanos;
      if (limit >= 0 && spent[i]! + amountNanos > limit) {
        return { ok: false, failedLine: i, variant, amountNanos, spentNanos: spent };
      }
    }
    if (op.dryRun) return { ok: true, variant, amountNanos, spentNanos: spent };
    for (let i = 0; i < op.lines.length; i++) {
      const line = op.lines[i]!;
      const counter = this.live(line.key, op.nowMs);
      if (counter) counter.nanos += amountNanos;
      else this.counters.set(line.key, { nanos: amountNanos, expiresAt: op.nowMs + line.ttlSeconds * 1000 });
      spent[i]! += amountNanos;
    }
    this.open.set(op.id, { expiresAt: op.expiresAtMs, amountNanos, keys: keysOf(op.lines) });
    return { ok: true, variant, amountNanos, spentNanos: spent };
  }

  async settle(op: SettleOp): Promise<number[]> {
    const held = this.open.get(op.id);
    this.open.delete(op.id);
    if (op.sample) this.addSample(op.sample, op.nowMs);
    const delta = held ? op.actualNanos - held.amountNanos : op.actualNanos;
    return op.keys.map((key, i) => this.add(key, delta, op.nowMs, op.ttlSeconds[i] ?? 0));
  }

  async meter(op: MeterOp): Promise<MeterResult> {
    this.prune(op.nowMs);
    const held = this.open.get(op.id);
    const delta = held ? op.toNanos - held.amountNanos : op.toNanos;
    const spent = op.lines.map((line) => this.value(line.key, op.nowMs));
    if (!op.force && delta > 0) {
      const failedLine = op.lines.findIndex(
        (line, i) => line.limitNanos >= 0 && spent[i]! + delta > line.limitNanos,
      );
      if (failedLine >= 0) return { ok: false, failedLine, spentNanos: spent };
    }
    const after = op.lines.map((line) => this.add(line.key, delta, op.nowMs, line.ttlSeconds));
    // Re-inserted, not updated: the map's order is expiry order, and this expiry is now the latest.
    this.open.delete(op.id);
    this.open.set(op.id, { expiresAt: op.expiresAtMs, amountNanos: op.toNanos, keys: keysOf(op.lines) });
    return { ok: true, failedLine: -1, spentNanos: after };
  }

  async outputQuantile(key: string, q: number, nowMs: number): Promise<OutputQuantile> {
    const entry = this.samples.get(key);
    if (entry === undefined || entry.expiresAt <= nowMs) return { tokens: undefined, count: 0 };
    return { tokens: entry.window.quantile(q), count: entry.window.count };
  }

  async read(keys: readonly string[], nowMs: number): Promise<number[]> {
    return keys.map((key) => this.value(key, nowMs));
  }

  async markOnce(key: string, ttlSeconds: number, nowMs: number): Promise<boolean> {
    const until = this.marks.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.marks.set(key, nowMs + ttlSeconds * 1000);
    return true;
  }

  async close(): Promise<void> {
    this.counters.clear();
    this.open.clear();
    this.marks.clear();
    this.samples.clear();
  }

  /** Adds `delta` to a counter (creating it when positive) and returns its value after. */
  private add(key: string, delta: number, nowMs: number, ttlSeconds: number): number {
    const counter = this.live(key, nowMs);
    if (counter) {
      counter.nanos += delta;
      return counter.nanos;
    }
    if (delta <= 0) return 0;
    this.counters.set(key, { nanos: delta, expiresAt: nowMs + ttlSeconds * 1000 });
    return delta;
  }

  private addSample(sample: OutputSample, nowMs: number): void {
    let entry = this.samples.get(sample.key);
    if (entry === undefined || entry.expiresAt <= nowMs) {
      if (this.samples.size >= MAX_SAMPLE_KEYS) this.samples.delete(this.samples.keys().next().value!);
      entry = { window: new SampleWindow(sample.window), expiresAt: 0 };
      this.samples.set(sample.key, entry);
    }
    entry.window.add(sample.tokens);
    entry.expiresAt = nowMs + sample.ttlSeconds * 1000;
  }

  private live(key: string, nowMs: number): Counter | undefined {
    const counter = this.counters.get(key);
    if (counter && counter.expiresAt <= nowMs) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }

  private value(key: string, nowMs: number): number {
    return this.live(key, nowMs)?.nanos ?? 0;
  }

  /** Releases expired reservations (their process never settled them) and, now and then, dead counters. */
  private prune(nowMs: number): void {
    for (const [id, held] of this.open) {
      if (held.expiresAt > nowMs) break;
      this.open.delete(id);
      for (const key of held.keys) {
        const counter = this.counters.get(key);
        if (counter) counter.nanos -= held.amountNanos;
      }
    }
    if (++this.ops % SWEEP_EVERY === 0) {
      for (const [key, counter] of this.counters) if (counter.expiresAt <= nowMs) this.counters.delete(key);
      for (const [key, until] of this.marks) if (until <= nowMs) this.marks.delete(key);
      for (const [key, entry] of this.samples) if (entry.expiresAt <= nowMs) this.samples.delete(key);
    }
  }
}

function keysOf(lines: readonly StoreLine[]): string[] {
  return lines.map((l) => l.key);
}
