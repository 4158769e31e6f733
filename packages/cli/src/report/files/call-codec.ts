import type { CallPricing, CallRecord } from './call-record.js';

/**
 * Call records packed for the trip from a scan worker: numbers in a Float64Array and strings as indexes into a
 * table (each distinct string once per chunk), both cheap to post, where a structured clone of ~20 objects'
 * worth of fields per call cost more than the scanning it saved.
 */
export interface PackedCalls {
  count: number;
  numbers: Float64Array;
  /** Per call: feature, user, tier, model, pricingVersion, dedupeKey, finishReasons (joined); -1 = undefined. */
  strings: Int32Array;
  table: string[];
}

const NUMS = 7;
const STRS = 7;
const PRICINGS: readonly CallPricing[] = ['priced', 'estimated', 'unpriced', 'none'];
const HAS_USAGE = 1;
const ERROR = 2;
const PRICED_HERE = 4;
const OWN = 8;
/** Separates finish reasons in one table string (never in a reason). */
const SEP = '\u0000';

export function packCalls(calls: readonly CallRecord[]): PackedCalls {
  const numbers = new Float64Array(calls.length * NUMS);
  const strings = new Int32Array(calls.length * STRS);
  const table: string[] = [];
  const index = new Map<string, number>();
  const put = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = table.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  for (let c = 0; c < calls.length; c++) {
    const call = calls[c]!;
    const n = c * NUMS;
    numbers[n] = call.endMs;
    numbers[n + 1] = call.costUsd;
    numbers[n + 2] = call.inputTokens;
    numbers[n + 3] = call.outputTokens;
    numbers[n + 4] = call.cacheReadTokens;
    numbers[n + 5] = call.cacheSavingsUsd;
    numbers[n + 6] =
      PRICINGS.indexOf(call.pricing) * 16 +
      (call.hasUsage ? HAS_USAGE : 0) +
      (call.error ? ERROR : 0) +
      (call.pricedHere ? PRICED_HERE : 0) +
      (call.own ? OWN : 0);
    const s = c * STRS;
    strings[s] = put(call.feature);
    strings[s + 1] = put(call.user);
    strings[s + 2] = put(call.tier);
    strings[s + 3] = put(call.model);
    strings[s + 4] = put(call.pricingVersion);
    strings[s + 5] = put(call.dedupeKey);
    strings[s + 6] = put(call.finishReasons.join(SEP));
  }
  return { count: calls.length, numbers, strings, table };
}

/** The call records `packCalls` was given, field for field. */
export function unpackCalls(p: PackedCalls): CallRecord[] {
  const calls: CallRecord[] = new Array(p.count);
  const reasons = new Map<number, readonly string[]>();
  const str = (i: number): string | undefined => (i < 0 ? undefined : p.table[i]);
  for (let c = 0; c < p.count; c++) {
    const n = c * NUMS;
    const s = c * STRS;
    const flags = p.numbers[n + 6]!;
    const r = p.strings[s + 6]!;
    let finishReasons = reasons.get(r);
    if (finishReasons === undefined) {
      const joined = p.table[r]!;
      finishReasons = joined === '' ? [] : joined.split(SEP);
      reasons.set(r, finishReasons);
    }
    calls[c] = {
      endMs: p.numbers[n]!,
      feature: str(p.strings[s]!),
      user: str(p.strings[s + 1]!),
      tier: str(p.strings[s + 2]!),
      model: str(p.strings[s + 3]!),
      pricing: PRICINGS[Math.floor(flags / 16)]!,
      costUsd: p.numbers[n + 1]!,
      hasUsage: (flags & HAS_USAGE) !== 0,
      inputTokens: p.numbers[n + 2]!,
      outputTokens: p.numbers[n + 3]!,
      cacheReadTokens: p.numbers[n + 4]!,
      cacheSavingsUsd: p.numbers[n + 5]!,
      finishReasons,
      error: (flags & ERROR) !== 0,
      pricedHere: (flags & PRICED_HERE) !== 0,
      pricingVersion: str(p.strings[s + 4]!),
      dedupeKey: str(p.strings[s + 5]!),
      own: (flags & OWN) !== 0,
    };
  }
  return calls;
}
