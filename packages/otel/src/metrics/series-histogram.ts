import type { Attributes, Histogram } from '@opentelemetry/api';

/** The accumulation sdk-metrics keeps per attribute set between two collections. */
interface Accumulation {
  record(value: number): void;
}
/** sdk-metrics' AttributeHashMap: accumulations by the hash string of their attribute set. */
interface HashMapShape {
  _valueMap?: Map<string, Accumulation>;
  _keyMap?: Map<string, Attributes>;
}
/** sdk-metrics' SyncMetricStorage (one per metric reader): the delta processor swaps its map on collection. */
interface StorageShape {
  _attributesProcessor?: { process(attributes: Attributes, context?: unknown): Attributes };
  _deltaMetricStorage?: { _activeCollectionStorage?: HashMapShape };
}
/** With one reader the instrument writes to that reader's storage; with several, to a MultiMetricStorage. */
interface InstrumentShape {
  _writableMetricStorage?: StorageShape & { _backingStorages?: StorageShape[] };
}

function storagesOf(histogram: InstrumentShape): StorageShape[] | undefined {
  const w = histogram._writableMetricStorage;
  if (w === undefined || w === null) return undefined;
  if (w._deltaMetricStorage !== undefined) return [w];
  return w._backingStorages;
}

/**
 * A histogram of the `@llmcost/otel` meter recorded with the frozen attribute objects of metric-series.ts.
 *
 * Why: sdk-metrics hashes the attribute set on every `record()` (Object.keys, sort, JSON.stringify), and that
 * hash was three quarters of our per-call metric work (issue 16: four records per call). Our attribute objects
 * are reused per series, so their hash never changes: after one public `record()` we read the hash string the
 * SDK computed back from its own map, and from then on a record is one Map lookup of that string in the SDK's
 * current accumulations (swapped on every collection) and the SDK's own `accumulation.record(value)`. The
 * points exported are the SDK's, from the SDK's objects. Whenever that lookup cannot be made (another SDK or
 * version whose internals differ, a view that rewrites attributes, the first record after a collection, the
 * cardinality limit) the public `record()` runs instead.
 */
export class SeriesHistogram {
  /** The SDK's hash string per attribute object; null: this set always takes the public path. */
  private readonly keys = new WeakMap<Attributes, string | null>();
  /** Records that took the direct path (tests check both paths). */
  direct = 0;

  constructor(readonly histogram: Histogram) {}

  record(value: number, attributes: Attributes): void {
    const key = this.keys.get(attributes);
    if (typeof key === 'string') {
      const w = (this.histogram as InstrumentShape)._writableMetricStorage;
      const direct =
        w?._deltaMetricStorage !== undefined
          ? recordOne(w, key, value)
          : w?._backingStorages !== undefined && recordAll(w._backingStorages, key, value);
      if (direct) {
        this.direct++;
        return;
      }
    }
    this.histogram.record(value, attributes);
    if (key === undefined) this.keys.set(attributes, learnKey(this.histogram as InstrumentShape, attributes));
  }
}

/** Records into the reader's current accumulation for `key`; false (nothing recorded) if there is none. */
function recordOne(storage: StorageShape, key: string, value: number): boolean {
  const acc = storage._deltaMetricStorage?._activeCollectionStorage?._valueMap?.get(key);
  if (acc === undefined) return false;
  acc.record(value);
  return true;
}

/** Records into every reader's current accumulation for `key`; false (nothing recorded) if one is missing. */
function recordAll(storages: StorageShape[], key: string, value: number): boolean {
  const accs: Accumulation[] = [];
  for (const s of storages) {
    const acc = s._deltaMetricStorage?._activeCollectionStorage?._valueMap?.get(key);
    if (acc === undefined) return false;
    accs.push(acc);
  }
  for (const acc of accs) acc.record(value);
  return true;
}

/**
 * The hash string every reader's storage filed `attributes` under, right after a public record; null when the
 * internals are not the expected ones or a view rewrote the attributes (then the public path, always).
 */
function learnKey(histogram: InstrumentShape, attributes: Attributes): string | null {
  try {
    const storages = storagesOf(histogram);
    if (!Array.isArray(storages) || storages.length === 0) return null;
    let key: string | null = null;
    for (const s of storages) {
      const processor = s._attributesProcessor;
      if (processor !== undefined && processor.process(attributes) !== attributes) return null;
      const map = s._deltaMetricStorage?._activeCollectionStorage;
      if (!(map?._keyMap instanceof Map) || !(map._valueMap instanceof Map)) return null;
      let found: string | null = null;
      for (const [hash, attrs] of map._keyMap) {
        // Equal, not identical: the map keeps the first object recorded with this set (series-cache restarts
        // make new objects for old sets).
        if (attrs === attributes || sameAttributes(attrs, attributes)) {
          found = hash;
          break;
        }
      }
      if (found === null || typeof map._valueMap.get(found)?.record !== 'function') return null;
      if (key !== null && key !== found) return null;
      key = found;
    }
    return key;
  } catch {
    return null;
  }
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
  return true;
}
