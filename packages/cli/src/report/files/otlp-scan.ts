import type { CallRecord } from './call-record.js';
import { type LineContent, LineShapeError } from './otlp-span.js';
import { type AnyValue, isReportKey, type KeyValue, nanosToMs, readCall } from './span-attributes.js';

/** A line that is not valid JSON; the message says where. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Reads one OTLP/JSON export request like `readExportRequest(JSON.parse(line))`, with the same result and the
 * same errors, without building the objects nobody reads. JSON.parse materialises every attribute of every span
 * (three objects and two or three strings each), and that is most of its time; this scanner walks the text once,
 * skips values it does not need (strings with the native `indexOf`), and parses only a span's time, trace id
 * and the attributes the report uses. Keys may come in any order, as JSON allows. The grammar is checked in
 * full where the scanner reads; inside the values it skips (most of a line), only that strings terminate and
 * brackets balance and match, which is what tells a truncated or corrupted line. A line with the wrong shape
 * is parsed again with JSON.parse, so that a line that is not JSON at all is reported as such.
 */
export function scanExportRequest(line: string, out: LineContent): void {
  try {
    scanRequest(line, out);
  } catch (err) {
    // Like JSON.parse first and the shape after: a line that is not JSON is reported as such, even when the
    // scan met a shape problem before the syntax error further on.
    if (err instanceof LineShapeError) {
      try {
        JSON.parse(line);
      } catch (syntax) {
        throw new JsonSyntaxError((syntax as Error).message);
      }
    }
    throw err;
  }
}

function scanRequest(line: string, out: LineContent): void {
  const s = new Scanner(line);
  s.ws();
  if (s.peek() !== OPEN_BRACE) {
    s.skipValue();
    s.end();
    throw new LineShapeError('no resourceSpans array: not an OTLP/JSON trace export request');
  }
  let found = false;
  s.object((key) => {
    if (key !== 'resourceSpans' || s.peek() !== OPEN_BRACKET) return s.skipValue();
    found = true;
    let r = 0;
    s.array(() => readResourceSpans(s, out, r++));
  });
  s.end();
  if (!found) throw new LineShapeError('no resourceSpans array: not an OTLP/JSON trace export request');
}

function readResourceSpans(s: Scanner, out: LineContent, r: number): void {
  const where = `resourceSpans[${r}]`;
  if (s.peek() !== OPEN_BRACE) throw s.shape(`${where} is not an object`);
  s.object((key) => {
    if (key !== 'scopeSpans') return s.skipValue();
    if (s.peek() !== OPEN_BRACKET) throw s.shape(`${where}.scopeSpans is not an array`);
    let i = 0;
    s.array(() => readScopeSpans(s, out, `${where}.scopeSpans[${i++}]`));
  });
}

function readScopeSpans(s: Scanner, out: LineContent, where: string): void {
  if (s.peek() !== OPEN_BRACE) throw s.shape(`${where} is not an object`);
  // The scope may follow the spans: calls are marked own/foreign when the object is complete.
  const first = out.calls.length;
  let own = false;
  s.object((key) => {
    if (key === 'scope') {
      if (s.peek() !== OPEN_BRACE) return s.skipValue();
      s.object((k) => {
        if (k !== 'name' || s.peek() !== QUOTE) return s.skipValue();
        own = s.string().startsWith('@llmcost/');
      });
      return;
    }
    if (key !== 'spans') return s.skipValue();
    if (s.peek() !== OPEN_BRACKET) throw s.shape(`${where}.spans is not an array`);
    let i = 0;
    s.array(() => readSpan(s, out, `${where}.spans[${i++}]`));
  });
  for (let c = first; c < out.calls.length; c++) (out.calls[c] as CallRecord).own = own;
}

function readSpan(s: Scanner, out: LineContent, where: string): void {
  if (s.peek() !== OPEN_BRACE) throw s.shape(`${where} is not an object`);
  let traceId = '';
  let end: unknown;
  let attributes: KeyValue[] | undefined;
  s.object((key) => {
    switch (key) {
      case 'traceId':
        if (s.peek() === QUOTE) traceId = s.string();
        else s.skipValue();
        return;
      case 'endTimeUnixNano':
        end = s.value();
        return;
      case 'attributes':
        if (s.peek() !== OPEN_BRACKET) throw s.shape(`${where}.attributes is not an array`);
        attributes = [];
        s.attributes(attributes);
        return;
      default:
        s.skipValue();
    }
  });
  const endMs = nanosToMs(end);
  if (endMs === undefined) {
    throw s.shape(`${where}.endTimeUnixNano is ${JSON.stringify(end)}, expected decimal nanoseconds`);
  }
  const call = attributes === undefined ? undefined : readCall(attributes, traceId, endMs, false);
  if (call) out.calls.push(call);
  else out.otherSpanEndMs.push(endMs);
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

class Scanner {
  readonly #s: string;
  #i = 0;
  /** Index of the next backslash at or after the last string start (-1: none left), found once per stretch. */
  #nextBackslash = -2;
  readonly #stack: number[] = [];

  constructor(text: string) {
    this.#s = text;
  }

  peek(): number {
    return this.#s.charCodeAt(this.#i);
  }

  shape(message: string): LineShapeError {
    return new LineShapeError(message);
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

  /** Calls `member(key)` with the scanner at each member's value; the callback must consume the value. */
  object(member: (key: string) => void): void {
    this.#i++; // {
    this.ws();
    if (this.peek() === CLOSE_BRACE) {
      this.#i++;
      this.ws();
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
  }

  /** Calls `item()` with the scanner at each element; the callback must consume it. */
  array(item: () => void): void {
    this.#i++; // [
    this.ws();
    if (this.peek() === CLOSE_BRACKET) {
      this.#i++;
      this.ws();
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
  }

  /**
   * An attribute list, `[{"key":"...","value":{...}}, ...]`, keeping the attributes the report reads. The
   * layout every OTLP/JSON writer uses (key first, no whitespace) takes a fast path that looks at the key
   * without copying it and skips the usual `{"stringValue":"..."}` value with one `indexOf`; anything else
   * goes through the general member-by-member path.
   */
  attributes(into: KeyValue[]): void {
    const s = this.#s;
    this.#i++; // [
    this.ws();
    if (this.peek() === CLOSE_BRACKET) {
      this.#i++;
      this.ws();
      return;
    }
    for (;;) {
      if (!this.#fastAttribute(into)) readAttribute(this, into);
      this.ws();
      const c = s.charCodeAt(this.#i);
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
  }

  #fastAttribute(into: KeyValue[]): boolean {
    const s = this.#s;
    const at = this.#i;
    if (!s.startsWith('{"key":"', at)) return false;
    const keyStart = at + 8;
    const q = s.indexOf('"', keyStart);
    if (q === -1 || s.charCodeAt(q - 1) === BACKSLASH || !s.startsWith('","value":', q)) return false;
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
    if (s.startsWith('{"stringValue":"', this.#i)) {
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

  /** An AnyValue: `{"stringValue":"..."}` and `{"intValue":...}` directly, anything else generically. */
  #anyValue(): AnyValue {
    const s = this.#s;
    const at = this.#i;
    if (s.startsWith('{"stringValue":"', at)) {
      this.#i = at + 15;
      const stringValue = this.string();
      if (s.charCodeAt(this.#i) === CLOSE_BRACE) {
        this.#i++;
        return { stringValue };
      }
    } else if (s.startsWith('{"intValue":', at)) {
      this.#i = at + 12;
      const intValue = this.peek() === QUOTE ? this.string() : this.#scalar();
      if (
        s.charCodeAt(this.#i) === CLOSE_BRACE &&
        (typeof intValue === 'string' || typeof intValue === 'number')
      ) {
        this.#i++;
        return { intValue };
      }
    }
    this.#i = at;
    return this.value() as AnyValue;
  }

  /** The end of the string starting at the current quote (index of its closing quote); moves past it. */
  #stringEnd(): { start: number; end: number; escaped: boolean } {
    const s = this.#s;
    const start = this.#i + 1;
    let escaped = false;
    let q = s.indexOf('"', start);
    for (;;) {
      if (q === -1) {
        this.#i = s.length;
        throw this.fail('unterminated string');
      }
      // A quote preceded by an odd number of backslashes is escaped.
      let b = q - 1;
      while (b >= start && s.charCodeAt(b) === BACKSLASH) b--;
      if ((q - 1 - b) % 2 === 0) break;
      escaped = true;
      q = s.indexOf('"', q + 1);
    }
    if (!escaped) {
      if (this.#nextBackslash !== -1 && this.#nextBackslash < start)
        this.#nextBackslash = s.indexOf('\\', start);
      escaped = this.#nextBackslash !== -1 && this.#nextBackslash < q;
    }
    this.#i = q + 1;
    return { start, end: q, escaped };
  }

  string(): string {
    const { start, end, escaped } = this.#stringEnd();
    const raw = this.#s.slice(start, end);
    if (!escaped) return raw;
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
