import type { SpanIds } from './call-record.js';
import { MAX_NESTING } from './json-scanner.js';
import {
  FieldSlots,
  FORM_LIST,
  FORM_NUMBER,
  FORM_OTHER,
  FORM_STRING,
  lookupKey,
  SKIP,
  USAGE,
} from './otlp-fast-keys.js';
import { scanExportRequest } from './otlp-scan.js';
import type { LineContent } from './otlp-span.js';
import { callOf, type SpanFields } from './span-attributes.js';
import { type Fingerprint, fingerprintOfBytes } from './span-identity.js';

/**
 * Reads one line of bytes like `scanExportRequest(bytes.toString('utf8'))`, with the same result and errors.
 *
 * Most lines are written by one exporter in one layout: no whitespace, `{"key":"...","value":{...}}`
 * attributes, ASCII keys. The fast path reads that layout from the bytes themselves (a typed-array load is
 * about twice as fast as `charCodeAt`, and short stretches are faster byte by byte than through a builtin
 * `indexOf`), matches attribute keys by a hash taken on the way to their closing quote instead of copying them,
 * skips unread values structurally, and makes strings only of the values the report keeps, sliced from a
 * latin1 copy of the line (a memcpy, no UTF-8 decoding; every JSON delimiter is ASCII and no byte of a
 * multi-byte UTF-8 sequence is, so byte positions are string positions; a kept value with non-ASCII bytes or
 * escapes is decoded properly). Anything it does not expect (whitespace, escapes in a key, another value
 * shape, a syntax error, a line of the wrong shape, a malformed span, deep nesting, ids that are not plain
 * ASCII) makes it give up on the line, and the general scanner reads it from the UTF-8 text: one code path
 * decides every error, every skipped span and every unusual line.
 */
export function scanExportRequestBytes(bytes: Buffer, start: number, end: number, out: LineContent): void {
  if (fastScanExportRequest(bytes.subarray(start, end), bytes.toString('latin1', start, end), out)) return;
  scanExportRequest(bytes.toString('utf8', start, end), out);
}

const FAIL = -1;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Index of the next backslash at or after the last position asked about; -1: none; -2: not looked for yet. */
let nextBackslash = -2;
const fields = new FieldSlots();

/**
 * The fast path alone, on a line's bytes and their latin1 copy: true when it read the line (into `out`), false
 * when the line needs the general scanner (`out` is then as it was).
 */
export function fastScanExportRequest(bytes: Uint8Array, line: string, out: LineContent): boolean {
  nextBackslash = -2;
  const calls = out.calls.length;
  const others = out.otherSpanEndMs.length;
  // Every skip is the general scanner's: the fast path reads only well-formed lines.
  if (out.skipped.length > 0) return false;
  const ok = request(bytes, line, out) === line.length;
  if (!ok) {
    out.calls.length = calls;
    out.otherSpanEndMs.length = others;
  }
  return ok;
}

/** Whether s[a, b) holds a backslash; `a` never decreases within a line. */
function hasBackslash(s: string, a: number, b: number): boolean {
  if (nextBackslash === -1) return false;
  if (nextBackslash < a) {
    nextBackslash = s.indexOf('\\', a);
    if (nextBackslash === -1) return false;
  }
  return nextBackslash < b;
}

/** At a member name's opening quote: the index of its closing quote when `":` follows, else FAIL. */
function keyEnd(u: Uint8Array, i: number): number {
  if (u[i] !== QUOTE) return FAIL;
  // Member names are short: byte by byte. A backslash is checked by the caller (hasBackslash).
  let q = i + 1;
  while (q < u.length && u[q] !== QUOTE) q++;
  return u[q + 1] === COLON ? q : FAIL;
}

function isKey(s: string, ks: number, ke: number, name: string): boolean {
  return ke - ks === name.length && s.startsWith(name, ks);
}

/** The export request: `{..., "resourceSpans":[...], ...}`; the index past it, or FAIL. */
function request(u: Uint8Array, s: string, out: LineContent): number {
  if (u[0] !== OPEN_BRACE) return FAIL;
  let i = 1;
  let found = false;
  for (;;) {
    const ke = keyEnd(u, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'resourceSpans')) {
      if (found || u[i] !== OPEN_BRACKET) return FAIL;
      found = true;
      i = list(u, s, i, out, resourceSpans);
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(u, s, i);
    }
    if (i === FAIL) return FAIL;
    const d = u[i++] as number;
    if (d === COMMA) continue;
    return d === CLOSE_BRACE && found ? i : FAIL;
  }
}

/** An array whose every element is read by `element`. */
function list(
  u: Uint8Array,
  s: string,
  i: number,
  out: LineContent,
  element: (u: Uint8Array, s: string, i: number, out: LineContent) => number,
): number {
  i++; // [
  if (u[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = element(u, s, i, out);
    if (i === FAIL) return FAIL;
    const d = u[i++] as number;
    if (d === COMMA) continue;
    return d === CLOSE_BRACKET ? i : FAIL;
  }
}

function resourceSpans(u: Uint8Array, s: string, i: number, out: LineContent): number {
  if (u[i] !== OPEN_BRACE) return FAIL;
  i++;
  if (u[i] === CLOSE_BRACE) return i + 1;
  let found = false;
  for (;;) {
    const ke = keyEnd(u, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'scopeSpans')) {
      if (found || u[i] !== OPEN_BRACKET) return FAIL;
      found = true;
      i = list(u, s, i, out, scopeSpans);
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(u, s, i);
    }
    if (i === FAIL) return FAIL;
    const d = u[i++] as number;
    if (d === COMMA) continue;
    return d === CLOSE_BRACE ? i : FAIL;
  }
}

/** Set by `scope`: the scope's name starts with `@llmcost/`. */
let ownScope = false;

function scopeSpans(u: Uint8Array, s: string, i: number, out: LineContent): number {
  if (u[i] !== OPEN_BRACE) return FAIL;
  i++;
  if (u[i] === CLOSE_BRACE) return i + 1;
  // The scope may follow the spans: calls are marked own/foreign when the object is complete.
  const first = out.calls.length;
  let own = false;
  let seenScope = false;
  let seenSpans = false;
  for (;;) {
    const ke = keyEnd(u, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'spans')) {
      if (seenSpans || u[i] !== OPEN_BRACKET) return FAIL;
      seenSpans = true;
      i = list(u, s, i, out, span);
    } else if (isKey(s, ks, ke, 'scope')) {
      if (seenScope) return FAIL;
      seenScope = true;
      ownScope = false;
      i = u[i] === OPEN_BRACE ? scope(u, s, i) : skipValue(u, s, i);
      own = ownScope;
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(u, s, i);
    }
    if (i === FAIL) return FAIL;
    const d = u[i++] as number;
    if (d === COMMA) continue;
    if (d !== CLOSE_BRACE) return FAIL;
    for (let k = first; k < out.calls.length; k++) out.calls[k]!.own = own;
    return i;
  }
}

function scope(u: Uint8Array, s: string, i: number): number {
  i++;
  if (u[i] === CLOSE_BRACE) return i + 1;
  let seenName = false;
  for (;;) {
    const ke = keyEnd(u, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'name')) {
      if (seenName) return FAIL;
      seenName = true;
      if (u[i] === QUOTE) {
        const vs = i + 1;
        i = stringEnd(u, s, i);
        if (i === FAIL || hasBackslash(s, vs, i)) return FAIL;
        ownScope = s.startsWith('@llmcost/', vs) && i - 1 - vs >= 9;
      } else {
        i = skipValue(u, s, i);
      }
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(u, s, i);
    }
    if (i === FAIL) return FAIL;
    const d = u[i++] as number;
    if (d === COMMA) continue;
    return d === CLOSE_BRACE ? i : FAIL;
  }
}

function span(u: Uint8Array, s: string, i: number, out: LineContent): number {
  if (u[i] !== OPEN_BRACE) return FAIL;
  i++;
  let traceStart = -1;
  let traceEnd = -1;
  let spanStart = -1;
  let spanEnd = -1;
  let parentStart = -1;
  let parentEnd = -1;
  let endMs = -1;
  let attributes = false;
  fields.reset();
  if (u[i] !== CLOSE_BRACE) {
    for (;;) {
      const ke = keyEnd(u, i);
      if (ke === FAIL) return FAIL;
      const ks = i + 1;
      const len = ke - ks;
      i = ke + 2;
      if (len === 10 && s.startsWith('attributes', ks)) {
        if (attributes || u[i] !== OPEN_BRACKET) return FAIL;
        attributes = true;
        i = attributeList(u, s, i);
      } else if (len === 15 && s.startsWith('endTimeUnixNano', ks)) {
        if (endMs !== -1) return FAIL;
        i = nanos(u, i);
        endMs = nanosMs;
      } else if (len === 7 && s.startsWith('traceId', ks)) {
        if (traceStart !== -1) return FAIL;
        traceStart = i;
        i = skipValue(u, s, i);
        traceEnd = i;
      } else if (len === 6 && s.startsWith('spanId', ks)) {
        if (spanStart !== -1) return FAIL;
        spanStart = i;
        i = skipValue(u, s, i);
        spanEnd = i;
      } else if (len === 12 && s.startsWith('parentSpanId', ks)) {
        if (parentStart !== -1) return FAIL;
        parentStart = i;
        i = skipValue(u, s, i);
        parentEnd = i;
      } else {
        i = hasBackslash(s, ks, ke) ? FAIL : skipValue(u, s, i);
      }
      if (i === FAIL) return FAIL;
      const d = u[i++] as number;
      if (d === COMMA) continue;
      if (d === CLOSE_BRACE) break;
      return FAIL;
    }
  } else {
    i++;
  }
  if (endMs === -1) return FAIL;
  const f: SpanFields = fields.fields;
  if (!attributes || !f.llm) {
    out.otherSpanEndMs.push(endMs);
    return i;
  }
  let traceId = '';
  if (f.responseId !== undefined && u[traceStart] === QUOTE) {
    fields.slot = SKIP;
    const id = decode(u, s, traceStart + 1, traceEnd - 1);
    if (id === undefined) return FAIL;
    traceId = id;
  }
  ids.hasId = false;
  ids.hasParent = false;
  ids.idHi = ids.idLo = ids.parentHi = ids.parentLo = 0;
  // Ids as spanIdsOf (otlp-span.ts) reads them: strings, both with a trace id, empty ones absent.
  if (isString(u, traceStart, traceEnd)) {
    const ts = traceStart + 1;
    const te = traceEnd - 1;
    if (!plainAscii(u, ts, te)) return FAIL;
    if (te > ts && isString(u, spanStart, spanEnd)) {
      if (!plainAscii(u, spanStart + 1, spanEnd - 1)) return FAIL;
      if (spanEnd - spanStart > 2) {
        fingerprintOfBytes(u, ts, te, spanStart + 1, spanEnd - 1, scratch);
        ids.hasId = true;
        ids.idHi = scratch.hi;
        ids.idLo = scratch.lo;
      }
    }
    if (te > ts && isString(u, parentStart, parentEnd)) {
      if (!plainAscii(u, parentStart + 1, parentEnd - 1)) return FAIL;
      if (parentEnd - parentStart > 2) {
        fingerprintOfBytes(u, ts, te, parentStart + 1, parentEnd - 1, scratch);
        ids.hasParent = true;
        ids.parentHi = scratch.hi;
        ids.parentLo = scratch.lo;
      }
    }
  }
  // `own` is set when the scope is known (scopeSpans).
  out.calls.push(callOf(f, traceId, ids, endMs, false)!);
  return i;
}

const ids: SpanIds = { hasId: false, idHi: 0, idLo: 0, hasParent: false, parentHi: 0, parentLo: 0 };
const scratch: Fingerprint = { hi: 0, lo: 0 };

/** u[start, end) is a JSON string (a member was seen and its value starts with a quote). */
function isString(u: Uint8Array, start: number, end: number): boolean {
  return start !== -1 && u[start] === QUOTE && end - start >= 2;
}

/** Printable ASCII without escapes: the bytes are the characters the general scanner would hash. */
function plainAscii(u: Uint8Array, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const d = u[k] as number;
    if (d < 0x20 || d >= 0x7f || d === BACKSLASH) return false;
  }
  return true;
}

/** Like `hasBackslash`, for a range before positions already asked about (the trace id is read late). */
function hasBackslashAnywhere(s: string, a: number, b: number): boolean {
  const k = s.indexOf('\\', a);
  return k !== -1 && k < b;
}

/** Set by `nanos`: the span end in ms. */
let nanosMs = -1;

/** Decimal nanoseconds in a string, as `nanosToMs` reads them; a bare number or anything else gives up. */
function nanos(u: Uint8Array, i: number): number {
  if (u[i] !== QUOTE) return FAIL;
  const start = i + 1;
  let k = start;
  for (;;) {
    const d = u[k] as number;
    if (!(d >= 0x30 && d <= 0x39)) break; // NaN past the end stops too
    k++;
  }
  const len = k - start;
  if (u[k] !== QUOTE || len === 0 || len > 20) return FAIL;
  // Whole milliseconds: at most 14 digits, exact in a double.
  let ms = 0;
  for (let j = start; j < k - 6; j++) ms = ms * 10 + ((u[j] as number) - 0x30);
  nanosMs = ms;
  return k + 1;
}

/** `[{"key":"...","value":{...}}, ...]` into `fields`; keys are matched in place, unread values skipped. */
function attributeList(u: Uint8Array, s: string, i: number): number {
  i++; // [
  if (u[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (
      u[i] !== OPEN_BRACE ||
      u[i + 1] !== QUOTE ||
      u[i + 2] !== 0x6b || // k
      u[i + 3] !== 0x65 || // e
      u[i + 4] !== 0x79 || // y
      u[i + 5] !== QUOTE ||
      u[i + 6] !== COLON ||
      u[i + 7] !== QUOTE
    ) {
      return FAIL;
    }
    // The key, hashed on the way to its closing quote. Short stretches are faster character by character
    // than through a builtin call. An escape in a key gives up (it is decoded before it is matched).
    const ks = i + 8;
    let k = ks;
    let hash = 0;
    for (;;) {
      const d = u[k] as number;
      if (d === QUOTE) break;
      if (d === BACKSLASH || !(d >= 0x20)) return FAIL;
      hash = (Math.imul(hash, 31) + d) | 0;
      k++;
    }
    if (!isValueMember(u, k)) return FAIL;
    i = k + 10;
    const id = attributeId(u, s, ks, k, hash);
    if (id === SKIP) {
      // Most values are strings.
      if (isStringValue(u, i)) {
        i = stringEnd(u, s, i + 15);
        if (i === FAIL || u[i] !== CLOSE_BRACE) return FAIL;
        i++;
      } else {
        i = skipValue(u, s, i);
      }
    } else {
      fields.slot = id;
      i = anyValue(u, s, i);
      if (i !== FAIL) fields.apply(id);
    }
    if (i === FAIL || u[i] !== CLOSE_BRACE) return FAIL;
    const d = u[i + 1] as number;
    i += 2;
    if (d === COMMA) continue;
    return d === CLOSE_BRACKET ? i : FAIL;
  }
}

/** `","value":` */
function isValueMember(u: Uint8Array, at: number): boolean {
  return (
    u[at] === QUOTE &&
    u[at + 1] === COMMA &&
    u[at + 2] === QUOTE &&
    u[at + 3] === 0x76 && // v
    u[at + 4] === 0x61 && // a
    u[at + 5] === 0x6c && // l
    u[at + 6] === 0x75 && // u
    u[at + 7] === 0x65 && // e
    u[at + 8] === QUOTE &&
    u[at + 9] === COLON
  );
}

/** Which field the key s[ks, ke) (no escapes, `hash` from `keyHash`) feeds (see otlp-fast-keys.ts). */
function attributeId(u: Uint8Array, s: string, ks: number, ke: number, hash: number): number {
  const id = lookupKey(s, ks, ke, hash);
  if (id !== SKIP) return id;
  // any other gen_ai.usage.* key
  return ke - ks > 13 && u[ks] === 0x67 && s.startsWith('gen_ai.usage.', ks) ? USAGE : SKIP;
}

/** `{"stringValue":"` */
function isStringValue(u: Uint8Array, at: number): boolean {
  return (
    u[at] === OPEN_BRACE &&
    u[at + 1] === QUOTE &&
    u[at + 2] === 0x73 && // s
    u[at + 3] === 0x74 && // t
    u[at + 4] === 0x72 && // r
    u[at + 5] === 0x69 && // i
    u[at + 6] === 0x6e && // n
    u[at + 7] === 0x67 && // g
    u[at + 8] === 0x56 && // V
    u[at + 9] === 0x61 && // a
    u[at + 10] === 0x6c && // l
    u[at + 11] === 0x75 && // u
    u[at + 12] === 0x65 && // e
    u[at + 13] === QUOTE &&
    u[at + 14] === COLON &&
    u[at + 15] === QUOTE
  );
}

/**
 * One AnyValue of a kept attribute, exactly `{"stringValue":"..."}`, `{"intValue":N|"N"}`,
 * `{"doubleValue":N|"N"}`, `{"boolValue":B}` or `{"arrayValue":{"values":[{"stringValue":"..."}, ...]}}`,
 * into `fields.form/str/num/list`; any other shape gives up on the line.
 */
function anyValue(u: Uint8Array, s: string, i: number): number {
  if (isStringValue(u, i)) {
    i = stringValue(u, s, i + 15);
    fields.form = FORM_STRING;
  } else if (u[i] !== OPEN_BRACE || u[i + 1] !== QUOTE) {
    return FAIL;
  } else if (s.startsWith('intValue":', i + 2)) {
    i = numberValue(u, s, i + 12);
  } else if (s.startsWith('doubleValue":', i + 2)) {
    i = numberValue(u, s, i + 15);
  } else if (s.startsWith('boolValue":', i + 2)) {
    i += 13;
    if (s.startsWith('true', i)) i += 4;
    else if (s.startsWith('false', i)) i += 5;
    else return FAIL;
    fields.form = FORM_OTHER;
  } else if (s.startsWith('arrayValue":{"values":[', i + 2)) {
    i = stringList(u, s, i + 25);
    if (i === FAIL || u[i] !== CLOSE_BRACE) return FAIL;
    i++;
  } else {
    return FAIL;
  }
  if (i === FAIL || u[i] !== CLOSE_BRACE) return FAIL;
  return i + 1;
}

/** At a string's opening quote: the string into `fields.str`. */
function stringValue(u: Uint8Array, s: string, i: number): number {
  if (u[i] !== QUOTE) return FAIL;
  const end = stringEnd(u, s, i);
  if (end === FAIL) return FAIL;
  const str = decode(u, s, i + 1, end - 1);
  if (str === undefined) return FAIL;
  fields.str = str;
  return end;
}

/** intValue / doubleValue: a JSON number, or a string read with Number() (readCall's `num`). */
function numberValue(u: Uint8Array, s: string, i: number): number {
  let n: number;
  if (u[i] === QUOTE) {
    i = stringValue(u, s, i);
    if (i === FAIL) return FAIL;
    n = Number(fields.str);
  } else {
    const start = i;
    i = numberEnd(u, i);
    if (i === FAIL) return FAIL;
    n = i - start <= 15 && isDigits(u, start, i) ? digits(u, start, i) : Number(s.slice(start, i));
  }
  fields.form = FORM_NUMBER;
  // Checked where the value is used (FieldSlots.apply, with value-checks.ts), as readCall checks it.
  fields.num = n;
  return i;
}

function isDigits(u: Uint8Array, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const d = u[k] as number;
    if (d < 0x30 || d > 0x39) return false;
  }
  return true;
}

function digits(u: Uint8Array, a: number, b: number): number {
  let n = 0;
  for (let k = a; k < b; k++) n = n * 10 + ((u[k] as number) - 0x30);
  return n;
}

/** `{"stringValue":"..."}, ...]`: the distinct non-empty strings, in order (readCall's `strings`). */
function stringList(u: Uint8Array, s: string, i: number): number {
  const list: string[] = [];
  if (u[i] === CLOSE_BRACKET) {
    fields.form = FORM_LIST;
    fields.list = list;
    return i + 1;
  }
  for (;;) {
    if (!isStringValue(u, i)) return FAIL;
    i = stringValue(u, s, i + 15);
    if (i === FAIL || u[i] !== CLOSE_BRACE) return FAIL;
    const str = fields.str as string;
    if (str !== '' && !list.includes(str)) list.push(str);
    const d = u[i + 1] as number;
    i += 2;
    if (d === COMMA) continue;
    if (d !== CLOSE_BRACKET) return FAIL;
    fields.form = FORM_LIST;
    fields.list = list;
    return i;
  }
}

/**
 * The string s[a, b) as JSON.parse would give it. Plain ASCII is the latin1 text itself; anything else
 * (non-ASCII bytes, escapes, control characters) is decoded as UTF-8 and unescaped. Undefined: a bad escape.
 */
function decode(u: Uint8Array, s: string, a: number, b: number): string | undefined {
  // The last plain string kept for this attribute, when it is the same: models, features and tiers repeat
  // from span to span, and one string object means one hash computed for the aggregator's maps.
  const last = fields.lastKept[fields.slot] as string;
  if (last.length === b - a && s.startsWith(last, a)) return last;
  for (let k = a; k < b; k++) {
    const d = u[k] as number;
    if (d < 0x20 || d === BACKSLASH || d >= 0x80) return decodeSlow(s, a, b);
  }
  const str = s.slice(a, b);
  fields.lastKept[fields.slot] = str;
  return str;
}

function decodeSlow(s: string, a: number, b: number): string | undefined {
  const text = Buffer.from(s.slice(a, b), 'latin1').toString('utf8');
  if (!hasBackslashAnywhere(s, a, b)) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return undefined;
  }
}

/** Moves past the string at the quote at i: the index after its closing quote, or FAIL. */
function stringEnd(u: Uint8Array, s: string, i: number): number {
  // Most strings are short: character by character first, a builtin search for the long ones.
  const stop = i + 48;
  let k = i + 1;
  for (; k < stop; k++) {
    const d = u[k] as number;
    if (d === QUOTE) return k + 1;
    if (d === BACKSLASH) k++;
    else if (k >= u.length) return FAIL;
  }
  let q = s.indexOf('"', k);
  for (;;) {
    if (q === -1) return FAIL;
    if (u[q - 1] !== BACKSLASH) return q + 1;
    // A quote preceded by an odd number of backslashes is escaped.
    let b = q - 1;
    while (b > i && u[b] === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    q = s.indexOf('"', q + 1);
  }
}

/** Skips one JSON value; inside objects and arrays only strings and brackets are checked (as Scanner does). */
function skipValue(u: Uint8Array, s: string, i: number): number {
  const d = u[i] as number;
  if (d === QUOTE) return stringEnd(u, s, i);
  if (d === OPEN_BRACE || d === OPEN_BRACKET) return skipComposite(u, s, i);
  if (d === 0x74) return s.startsWith('true', i) ? i + 4 : FAIL;
  if (d === 0x66) return s.startsWith('false', i) ? i + 5 : FAIL;
  if (d === 0x6e) return s.startsWith('null', i) ? i + 4 : FAIL;
  return numberEnd(u, i);
}

/** The end of a JSON number at i (strict grammar, leading zeros aside), or FAIL. */
function numberEnd(u: Uint8Array, i: number): number {
  if (u[i] === 0x2d) i++;
  const intStart = i;
  while ((u[i] as number) >= 0x30 && (u[i] as number) <= 0x39) i++;
  if (i === intStart) return FAIL;
  if (u[i] === 0x2e) {
    const fracStart = ++i;
    while ((u[i] as number) >= 0x30 && (u[i] as number) <= 0x39) i++;
    if (i === fracStart) return FAIL;
  }
  const e = u[i];
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = u[i];
    if (sign === 0x2b || sign === 0x2d) i++;
    const expStart = i;
    while ((u[i] as number) >= 0x30 && (u[i] as number) <= 0x39) i++;
    if (i === expStart) return FAIL;
  }
  return i;
}

const stack: number[] = [];

/** Deep nesting is left to the general scanner, which reports it (with the levels above, well within this). */
const FAST_NESTING = MAX_NESTING - 32;

function skipComposite(u: Uint8Array, s: string, i: number): number {
  const n = s.length;
  let depth = 0;
  while (i < n) {
    const d = u[i] as number;
    if (d === QUOTE) {
      i = stringEnd(u, s, i);
      if (i === FAIL) return FAIL;
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) {
      if (depth === FAST_NESTING) return FAIL;
      stack[depth++] = d;
    } else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
      if (depth === 0 || stack[depth - 1] !== (d === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) return FAIL;
      if (--depth === 0) return i + 1;
    }
    i++;
  }
  return FAIL;
}
