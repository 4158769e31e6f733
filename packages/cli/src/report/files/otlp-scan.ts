export { JsonSyntaxError } from './json-scanner.js';

import type { CallRecord, SpanIds } from './call-record.js';
import { JsonSyntaxError, OPEN_BRACE, OPEN_BRACKET, QUOTE, Scanner } from './json-scanner.js';
import { endTimeProblem, type LineContent, LineShapeError, spanIdsOf } from './otlp-span.js';
import { type KeyValue, nanosToMs, readCall } from './span-attributes.js';

/**
 * Reads one OTLP/JSON export request like `readExportRequest(JSON.parse(line))`, with the same result and the
 * same errors, without building the objects nobody reads. JSON.parse materialises every attribute of every span
 * (three objects and two or three strings each), and that is most of its time; this scanner walks the text once,
 * skips values it does not need (strings with the native `indexOf`), and parses only a span's time, trace id
 * and the attributes the report uses. Keys may come in any order, as JSON allows. The grammar is checked in
 * full where the scanner reads; inside the values it skips (most of a line), only that strings terminate and
 * brackets balance and match, which is what tells a truncated or corrupted line. A line with the wrong shape
 * is checked for syntax by JSON.parse, so that a line that is not JSON at all is reported as such (after a
 * structural pass that bounds its nesting: JSON.parse of a line nested millions deep takes gigabytes).
 */
export function scanExportRequest(line: string, out: LineContent): void {
  try {
    scanRequest(line, out);
  } catch (err) {
    // Like JSON.parse first and the shape after: a line that is not JSON is reported as such, even when the
    // scan met a shape problem before the syntax error further on.
    if (err instanceof LineShapeError) {
      checkDepth(line);
      try {
        JSON.parse(line);
      } catch (syntax) {
        throw new JsonSyntaxError((syntax as Error).message);
      }
    }
    throw err;
  }
}

function checkDepth(line: string): void {
  const s = new Scanner(line);
  s.ws();
  try {
    s.skipValue();
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
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
    s.array(() => readResourceSpans(s, out, `resourceSpans[${r++}]`));
  });
  s.end();
  if (!found) throw new LineShapeError('no resourceSpans array: not an OTLP/JSON trace export request');
}

/**
 * One element of a list, skipped whole when malformed: `read` returns the problem (its message) after reading
 * the element to its end, and the element's calls are taken back. Reading on after a problem (rather than
 * throwing) keeps the grammar checks of the rest of the line, exactly as JSON.parse would apply them.
 */
function element(out: LineContent, read: () => string | undefined): void {
  const calls = out.calls.length;
  const others = out.otherSpanEndMs.length;
  const skipped = out.skipped.length;
  const problem = read();
  if (problem === undefined) return;
  out.calls.length = calls;
  out.otherSpanEndMs.length = others;
  out.skipped.length = skipped;
  out.skipped.push(problem);
}

function readResourceSpans(s: Scanner, out: LineContent, where: string): void {
  element(out, () => {
    if (s.peek() !== OPEN_BRACE) {
      s.skipValue();
      return `${where} is not an object`;
    }
    let problem: string | undefined;
    s.object((key) => {
      if (key !== 'scopeSpans') return s.skipValue();
      if (s.peek() !== OPEN_BRACKET) {
        s.skipValue();
        problem ??= `${where}.scopeSpans is not an array`;
        return;
      }
      let i = 0;
      s.array(() => readScopeSpans(s, out, `${where}.scopeSpans[${i++}]`));
    });
    return problem;
  });
}

function readScopeSpans(s: Scanner, out: LineContent, where: string): void {
  element(out, () => {
    if (s.peek() !== OPEN_BRACE) {
      s.skipValue();
      return `${where} is not an object`;
    }
    // The scope may follow the spans: calls are marked own/foreign when the object is complete.
    const first = out.calls.length;
    let own = false;
    let problem: string | undefined;
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
      if (s.peek() !== OPEN_BRACKET) {
        s.skipValue();
        problem ??= `${where}.spans is not an array`;
        return;
      }
      let i = 0;
      s.array(() => readSpan(s, out, `${where}.spans[${i++}]`));
    });
    for (let c = first; c < out.calls.length; c++) (out.calls[c] as CallRecord).own = own;
    return problem;
  });
}

const ids: SpanIds = { hasId: false, idHi: 0, idLo: 0, hasParent: false, parentHi: 0, parentLo: 0 };

function readSpan(s: Scanner, out: LineContent, where: string): void {
  element(out, () => {
    if (s.peek() !== OPEN_BRACE) {
      s.skipValue();
      return `${where} is not an object`;
    }
    let traceId: string | undefined;
    let spanId: string | undefined;
    let parentSpanId: string | undefined;
    let end: unknown;
    let attributes: KeyValue[] | undefined;
    let badAttributes = false;
    const id = () => {
      if (s.peek() === QUOTE) return s.string();
      s.skipValue();
      return undefined;
    };
    s.object((key) => {
      switch (key) {
        case 'traceId':
          traceId = id();
          return;
        case 'spanId':
          spanId = id();
          return;
        case 'parentSpanId':
          parentSpanId = id();
          return;
        case 'endTimeUnixNano':
          end = s.value();
          return;
        case 'attributes':
          if (s.peek() !== OPEN_BRACKET) {
            s.skipValue();
            badAttributes = true;
            attributes = undefined;
            return;
          }
          badAttributes = false;
          attributes = [];
          s.attributes(attributes);
          return;
        default:
          s.skipValue();
      }
    });
    // Checked in the order the reference reader checks them (otlp-span.ts), whatever the members' order.
    const endMs = nanosToMs(end);
    if (endMs === undefined) return endTimeProblem(where, end);
    if (badAttributes) return `${where}.attributes is not an array`;
    let call: CallRecord | undefined;
    if (attributes !== undefined) {
      spanIdsOf(traceId, spanId, parentSpanId, ids);
      call = readCall(attributes, traceId ?? '', ids, endMs, false);
    }
    if (call) out.calls.push(call);
    else out.otherSpanEndMs.push(endMs);
    return undefined;
  });
}
