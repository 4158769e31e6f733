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
        [ATTR.finishReason]: finishReason,
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
        [ATTR.llmcostTokenType]: tokenType,
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

/** What identifies a metric attribute set: absent values are `undefined`. */
export interface SeriesParts {
  provider: string;
  operation: string;
  requestModel: string;
  responseModel: string | undefined;
  feature: string | undefined;
  tier: string | undefined;
  status: string | undefined;
  errorType: string | undefined;
  user: string | undefined;
  /** `server.address` / `server.port` (semconv metric attributes: split by endpoint or gateway). */
  serverAddress: string | undefined;
  serverPort: number | undefined;
  /** `openai.response.service_tier` (semconv's OpenAI metric attribute; a price input too). */
  serviceTier: string | undefined;
}

type Level = Map<string | number | undefined, unknown>;

/**
 * Series by attribute set, looked up through one small Map per attribute (a trie): a call finds its series
 * without building a key string of its own (the responses' strings are new on every call, so a joined key would
 * be allocated, flattened and hashed each time). Bounded: past the limit it starts over (the counters keep their
 * cells by key, so sums continue); the SDK caps each instrument at 2000 attribute sets anyway.
 */
export class SeriesCache {
  private root: Level = new Map();
  private size = 0;

  constructor(private readonly limit = 1000) {}

  get(p: SeriesParts): MetricSeries {
    let leaf = level(this.root, p.provider);
    leaf = level(leaf, p.operation);
    leaf = level(leaf, p.requestModel);
    leaf = level(leaf, p.responseModel);
    leaf = level(leaf, p.feature);
    leaf = level(leaf, p.tier);
    leaf = level(leaf, p.status);
    leaf = level(leaf, p.errorType);
    leaf = level(leaf, p.serverAddress);
    leaf = level(leaf, p.serverPort);
    leaf = level(leaf, p.serviceTier);
    let series = leaf.get(p.user) as MetricSeries | undefined;
    if (series === undefined) {
      if (this.size >= this.limit) {
        this.root = new Map();
        this.size = 0;
        return this.get(p);
      }
      series = new MetricSeries(seriesKey(p), seriesAttributes(p));
      leaf.set(p.user, series);
      this.size++;
    }
    return series;
  }
}

function level(map: Level, key: string | number | undefined): Level {
  let next = map.get(key) as Level | undefined;
  if (next === undefined) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

/** One string for the attribute set (absent values as \u0001, which no attribute value carries): the counters'
 * cell keys. */
function seriesKey(p: SeriesParts): string {
  return [
    p.provider,
    p.operation,
    p.requestModel,
    p.responseModel,
    p.feature,
    p.tier,
    p.status,
    p.errorType,
    p.serverAddress,
    p.serverPort === undefined ? undefined : String(p.serverPort),
    p.serviceTier,
    p.user,
  ]
    .map((v) => v ?? '\u0001')
    .join('\u0000');
}

function seriesAttributes(p: SeriesParts): Attributes {
  const base: Attributes = {
    [ATTR.providerName]: p.provider,
    [ATTR.operationName]: p.operation,
    [ATTR.requestModel]: p.requestModel,
  };
  if (p.responseModel !== undefined) base[ATTR.responseModel] = p.responseModel;
  if (p.feature !== undefined) base[ATTR.feature] = p.feature;
  if (p.tier !== undefined) base[ATTR.tier] = p.tier;
  if (p.status !== undefined) base[ATTR.pricingStatus] = p.status;
  if (p.errorType !== undefined) base[ATTR.errorType] = p.errorType;
  if (p.serverAddress !== undefined) base[ATTR.serverAddress] = p.serverAddress;
  if (p.serverPort !== undefined) base[ATTR.serverPort] = p.serverPort;
  if (p.serviceTier !== undefined) base[ATTR.openaiResponseServiceTier] = p.serviceTier;
  if (p.user !== undefined) base[ATTR.userId] = p.user;
  return base;
}
