import type { CallRecord, SpanIds } from './call-record.js';
import { nanosToMs, readCall } from './span-attributes.js';
import { type Fingerprint, fingerprintOf } from './span-identity.js';

/** A line that is JSON but not a usable export request; the message names the field. */
export class LineShapeError extends Error {
  override name = 'LineShapeError';
}

/** What one export request (one line) holds: the LLM calls, the end times of every other span, and what was
 * skipped because it was malformed (each a message naming the element, e.g. `resourceSpans[0]...spans[3]`). */
export interface LineContent {
  calls: CallRecord[];
  otherSpanEndMs: number[];
  skipped: string[];
}

export function emptyLineContent(): LineContent {
  return { calls: [], otherSpanEndMs: [], skipped: [] };
}

/**
 * Reads one OTLP/JSON ExportTraceServiceRequest (protojson mapping: lowerCamelCase keys, 64-bit integers as
 * decimal strings, though the JS exporter writes small ones as numbers; empty lists may be omitted), as the
 * collector `file` exporter writes it: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * Throws LineShapeError when the line is not an export request at all (no `resourceSpans` array). A malformed
 * element inside it (a span, a scopeSpans or resourceSpans entry) is skipped whole, named in `out.skipped`,
 * and the rest of the line is read: one bad span does not cost the other spans of its batch.
 *
 * This is the plain reference reader over `JSON.parse` output. The report reads lines with the faster
 * `scanExportRequest` (otlp-scan.ts), which must return exactly what this one does (report-files-scan.test.ts).
 */
export function readExportRequest(request: unknown, out: LineContent): void {
  const resourceSpans = isObject(request) ? request.resourceSpans : undefined;
  if (!Array.isArray(resourceSpans)) {
    throw new LineShapeError('no resourceSpans array: not an OTLP/JSON trace export request');
  }
  for (let r = 0; r < resourceSpans.length; r++) {
    skippable(out, () => {
      const where = `resourceSpans[${r}]`;
      const scopeSpans = listField(resourceSpans[r], 'scopeSpans', where);
      for (let s = 0; s < scopeSpans.length; s++) {
        skippable(out, () => {
          const scopeWhere = `${where}.scopeSpans[${s}]`;
          const spans = listField(scopeSpans[s], 'spans', scopeWhere);
          const own = isOwnScope((scopeSpans[s] as Record<string, unknown>).scope);
          for (let i = 0; i < spans.length; i++) {
            skippable(out, () => readSpan(spans[i], own, out, `${scopeWhere}.spans[${i}]`));
          }
        });
      }
    });
  }
}

/** Runs `read` for one element; on a LineShapeError the element's calls are taken back and it is skipped. */
function skippable(out: LineContent, read: () => void): void {
  const calls = out.calls.length;
  const others = out.otherSpanEndMs.length;
  const skipped = out.skipped.length;
  try {
    read();
  } catch (err) {
    if (!(err instanceof LineShapeError)) throw err;
    out.calls.length = calls;
    out.otherSpanEndMs.length = others;
    out.skipped.length = skipped;
    out.skipped.push(err.message);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isOwnScope(scope: unknown): boolean {
  const name = isObject(scope) ? scope.name : undefined;
  return typeof name === 'string' && name.startsWith('@llmcost/');
}

function listField(parent: unknown, field: string, where: string): unknown[] {
  if (!isObject(parent)) throw new LineShapeError(`${where} is not an object`);
  const list = parent[field];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new LineShapeError(`${where}.${field} is not an array`);
  return list;
}

/** The message for a span end time that is not decimal nanoseconds (the value cut short: it may be huge). */
export function endTimeProblem(where: string, value: unknown): string {
  const text = JSON.stringify(value) ?? 'missing';
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return `${where}.endTimeUnixNano is ${shown}, expected decimal nanoseconds`;
}

const scratch: Fingerprint = { hi: 0, lo: 0 };

/** The span's ids as fingerprints: both need a trace id; empty or non-string ids are absent. */
export function spanIdsOf(traceId: unknown, spanId: unknown, parentSpanId: unknown, ids: SpanIds): void {
  ids.hasId = false;
  ids.hasParent = false;
  ids.idHi = ids.idLo = ids.parentHi = ids.parentLo = 0;
  if (typeof traceId !== 'string' || traceId === '') return;
  if (typeof spanId === 'string' && spanId !== '') {
    fingerprintOf(traceId, spanId, scratch);
    ids.hasId = true;
    ids.idHi = scratch.hi;
    ids.idLo = scratch.lo;
  }
  if (typeof parentSpanId === 'string' && parentSpanId !== '') {
    fingerprintOf(traceId, parentSpanId, scratch);
    ids.hasParent = true;
    ids.parentHi = scratch.hi;
    ids.parentLo = scratch.lo;
  }
}

const ids: SpanIds = { hasId: false, idHi: 0, idLo: 0, hasParent: false, parentHi: 0, parentLo: 0 };

function readSpan(span: unknown, own: boolean, out: LineContent, where: string): void {
  if (!isObject(span)) throw new LineShapeError(`${where} is not an object`);
  const endMs = nanosToMs(span.endTimeUnixNano);
  if (endMs === undefined) {
    throw new LineShapeError(endTimeProblem(where, span.endTimeUnixNano));
  }
  const attributes = span.attributes;
  if (attributes !== undefined && !Array.isArray(attributes)) {
    throw new LineShapeError(`${where}.attributes is not an array`);
  }
  let call: CallRecord | undefined;
  if (attributes !== undefined) {
    spanIdsOf(span.traceId, span.spanId, span.parentSpanId, ids);
    const traceId = typeof span.traceId === 'string' ? span.traceId : '';
    call = readCall(attributes, traceId, ids, endMs, own);
  }
  if (call) out.calls.push(call);
  else out.otherSpanEndMs.push(endMs);
}
