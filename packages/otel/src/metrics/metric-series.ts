import type { Attributes } from '@opentelemetry/api';
import { ATTR } from '../recorder/attributes.js';
import type { CounterCell, SummedCounter } from './summed-counter.js';

/** `llmcost.tokens` types, in the order `MetricSeries.tokens` holds their cells. */
export const TOKEN_TYPES = ['input', 'output', 'cache_read', 'cache_creation', 'reasoning'] as const;
export type TokenTypeIndex = 0 | 1 | 2 | 3 | 4;

/**
 * What every call with one metric attribute set records into, built the first time that set is seen: frozen
 * attribute objects for the histograms and the summed-counter cells. A process sees few distinct sets (models
 * x features x tiers x statuses), so a call then allocates no attribute object and hashes no key of its own.
 */
export class MetricSeries {
  /** Histogram attributes: `gen_ai.client.operation.duration`, time to first chunk, `gen_ai.usage.cost`. */
  readonly base: Attributes;
  /** `gen_ai.client.token.usage` attributes, `gen_ai.token.type` = input / output. */
  readonly input: Attributes;
  readonly output: Attributes;
  private readonly tokenCells: (CounterCell | undefined)[] = [];
  private savingsCell: CounterCell | undefined;
  /** `llmcost.calls` cells by first finish reason (a handful: stop, length, tool_calls, none, ...). */
  private readonly callCells = new Map<string, CounterCell>();

  constructor(
    readonly key: string,
    base: Attributes,
  ) {
    this.base = Object.freeze(base);
    this.input = Object.freeze({ ...base, [ATTR.tokenType]: 'input' });
    this.output = Object.freeze({ ...base, [ATTR.tokenType]: 'output' });
  }

  addCall(counter: SummedCounter, finishReason: string): void {
    let cell = this.callCells.get(finishReason);
    if (cell === undefined) {
      cell = counter.cell(`${this.key}\u0000${finishReason}`, () => ({
        ...this.base,
        [ATTR.responseFinishReason]: finishReason,
      }));
      this.callCells.set(finishReason, cell);
    }
    cell.value += 1;
  }

  /** Adds `n` tokens of one type; zero or absent counts create no series. */
  addTokens(counter: SummedCounter, type: TokenTypeIndex, n: number | undefined): void {
    if (n === undefined || !(n > 0)) return;
    let cell = this.tokenCells[type];
    if (cell === undefined) {
      const tokenType = TOKEN_TYPES[type];
      cell = counter.cell(`${this.key}\u0000${tokenType}`, () => ({
        ...this.base,
        [ATTR.tokenType]: tokenType,
      }));
      this.tokenCells[type] = cell;
    }
    cell.value += n;
  }

  addCacheSavings(counter: SummedCounter, usd: number): void {
    this.savingsCell ??= counter.cell(this.key, () => ({ ...this.base }));
    this.savingsCell.value += usd;
  }
}

/**
 * Series by attribute-set key. Bounded: past the limit the map starts over (the counters keep their cells by
 * key, so sums continue); the SDK caps each instrument at 2000 attribute sets anyway.
 */
export class SeriesCache {
  private readonly byKey = new Map<string, MetricSeries>();

  constructor(private readonly limit = 1000) {}

  get(key: string, attributes: () => Attributes): MetricSeries {
    let series = this.byKey.get(key);
    if (series === undefined) {
      if (this.byKey.size >= this.limit) this.byKey.clear();
      series = new MetricSeries(key, attributes());
      this.byKey.set(key, series);
    }
    return series;
  }
}
