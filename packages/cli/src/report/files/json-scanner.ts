import { type AnyValue, isReportKey, type KeyValue } from './span-attributes.js';

/** A line that is not valid JSON; the message says where. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

/**
 * Objects and arrays nested deeper than this end the line's reading. An export request is about 15 levels
 * deep (a few more per nested attribute value); a line nested millions deep is an attack or a corruption, and
 * reading it into objects (JSON.parse) takes gigabytes and minutes.
 */
export const MAX_NESTING = 256;

/** A line nested deeper than MAX_NESTING: skipped without being parsed. */
export class NestingTooDeepError extends Error {
  override name = 'NestingTooDeepError';
  constructor() {
    super(`nested deeper than ${MAX_NESTING} levels: not an OTLP/JSON export request, not read`);
  }
}

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

// Member prefixes of the OTLP/JSON attribute shape. This scanner is the general path; the hot path for
// well-formed lines is the byte-level otlp-fast-scan.ts, so plain startsWith is fast enough here.
const KEY_MEMBER = '{"key":"';
const VALUE_MEMBER = '","value":';
const STRING_VALUE = '{"stringValue":"';
const INT_VALUE = '{"intValue":';
const DOUBLE_VALUE = '{"doubleValue":';

const isKeyMember = (s: string, at: number): boolean => s.startsWith(KEY_MEMBER, at);
const isValueMember = (s: string, at: number): boolean => s.startsWith(VALUE_MEMBER, at);
const isStringValue = (s: string, at: number): boolean => s.startsWith(STRING_VALUE, at);
const isIntValue = (s: string, at: number): boolean => s.startsWith(INT_VALUE, at);
const isDoubleValue = (s: string, at: number): boolean => s.startsWith(DOUBLE_VALUE, at);

/**
 * A one-pass JSON scanner over a line of text: reads the values asked for, skips the rest without building
 * them. Its `attributes()` knows the OTLP attribute-list layout (see there).
 */
export class Scanner {
  readonly #s: string;
  #i = 0;
  /** Index of the next backslash at or after the last string start (-1: none left), found once per stretch. */
  #nextBackslash = -2;
  readonly #stack: number[] = [];
  /** Objects and arrays open around the current position. */
  #depth = 0;

  constructor(text: string) {
    this.#s = text;
  }

  peek(): number {
    return this.#s.charCodeAt(this.#i);
  }

  fail(what: string): JsonSyntaxError {
    const at = this.#i >= this.#s.length ? 'end of line' : `'${this.#s[this.#i]}' at position ${this.#i}`;
    return new JsonSyntaxError(`${what}, found ${at}`);
  }

  ws(): void {
    const s = this.#s;
    let i = this.#i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.#i = i;
  }

  end(): void {
    this.ws();
    if (this.#i !== this.#s.length) throw this.fail('unexpected text after the JSON value');
  }

  #enter(): void {
    if (++this.#depth > MAX_NESTING) throw new NestingTooDeepError();
  }

  /** Calls `member(key)` with the scanner at each member's value; the callback must consume the value. */
  object(member: (key: string) => void): void {
    this.#enter();
    this.#i++; // {
    this.ws();
    if (this.peek() === CLOSE_BRACE) {
      this.#i++;
      this.ws();
      this.#depth--;
      return;
    }
    for (;;) {
      if (this.peek() !== QUOTE) throw this.fail('expected a member name');
      const key = this.string();
      this.ws();
      if (this.peek() !== COLON) throw this.fail("expected ':'");
      this.#i++;
      this.ws();
      member(key);
      this.ws();
      const c = this.peek();
      this.#i++;
      if (c === COMMA) {
        this.ws();
        continue;
      }
      if (c === CLOSE_BRACE) break;
      this.#i--;
      throw this.fail("expected ',' or '}'");
    }
    this.ws();
    this.#depth--;
  }

  /** Calls `item()` with the scanner at each element; the callback must consume it. */
  array(item: () => void): void {
    this.#enter();
    this.#i++; // [
    this.ws();
    if (this.peek() === CLOSE_BRACKET) {
      this.#i++;
      this.ws();
      this.#depth--;
      return;
    }
    for (;;) {
      item();
      this.ws();
      const c = this.peek();
      this.#i++;
      if (c === COMMA) {
        this.ws();
        continue;
      }
      if (c === CLOSE_BRACKET) break;
      this.#i--;
      throw this.fail("expected ',' or ']'");
    }
    this.ws();
    this.#depth--;
  }

  /**
   * An attribute list, `[{"key":"...","value":{...}}, ...]`, keeping the attributes the report reads. The
   * layout every OTLP/JSON writer uses (key first, no whitespace) takes a fast path that looks at the key
   * without copying it and skips the usual `{"stringValue":"..."}` value with one `indexOf`; anything else
   * goes through the general member-by-member path.
   */
  attributes(into: KeyValue[]): void {
    const s = this.#s;
    this.#enter();
    this.#i++; // [
    this.ws();
    if (this.peek() === CLOSE_BRACKET) {
      this.#i++;
      this.ws();
      this.#depth--;
      return;
    }
    for (;;) {
      if (!this.#fastAttribute(into)) readAttribute(this, into);
      let c = s.charCodeAt(this.#i);
      if (c <= 0x20) {
        this.ws();
        c = s.charCodeAt(this.#i);
      }
      this.#i++;
      if (c === COMMA) {
        if (s.charCodeAt(this.#i) <= 0x20) this.ws();
        continue;
      }
      if (c === CLOSE_BRACKET) break;
      this.#i--;
      throw this.fail("expected ',' or ']'");
    }
    this.ws();
    this.#depth--;
  }

  #fastAttribute(into: KeyValue[]): boolean {
    const s = this.#s;
    const at = this.#i;
    if (!isKeyMember(s, at)) return false;
    const keyStart = at + 8;
    const q = s.indexOf('"', keyStart);
    // An escaped key is decoded by the general path before it is matched.
    if (q === -1 || this.#backslashIn(keyStart, q) || !isValueMember(s, q)) return false;
    this.#i = q + 10;
    const c0 = s.charCodeAt(keyStart);
    // g(en_ai.) l(lmcost.) u(ser.) e(rror.type) a(i.): the first letters of every key the report reads
    if (c0 === 0x67 || c0 === 0x6c || c0 === 0x75 || c0 === 0x65 || c0 === 0x61) {
      const key = s.slice(keyStart, q);
      if (isReportKey(key)) {
        const value = this.#anyValue();
        if (s.charCodeAt(this.#i) !== CLOSE_BRACE) {
          this.#i = at;
          return false;
        }
        this.#i++;
        into.push({ key, value });
        return true;
      }
    }
    if (isStringValue(s, this.#i)) {
      this.#i += 15;
      this.#stringEnd();
      if (s.charCodeAt(this.#i) !== CLOSE_BRACE) {
        this.#i = at;
        return false;
      }
      this.#i++;
    } else {
      this.skipValue();
    }
    if (s.charCodeAt(this.#i) !== CLOSE_BRACE) {
      this.#i = at;
      return false;
    }
    this.#i++;
    return true;
  }

  /** Whether s[a, b) holds a backslash; `a` does not decrease between calls (see #nextBackslash). */
  #backslashIn(a: number, b: number): boolean {
    if (this.#nextBackslash !== -1 && this.#nextBackslash < a) this.#nextBackslash = this.#s.indexOf('\\', a);
    return this.#nextBackslash !== -1 && this.#nextBackslash < b;
  }

  /** An AnyValue: `{"stringValue":"..."}` and `{"intValue":...}` directly, anything else generically. */
  #anyValue(): AnyValue {
    const s = this.#s;
    const at = this.#i;
    if (isStringValue(s, at)) {
      this.#i = at + 15;
      const stringValue = this.string();
      if (s.charCodeAt(this.#i) === CLOSE_BRACE) {
        this.#i++;
        return { stringValue };
      }
    } else if (isIntValue(s, at) || isDoubleValue(s, at)) {
      const int = s.charCodeAt(at + 2) === 0x69;
      this.#i = at + (int ? 12 : 15);
      const n = this.peek() === QUOTE ? this.string() : this.#scalar();
      if (s.charCodeAt(this.#i) === CLOSE_BRACE && (typeof n === 'string' || typeof n === 'number')) {
        this.#i++;
        return int ? { intValue: n } : { doubleValue: n };
      }
    }
    this.#i = at;
    return this.value() as AnyValue;
  }

  /** The end of the string starting at the current quote (index of its closing quote); moves past it. */
  /** Moves past the string starting at the current quote; returns the index of its closing quote. */
  #stringEnd(): number {
    const s = this.#s;
    const start = this.#i + 1;
    let q = s.indexOf('"', start);
    for (;;) {
      if (q === -1) {
        this.#i = s.length;
        throw this.fail('unterminated string');
      }
      if (s.charCodeAt(q - 1) !== BACKSLASH) break;
      // A quote preceded by an odd number of backslashes is escaped.
      let b = q - 1;
      while (b >= start && s.charCodeAt(b) === BACKSLASH) b--;
      if ((q - 1 - b) % 2 === 0) break;
      q = s.indexOf('"', q + 1);
    }
    this.#i = q + 1;
    return q;
  }

  string(): string {
    const s = this.#s;
    const start = this.#i + 1;
    const end = this.#stringEnd();
    const raw = s.slice(start, end);
    if (this.#nextBackslash !== -1 && this.#nextBackslash < start)
      this.#nextBackslash = s.indexOf('\\', start);
    if (this.#nextBackslash === -1 || this.#nextBackslash >= end) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      this.#i = start;
      throw this.fail('invalid escape in string');
    }
  }

  /** Skips one JSON value of any kind. */
  skipValue(): void {
    const c = this.peek();
    if (c === QUOTE) {
      this.#stringEnd();
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.#skipComposite();
    } else {
      this.#scalar();
    }
  }

  /**
   * Skips an object or array in one loop: strings are jumped over with `indexOf`, brackets are matched by kind
   * on a small stack. Inside a skipped value only that is checked (terminated strings, balanced and matching
   * brackets), not the full grammar: enough to find where the value ends, and to reject a truncated line.
   */
  #skipComposite(): void {
    const s = this.#s;
    const n = s.length;
    const stack = this.#stack;
    const limit = MAX_NESTING - this.#depth;
    let depth = 0;
    let i = this.#i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.#i = i;
        this.#stringEnd();
        i = this.#i;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (depth === limit) throw new NestingTooDeepError();
        stack[depth++] = c;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (depth === 0 || stack[depth - 1] !== (c === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) {
          this.#i = i;
          throw this.fail('mismatched bracket');
        }
        depth--;
        if (depth === 0) {
          this.#i = i + 1;
          return;
        }
      }
      i++;
    }
    this.#i = n;
    throw this.fail('unterminated object or array');
  }

  /** One JSON value as a JS value (used only for the few values the report reads). */
  value(): unknown {
    const c = this.peek();
    if (c === QUOTE) return this.string();
    if (c === OPEN_BRACE) {
      const obj: Record<string, unknown> = {};
      this.object((key) => {
        obj[key] = this.value();
      });
      return obj;
    }
    if (c === OPEN_BRACKET) {
      const list: unknown[] = [];
      this.array(() => {
        list.push(this.value());
      });
      return list;
    }
    return this.#scalar();
  }

  /** true, false, null or a number. */
  #scalar(): unknown {
    const s = this.#s;
    const start = this.#i;
    if (s.startsWith('true', start)) {
      this.#i += 4;
      return true;
    }
    if (s.startsWith('false', start)) {
      this.#i += 5;
      return false;
    }
    if (s.startsWith('null', start)) {
      this.#i += 4;
      return null;
    }
    let i = start;
    for (;;) {
      const c = s.charCodeAt(i);
      // digits, '-', '+', '.', 'e', 'E'
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) i++;
      else break;
    }
    if (i === start) throw this.fail('expected a JSON value');
    const n = Number(s.slice(start, i));
    if (Number.isNaN(n)) throw this.fail('invalid number');
    this.#i = i;
    return n;
  }
}

/** Keeps the attribute only if the report reads its key. */
function readAttribute(s: Scanner, into: KeyValue[]): void {
  if (s.peek() !== OPEN_BRACE) {
    s.skipValue();
    return;
  }
  let key: string | undefined;
  let value: unknown;
  let wanted = false;
  s.object((k) => {
    if (k === 'key' && s.peek() === QUOTE) {
      key = s.string();
      wanted = isReportKey(key);
    } else if (k === 'value' && (key === undefined || wanted)) {
      // Parsed when the key is known to matter, or not known yet (a writer that puts the value first).
      value = s.value();
    } else {
      s.skipValue();
    }
  });
  if (key !== undefined && isReportKey(key)) into.push({ key, value: value as AnyValue | undefined });
}
