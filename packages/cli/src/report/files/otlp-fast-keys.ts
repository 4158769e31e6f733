import { isCallOperation, OPERATION_KEYS, RANKED_FIELDS, RANKED_KEYS } from './genai-keys.js';
import { emptySpanFields, type SpanFields, setRanked } from './span-attributes.js';
import { checkedCost, checkedTokens } from './value-checks.js';

// The attributes `readCall` (span-attributes.ts) reads, as small numbers for the fast scanner, which matches
// keys in the text by length and then by content instead of copying each key out.
export const SKIP = 0;
/** Any other `gen_ai.usage.*` key: makes the span an LLM call. */
export const USAGE = 1;
const COST = 2;
const RESPONSE_ID = 3;
const STATUS = 4;
const PRICING_VERSION = 5;
const FEATURE = 6;
const USER_ID = 7;
const USER_HASH = 8;
const TIER = 9;
const ERROR = 10;
/** OPERATION + i: the i-th name of OPERATION_KEYS. */
const OPERATION = 11;
/** RANKED + slot * 8 + rank: a name of GENAI_SPAN_KEYS (genai-keys.ts). */
const RANKED = 16;
const IDS = RANKED + RANKED_FIELDS.length * 8;

const KEYS: Array<[string, number]> = [
  ['gen_ai.usage.cost', COST],
  ['gen_ai.response.id', RESPONSE_ID],
  ['llmcost.pricing.status', STATUS],
  ['llmcost.pricing.version', PRICING_VERSION],
  ['llmcost.feature', FEATURE],
  ['user.id', USER_ID],
  ['user.hash', USER_HASH],
  ['llmcost.tier', TIER],
  ['error.type', ERROR],
  ...OPERATION_KEYS.map((key, i): [string, number] => [key, OPERATION + i]),
  ...[...RANKED_KEYS].map(([key, { slot, rank }]): [string, number] => [key, RANKED + slot * 8 + rank]),
];

/** The hash the fast scanner computes while it looks for a key's closing quote. */
export function keyHash(key: string): number {
  let hash = 0;
  for (let k = 0; k < key.length; k++) hash = (Math.imul(hash, 31) + key.charCodeAt(k)) | 0;
  return hash;
}

// Open addressing, linear probing: about 50 keys in 256 slots.
const TABLE_MASK = 255;
const tableHash = new Int32Array(TABLE_MASK + 1);
/** id + 1; 0: empty slot. */
const tableId = new Uint8Array(TABLE_MASK + 1);
const tableKey: string[] = new Array<string>(TABLE_MASK + 1).fill('');
for (const [key, id] of KEYS) {
  const hash = keyHash(key);
  let slot = hash & TABLE_MASK;
  while (tableId[slot] !== 0) slot = (slot + 1) & TABLE_MASK;
  tableHash[slot] = hash;
  tableId[slot] = id + 1;
  tableKey[slot] = key;
}

/** The id of the key s[ks, ke) whose `keyHash` is `hash`, or SKIP. */
export function lookupKey(s: string, ks: number, ke: number, hash: number): number {
  let slot = hash & TABLE_MASK;
  for (;;) {
    const id = tableId[slot] as number;
    if (id === 0) return SKIP;
    if (tableHash[slot] === hash) {
      const key = tableKey[slot] as string;
      if (key.length === ke - ks && s.startsWith(key, ks)) return id - 1;
    }
    slot = (slot + 1) & TABLE_MASK;
  }
}

/** How the AnyValue just read looks, in the terms of readCall's `str`, `num` and `strings`. */
export const FORM_OTHER = 0;
export const FORM_STRING = 1;
export const FORM_NUMBER = 2;
export const FORM_LIST = 3;

/**
 * The fields of the span being read, and the AnyValue just read. `apply` assigns a value to its field with
 * readCall's rules (which assignments keep the first value, which the last).
 */
export class FieldSlots {
  readonly fields: SpanFields = emptySpanFields();
  form = FORM_OTHER;
  str = '';
  /** The number read (any: checked where it is used). */
  num = 0;
  list: string[] = [];
  /** The attribute being read: strings equal to the last one kept for it are reused (see `keep`). */
  slot = SKIP;
  readonly lastKept: string[] = new Array<string>(IDS).fill('');

  reset(): void {
    const f = this.fields;
    f.llm = false;
    f.feature = undefined;
    f.userId = undefined;
    f.userHash = undefined;
    f.tier = undefined;
    f.requestModel = undefined;
    f.responseModel = undefined;
    f.provider = undefined;
    f.status = undefined;
    f.cost = undefined;
    f.input = undefined;
    f.output = undefined;
    f.cacheRead = undefined;
    f.cacheWrite = undefined;
    f.reasoning = undefined;
    f.finish = undefined;
    f.error = false;
    f.pricingVersion = undefined;
    f.responseId = undefined;
    f.issue = undefined;
    f.ranks.fill(255);
  }

  /** str(v): a non-empty stringValue. */
  stringValue(): string | undefined {
    return this.form === FORM_STRING && this.str !== '' ? this.str : undefined;
  }

  /** readCall's rawNumber(v): the number of an intValue or doubleValue, NaN for any other value. */
  #raw(): number {
    return this.form === FORM_NUMBER ? this.num : Number.NaN;
  }

  tokenValue(label: string): number | undefined {
    return checkedTokens(this.#raw(), label, this.fields);
  }

  /** strings(v) */
  stringsValue(): string[] {
    if (this.form === FORM_STRING) return this.str === '' ? [] : [this.str];
    return this.form === FORM_LIST ? this.list : [];
  }

  apply(id: number): void {
    const f = this.fields;
    if (id >= RANKED) {
      const n = id - RANKED;
      setRanked(f, n >> 3, n & 7, this);
      return;
    }
    if (id >= OPERATION) {
      if (isCallOperation(OPERATION_KEYS[id - OPERATION]!, this.stringValue())) f.llm = true;
      return;
    }
    switch (id) {
      case USAGE:
        f.llm = true;
        break;
      case COST:
        f.llm = true;
        f.cost = checkedCost(this.#raw(), f);
        break;
      case RESPONSE_ID:
        f.responseId = this.stringValue();
        break;
      case STATUS:
        f.status = this.stringValue();
        break;
      case PRICING_VERSION:
        f.pricingVersion = this.stringValue();
        break;
      case FEATURE:
        f.feature = this.stringValue();
        break;
      case USER_ID:
        f.userId = this.stringValue();
        break;
      case USER_HASH:
        f.userHash = this.stringValue();
        break;
      case TIER:
        f.tier = this.stringValue();
        break;
      case ERROR:
        f.error = this.stringValue() !== undefined;
        break;
    }
  }
}
