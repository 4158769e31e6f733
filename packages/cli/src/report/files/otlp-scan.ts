export { JsonSyntaxError } from './json-scanner.js';

import type { CallRecord } from './call-record.js';
import { JsonSyntaxError, OPEN_BRACE, OPEN_BRACKET, QUOTE, Scanner } from './json-scanner.js';
import { type LineContent, LineShapeError } from './otlp-span.js';
import { type KeyValue, nanosToMs, readCall } from './span-attributes.js';

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
  if (s.peek() !== OPEN_BRACE) throw new LineShapeError(`${where} is not an object`);
  s.object((key) => {
    if (key !== 'scopeSpans') return s.skipValue();
    if (s.peek() !== OPEN_BRACKET) throw new LineShapeError(`${where}.scopeSpans is not an array`);
    let i = 0;
    s.array(() => readScopeSpans(s, out, `${where}.scopeSpans[${i++}]`));
  });
}

function readScopeSpans(s: Scanner, out: LineContent, where: string): void {
  if (s.peek() !== OPEN_BRACE) throw new LineShapeError(`${where} is not an object`);
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
    if (s.peek() !== OPEN_BRACKET) throw new LineShapeError(`${where}.spans is not an array`);
    let i = 0;
    s.array(() => readSpan(s, out, `${where}.spans[${i++}]`));
  });
  for (let c = first; c < out.calls.length; c++) (out.calls[c] as CallRecord).own = own;
}

function readSpan(s: Scanner, out: LineContent, where: string): void {
  if (s.peek() !== OPEN_BRACE) throw new LineShapeError(`${where} is not an object`);
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
        if (s.peek() !== OPEN_BRACKET) throw new LineShapeError(`${where}.attributes is not an array`);
        attributes = [];
        s.attributes(attributes);
        return;
      default:
        s.skipValue();
    }
  });
  const endMs = nanosToMs(end);
  if (endMs === undefined) {
    throw new LineShapeError(
      `${where}.endTimeUnixNano is ${JSON.stringify(end)}, expected decimal nanoseconds`,
    );
  }
  const call = attributes === undefined ? undefined : readCall(attributes, traceId, endMs, false);
  if (call) out.calls.push(call);
  else out.otherSpanEndMs.push(endMs);
}
