import { scanExportRequest } from './otlp-scan.js';
import type { LineContent } from './otlp-span.js';
import {
  FieldSlots,
  FORM_LIST,
  FORM_NUMBER,
  FORM_OTHER,
  FORM_STRING,
  KEYS_BY_LENGTH,
  SKIP,
  USAGE,
} from './otlp-fast-keys.js';
import { callOf, type SpanFields } from './span-attributes.js';

/**
 * Reads one line of bytes like `scanExportRequest(bytes.toString('utf8'))`, with the same result and errors.
 *
 * Most lines are written by one exporter in one layout: no whitespace, `{"key":"...","value":{...}}`
 * attributes, ASCII keys. The fast path reads that layout from a latin1 view of the bytes (a copy, no UTF-8
 * decoding: every JSON delimiter is ASCII and no byte of a multi-byte UTF-8 sequence is, so positions are byte
 * positions and the structure reads the same), looks at attribute keys in place instead of copying them, and
 * decodes only the strings the report keeps. Anything it does not expect (whitespace, escapes in a key, another
 * value shape, a syntax error, a line of the wrong shape) makes it give up on the line, and the general
 * scanner reads it from the UTF-8 text: one code path decides every error and every unusual line.
 */
export function scanExportRequestBytes(bytes: Buffer, start: number, end: number, out: LineContent): void {
  if (fastScanExportRequest(bytes.toString('latin1', start, end), out)) return;
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
 * The fast path alone, on the latin1 view of a line: true when it read the line (into `out`), false when the
 * line needs the general scanner (`out` is then as it was).
 */
export function fastScanExportRequest(line: string, out: LineContent): boolean {
  nextBackslash = -2;
  const calls = out.calls.length;
  const others = out.otherSpanEndMs.length;
  const ok = request(line, out) === line.length;
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
function keyEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== QUOTE) return FAIL;
  const q = s.indexOf('"', i + 1);
  return q !== -1 && s.charCodeAt(q + 1) === COLON ? q : FAIL;
}

function isKey(s: string, ks: number, ke: number, name: string): boolean {
  return ke - ks === name.length && s.startsWith(name, ks);
}

/** The export request: `{..., "resourceSpans":[...], ...}`; the index past it, or FAIL. */
function request(s: string, out: LineContent): number {
  if (s.charCodeAt(0) !== OPEN_BRACE) return FAIL;
  let i = 1;
  let found = false;
  for (;;) {
    const ke = keyEnd(s, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'resourceSpans')) {
      if (found || s.charCodeAt(i) !== OPEN_BRACKET) return FAIL;
      found = true;
      i = list(s, i, out, resourceSpans);
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(s, i);
    }
    if (i === FAIL) return FAIL;
    const d = s.charCodeAt(i++);
    if (d === COMMA) continue;
    return d === CLOSE_BRACE && found ? i : FAIL;
  }
}

/** An array whose every element is read by `element`. */
function list(s: string, i: number, out: LineContent, element: (s: string, i: number, out: LineContent) => number): number {
  i++; // [
  if (s.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = element(s, i, out);
    if (i === FAIL) return FAIL;
    const d = s.charCodeAt(i++);
    if (d === COMMA) continue;
    return d === CLOSE_BRACKET ? i : FAIL;
  }
}

function resourceSpans(s: string, i: number, out: LineContent): number {
  if (s.charCodeAt(i) !== OPEN_BRACE) return FAIL;
  i++;
  if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  let found = false;
  for (;;) {
    const ke = keyEnd(s, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'scopeSpans')) {
      if (found || s.charCodeAt(i) !== OPEN_BRACKET) return FAIL;
      found = true;
      i = list(s, i, out, scopeSpans);
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(s, i);
    }
    if (i === FAIL) return FAIL;
    const d = s.charCodeAt(i++);
    if (d === COMMA) continue;
    return d === CLOSE_BRACE ? i : FAIL;
  }
}

/** Set by `scope`: the scope's name starts with `@llmcost/`. */
let ownScope = false;

function scopeSpans(s: string, i: number, out: LineContent): number {
  if (s.charCodeAt(i) !== OPEN_BRACE) return FAIL;
  i++;
  if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  // The scope may follow the spans: calls are marked own/foreign when the object is complete.
  const first = out.calls.length;
  let own = false;
  let seenScope = false;
  let seenSpans = false;
  for (;;) {
    const ke = keyEnd(s, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'spans')) {
      if (seenSpans || s.charCodeAt(i) !== OPEN_BRACKET) return FAIL;
      seenSpans = true;
      i = list(s, i, out, span);
    } else if (isKey(s, ks, ke, 'scope')) {
      if (seenScope) return FAIL;
      seenScope = true;
      ownScope = false;
      i = s.charCodeAt(i) === OPEN_BRACE ? scope(s, i) : skipValue(s, i);
      own = ownScope;
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(s, i);
    }
    if (i === FAIL) return FAIL;
    const d = s.charCodeAt(i++);
    if (d === COMMA) continue;
    if (d !== CLOSE_BRACE) return FAIL;
    for (let k = first; k < out.calls.length; k++) out.calls[k]!.own = own;
    return i;
  }
}

function scope(s: string, i: number): number {
  i++;
  if (s.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  let seenName = false;
  for (;;) {
    const ke = keyEnd(s, i);
    if (ke === FAIL) return FAIL;
    const ks = i + 1;
    i = ke + 2;
    if (isKey(s, ks, ke, 'name')) {
      if (seenName) return FAIL;
      seenName = true;
      if (s.charCodeAt(i) === QUOTE) {
        const vs = i + 1;
        i = stringEnd(s, i);
        if (i === FAIL || hasBackslash(s, vs, i)) return FAIL;
        ownScope = s.startsWith('@llmcost/', vs) && i - 1 - vs >= 9;
      } else {
        i = skipValue(s, i);
      }
    } else {
      i = hasBackslash(s, ks, ke) ? FAIL : skipValue(s, i);
    }
    if (i === FAIL) return FAIL;
    const d = s.charCodeAt(i++);
    if (d === COMMA) continue;
    return d === CLOSE_BRACE ? i : FAIL;
  }
}

function span(s: string, i: number, out: LineContent): number {
  if (s.charCodeAt(i) !== OPEN_BRACE) return FAIL;
  i++;
  let traceStart = -1;
  let traceEnd = -1;
  let endMs = -1;
  let attributes = false;
  fields.reset();
  if (s.charCodeAt(i) !== CLOSE_BRACE) {
    for (;;) {
      const ke = keyEnd(s, i);
      if (ke === FAIL) return FAIL;
      const ks = i + 1;
      const len = ke - ks;
      i = ke + 2;
      if (len === 10 && s.startsWith('attributes', ks)) {
        if (attributes || s.charCodeAt(i) !== OPEN_BRACKET) return FAIL;
        attributes = true;
        i = attributeList(s, i);
      } else if (len === 15 && s.startsWith('endTimeUnixNano', ks)) {
        if (endMs !== -1) return FAIL;
        i = nanos(s, i);
        endMs = nanosMs;
      } else if (len === 7 && s.startsWith('traceId', ks)) {
        if (traceStart !== -1) return FAIL;
        traceStart = i;
        i = skipValue(s, i);
        traceEnd = i;
      } else {
        i = hasBackslash(s, ks, ke) ? FAIL : skipValue(s, i);
      }
      if (i === FAIL) return FAIL;
      const d = s.charCodeAt(i++);
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
  if (f.responseId !== undefined && s.charCodeAt(traceStart) === QUOTE) {
    fields.slot = SKIP;
    const id = decode(s, traceStart + 1, traceEnd - 1);
    if (id === undefined) return FAIL;
    traceId = id;
  }
  // `own` is set when the scope is known (scopeSpans).
  out.calls.push(callOf(f, traceId, endMs, false)!);
  return i;
}

/** Like `hasBackslash`, for a range before positions already asked about (the trace id is read late). */
function hasBackslashAnywhere(s: string, a: number, b: number): boolean {
  const k = s.indexOf('\\', a);
  return k !== -1 && k < b;
}

/** Set by `nanos`: the span end in ms. */
let nanosMs = -1;

/** Decimal nanoseconds in a string, as `nanosToMs` reads them; a bare number or anything else gives up. */
function nanos(s: string, i: number): number {
  if (s.charCodeAt(i) !== QUOTE) return FAIL;
  const start = i + 1;
  let k = start;
  for (;;) {
    const d = s.charCodeAt(k);
    if (d < 0x30 || d > 0x39) break;
    k++;
  }
  const len = k - start;
  if (s.charCodeAt(k) !== QUOTE || len === 0 || len > 20) return FAIL;
  // Whole milliseconds: at most 14 digits, exact in a double.
  let ms = 0;
  for (let j = start; j < k - 6; j++) ms = ms * 10 + (s.charCodeAt(j) - 0x30);
  nanosMs = ms;
  return k + 1;
}

/** `{"key":"`, spelled out so the JIT compiles it to a few compares. */
function isKeyMember(s: string, at: number): boolean {
  return (
    s.charCodeAt(at) === 0x7b &&
    s.charCodeAt(at + 1) === 0x22 &&
    s.charCodeAt(at + 2) === 0x6b &&
    s.charCodeAt(at + 3) === 0x65 &&
    s.charCodeAt(at + 4) === 0x79 &&
    s.charCodeAt(at + 5) === 0x22 &&
    s.charCodeAt(at + 6) === 0x3a &&
    s.charCodeAt(at + 7) === 0x22
  );
}

/** `","value":` */
function isValueMember(s: string, at: number): boolean {
  return (
    s.charCodeAt(at) === 0x22 &&
    s.charCodeAt(at + 1) === 0x2c &&
    s.charCodeAt(at + 2) === 0x22 &&
    s.charCodeAt(at + 3) === 0x76 &&
    s.charCodeAt(at + 4) === 0x61 &&
    s.charCodeAt(at + 5) === 0x6c &&
    s.charCodeAt(at + 6) === 0x75 &&
    s.charCodeAt(at + 7) === 0x65 &&
    s.charCodeAt(at + 8) === 0x22 &&
    s.charCodeAt(at + 9) === 0x3a
  );
}

/** `[{"key":"...","value":{...}}, ...]` into `fields`; keys are matched in place, unread values skipped. */
function attributeList(s: string, i: number): number {
  i++; // [
  if (s.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (!isKeyMember(s, i)) return FAIL;
    const ks = i + 8;
    const ke = s.indexOf('"', ks);
    if (ke === -1 || !isValueMember(s, ke)) return FAIL;
    i = ke + 10;
    const id = attributeId(s, ks, ke);
    if (id === SKIP) {
      if (hasBackslash(s, ks, ke)) return FAIL;
      // Most values are strings: past the closing quote in one indexOf, not character by character.
      if (s.charCodeAt(i) === OPEN_BRACE && s.charCodeAt(i + 1) === QUOTE && isStringValue(s, i) && s.charCodeAt(i + 15) === QUOTE) {
        i = stringEnd(s, i + 15);
        if (i === FAIL || s.charCodeAt(i) !== CLOSE_BRACE) return FAIL;
        i++;
      } else {
        i = skipValue(s, i);
      }
    } else {
      fields.slot = id;
      i = anyValue(s, i);
      if (i !== FAIL) fields.apply(id);
    }
    if (i === FAIL || s.charCodeAt(i) !== CLOSE_BRACE) return FAIL;
    const d = s.charCodeAt(i + 1);
    i += 2;
    if (d === COMMA) continue;
    return d === CLOSE_BRACKET ? i : FAIL;
  }
}

/** Which field the key s[ks, ke) feeds (see otlp-fast-keys.ts). */
function attributeId(s: string, ks: number, ke: number): number {
  const c0 = s.charCodeAt(ks);
  // g(en_ai.) l(lmcost.) u(ser.) e(rror.type) a(i.): the first letters of every key the report reads
  if (c0 !== 0x67 && c0 !== 0x6c && c0 !== 0x75 && c0 !== 0x65 && c0 !== 0x61) return SKIP;
  const candidates = KEYS_BY_LENGTH[ke - ks];
  if (candidates !== undefined) {
    for (let k = 0; k < candidates.length; k += 2) {
      if (s.startsWith(candidates[k] as string, ks)) return candidates[k + 1] as number;
    }
  }
  // An escaped key is not matched here: SKIP, and the caller gives up on the line.
  if (c0 === 0x67 && s.startsWith('gen_ai.usage.', ks) && !hasBackslash(s, ks, ke)) return USAGE;
  return SKIP;
}

/** `{"stringValue":` */
function isStringValue(s: string, at: number): boolean {
  return (
    s.charCodeAt(at + 2) === 0x73 &&
    s.charCodeAt(at + 3) === 0x74 &&
    s.charCodeAt(at + 4) === 0x72 &&
    s.charCodeAt(at + 5) === 0x69 &&
    s.charCodeAt(at + 6) === 0x6e &&
    s.charCodeAt(at + 7) === 0x67 &&
    s.charCodeAt(at + 8) === 0x56 &&
    s.charCodeAt(at + 9) === 0x61 &&
    s.charCodeAt(at + 10) === 0x6c &&
    s.charCodeAt(at + 11) === 0x75 &&
    s.charCodeAt(at + 12) === 0x65 &&
    s.charCodeAt(at + 13) === 0x22 &&
    s.charCodeAt(at + 14) === 0x3a
  );
}

/**
 * One AnyValue of a kept attribute, exactly `{"stringValue":"..."}`, `{"intValue":N|"N"}`,
 * `{"doubleValue":N|"N"}`, `{"boolValue":B}` or `{"arrayValue":{"values":[{"stringValue":"..."}, ...]}}`,
 * into `fields.form/str/num/list`; any other shape gives up on the line.
 */
function anyValue(s: string, i: number): number {
  if (s.charCodeAt(i) !== OPEN_BRACE || s.charCodeAt(i + 1) !== QUOTE) return FAIL;
  if (isStringValue(s, i)) {
    i = stringValue(s, i + 15);
    fields.form = FORM_STRING;
  } else if (s.startsWith('intValue":', i + 2)) {
    i = numberValue(s, i + 12);
  } else if (s.startsWith('doubleValue":', i + 2)) {
    i = numberValue(s, i + 15);
  } else if (s.startsWith('boolValue":', i + 2)) {
    i += 13;
    if (s.startsWith('true', i)) i += 4;
    else if (s.startsWith('false', i)) i += 5;
    else return FAIL;
    fields.form = FORM_OTHER;
  } else if (s.startsWith('arrayValue":{"values":[', i + 2)) {
    i = stringList(s, i + 25);
    if (i === FAIL || s.charCodeAt(i) !== CLOSE_BRACE) return FAIL;
    i++;
  } else {
    return FAIL;
  }
  if (i === FAIL || s.charCodeAt(i) !== CLOSE_BRACE) return FAIL;
  return i + 1;
}

/** At a string's opening quote: the string into `fields.str`. */
function stringValue(s: string, i: number): number {
  if (s.charCodeAt(i) !== QUOTE) return FAIL;
  const end = stringEnd(s, i);
  if (end === FAIL) return FAIL;
  const str = decode(s, i + 1, end - 1);
  if (str === undefined) return FAIL;
  fields.str = str;
  return end;
}

/** intValue / doubleValue: a JSON number, or a string read with Number() (readCall's `num`). */
function numberValue(s: string, i: number): number {
  let n: number;
  if (s.charCodeAt(i) === QUOTE) {
    i = stringValue(s, i);
    if (i === FAIL) return FAIL;
    n = Number(fields.str);
  } else {
    const start = i;
    i = numberEnd(s, i);
    if (i === FAIL) return FAIL;
    n = i - start <= 15 && isDigits(s, start, i) ? digits(s, start, i) : Number(s.slice(start, i));
  }
  fields.form = FORM_NUMBER;
  fields.num = Number.isFinite(n) && n >= 0 ? n : undefined;
  return i;
}

function isDigits(s: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const d = s.charCodeAt(k);
    if (d < 0x30 || d > 0x39) return false;
  }
  return true;
}

function digits(s: string, a: number, b: number): number {
  let n = 0;
  for (let k = a; k < b; k++) n = n * 10 + (s.charCodeAt(k) - 0x30);
  return n;
}

/** `{"stringValue":"..."}, ...]`: the distinct non-empty strings, in order (readCall's `strings`). */
function stringList(s: string, i: number): number {
  const list: string[] = [];
  if (s.charCodeAt(i) === CLOSE_BRACKET) {
    fields.form = FORM_LIST;
    fields.list = list;
    return i + 1;
  }
  for (;;) {
    if (s.charCodeAt(i) !== OPEN_BRACE || s.charCodeAt(i + 1) !== QUOTE || !isStringValue(s, i)) return FAIL;
    i = stringValue(s, i + 15);
    if (i === FAIL || s.charCodeAt(i) !== CLOSE_BRACE) return FAIL;
    const str = fields.str as string;
    if (str !== '' && !list.includes(str)) list.push(str);
    const d = s.charCodeAt(i + 1);
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
function decode(s: string, a: number, b: number): string | undefined {
  // The last plain string kept for this attribute, when it is the same: models, features and tiers repeat
  // from span to span, and one string object means one hash computed for the aggregator's maps.
  const last = fields.lastKept[fields.slot] as string;
  if (last.length === b - a && s.startsWith(last, a)) return last;
  for (let k = a; k < b; k++) {
    const d = s.charCodeAt(k);
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
function stringEnd(s: string, i: number): number {
  const start = i + 1;
  let q = s.indexOf('"', start);
  for (;;) {
    if (q === -1) return FAIL;
    if (s.charCodeAt(q - 1) !== BACKSLASH) return q + 1;
    // A quote preceded by an odd number of backslashes is escaped.
    let k = q - 1;
    while (k >= start && s.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    q = s.indexOf('"', q + 1);
  }
}

/** Skips one JSON value; inside objects and arrays only strings and brackets are checked (as Scanner does). */
function skipValue(s: string, i: number): number {
  const d = s.charCodeAt(i);
  if (d === QUOTE) return stringEnd(s, i);
  if (d === OPEN_BRACE || d === OPEN_BRACKET) return skipComposite(s, i);
  if (d === 0x74) return s.startsWith('true', i) ? i + 4 : FAIL;
  if (d === 0x66) return s.startsWith('false', i) ? i + 5 : FAIL;
  if (d === 0x6e) return s.startsWith('null', i) ? i + 4 : FAIL;
  return numberEnd(s, i);
}

/** The end of a JSON number at i (strict grammar, leading zeros aside), or FAIL. */
function numberEnd(s: string, i: number): number {
  if (s.charCodeAt(i) === 0x2d) i++;
  const intStart = i;
  while (s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === intStart) return FAIL;
  if (s.charCodeAt(i) === 0x2e) {
    const fracStart = ++i;
    while (s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (i === fracStart) return FAIL;
  }
  const e = s.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    const expStart = i;
    while (s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (i === expStart) return FAIL;
  }
  return i;
}

const stack: number[] = [];

function skipComposite(s: string, i: number): number {
  const n = s.length;
  let depth = 0;
  while (i < n) {
    const d = s.charCodeAt(i);
    if (d === QUOTE) {
      i = stringEnd(s, i);
      if (i === FAIL) return FAIL;
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) {
      stack[depth++] = d;
    } else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
      if (depth === 0 || stack[depth - 1] !== (d === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) return FAIL;
      if (--depth === 0) return i + 1;
    }
    i++;
  }
  return FAIL;
}
