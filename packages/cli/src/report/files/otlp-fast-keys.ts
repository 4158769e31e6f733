import { emptySpanFields, type SpanFields, TOKEN_LABELS } from './span-attributes.js';
import { checkedCost, checkedTokens } from './value-checks.js';

// The attributes `readCall` (span-attributes.ts) reads, as small numbers for the fast scanner, which matches
// keys in the text by length and then by content instead of copying each key out.
export const SKIP = 0;
/** Any other `gen_ai.usage.*` key: makes the span an LLM call. */
export const USAGE = 1;
const OPERATION = 2;
const REQUEST_MODEL = 3;
const RESPONSE_MODEL = 4;
const PROVIDER = 5;
const SYSTEM = 6;
const COST = 7;
const INPUT = 8;
const OUTPUT = 9;
const CACHE_READ = 10;
const CACHE_WRITE = 11;
const REASONING = 12;
const FINISH = 13;
const RESPONSE_ID = 14;
const STATUS = 15;
const PRICING_VERSION = 16;
const FEATURE = 17;
const USER_ID = 18;
const USER_HASH = 19;
const TIER = 20;
const ERROR = 21;
const AI_MODEL = 22;
const IDS = 23;

const KEYS: Array<[string, number]> = [
  ['gen_ai.operation.name', OPERATION],
  ['gen_ai.request.model', REQUEST_MODEL],
  ['gen_ai.response.model', RESPONSE_MODEL],
  ['gen_ai.provider.name', PROVIDER],
  ['gen_ai.system', SYSTEM],
  ['gen_ai.usage.cost', COST],
  ['gen_ai.usage.input_tokens', INPUT],
  ['gen_ai.usage.prompt_tokens', INPUT],
  ['gen_ai.usage.output_tokens', OUTPUT],
  ['gen_ai.usage.completion_tokens', OUTPUT],
  ['gen_ai.usage.cache_read.input_tokens', CACHE_READ],
  ['gen_ai.usage.cache_creation.input_tokens', CACHE_WRITE],
  ['gen_ai.usage.cache_write.input_tokens', CACHE_WRITE],
  ['gen_ai.usage.reasoning.output_tokens', REASONING],
  ['gen_ai.response.finish_reasons', FINISH],
  ['gen_ai.response.finish_reason', FINISH],
  ['gen_ai.response.id', RESPONSE_ID],
  ['llmcost.pricing.status', STATUS],
  ['llmcost.pricing.version', PRICING_VERSION],
  ['llmcost.feature', FEATURE],
  ['user.id', USER_ID],
  ['user.hash', USER_HASH],
  ['llmcost.tier', TIER],
  ['error.type', ERROR],
  ['ai.model.id', AI_MODEL],
  ['ai.response.model', AI_MODEL],
];

/** The hash the fast scanner computes while it looks for a key's closing quote. */
export function keyHash(key: string): number {
  let hash = 0;
  for (let k = 0; k < key.length; k++) hash = (Math.imul(hash, 31) + key.charCodeAt(k)) | 0;
  return hash;
}

// Open addressing, linear probing: 26 keys in 128 slots.
const TABLE_MASK = 127;
const tableHash = new Int32Array(TABLE_MASK + 1);
/** id + 1; 0: empty slot. */
const tableId = new Int8Array(TABLE_MASK + 1);
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
    f.aiModel = undefined;
    f.provider = undefined;
    f.system = undefined;
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
  }

  /** str(v): a non-empty stringValue. */
  #str(): string | undefined {
    return this.form === FORM_STRING && this.str !== '' ? this.str : undefined;
  }

  /** readCall's rawNumber(v): the number of an intValue or doubleValue, NaN for any other value. */
  #raw(): number {
    return this.form === FORM_NUMBER ? this.num : Number.NaN;
  }

  #tokens(label: string): number | undefined {
    return checkedTokens(this.#raw(), label, this.fields);
  }

  /** strings(v) */
  #strings(): string[] {
    if (this.form === FORM_STRING) return this.str === '' ? [] : [this.str];
    return this.form === FORM_LIST ? this.list : [];
  }

  apply(id: number): void {
    const f = this.fields;
    switch (id) {
      case USAGE:
      case OPERATION:
        f.llm = true;
        break;
      case REQUEST_MODEL:
        f.requestModel = this.#str();
        break;
      case RESPONSE_MODEL:
        f.responseModel = this.#str();
        break;
      case PROVIDER:
        f.provider = this.#str();
        break;
      case SYSTEM:
        f.system = this.#str();
        break;
      case COST:
        f.llm = true;
        f.cost = checkedCost(this.#raw(), f);
        break;
      case INPUT:
        f.llm = true;
        f.input ??= this.#tokens(TOKEN_LABELS.input);
        break;
      case OUTPUT:
        f.llm = true;
        f.output ??= this.#tokens(TOKEN_LABELS.output);
        break;
      case CACHE_READ:
        f.llm = true;
        f.cacheRead = this.#tokens(TOKEN_LABELS.cacheRead);
        break;
      case CACHE_WRITE:
        f.llm = true;
        f.cacheWrite ??= this.#tokens(TOKEN_LABELS.cacheWrite);
        break;
      case REASONING:
        f.llm = true;
        f.reasoning = this.#tokens(TOKEN_LABELS.reasoning);
        break;
      case FINISH:
        f.finish ??= this.#strings();
        break;
      case RESPONSE_ID:
        f.responseId = this.#str();
        break;
      case STATUS:
        f.status = this.#str();
        break;
      case PRICING_VERSION:
        f.pricingVersion = this.#str();
        break;
      case FEATURE:
        f.feature = this.#str();
        break;
      case USER_ID:
        f.userId = this.#str();
        break;
      case USER_HASH:
        f.userHash = this.#str();
        break;
      case TIER:
        f.tier = this.#str();
        break;
      case ERROR:
        f.error = this.#str() !== undefined;
        break;
      case AI_MODEL:
        f.aiModel ??= this.#str();
        break;
    }
  }
}
