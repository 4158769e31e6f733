import type { CallRecord } from './call-record.js';
import { nanosToMs, readCall } from './span-attributes.js';

/** A line that is JSON but not a usable export request; the message names the field. */
export class LineShapeError extends Error {
  override name = 'LineShapeError';
}

/** What one export request (one line) holds: the LLM calls, and the end times of every other span. */
export interface LineContent {
  calls: CallRecord[];
  otherSpanEndMs: number[];
}

/**
 * Reads one OTLP/JSON ExportTraceServiceRequest (protojson mapping: lowerCamelCase keys, 64-bit integers as
 * decimal strings, though the JS exporter writes small ones as numbers; empty lists may be omitted), as the
 * collector `file` exporter writes it: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 * Throws LineShapeError on the first thing that is not that shape, so a line is used whole or not at all.
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
    const scopeSpans = listField(resourceSpans[r], 'scopeSpans', `resourceSpans[${r}]`);
    for (let s = 0; s < scopeSpans.length; s++) {
      const spans = listField(scopeSpans[s], 'spans', `resourceSpans[${r}].scopeSpans[${s}]`);
      const own = isOwnScope((scopeSpans[s] as Record<string, unknown>).scope);
      for (let i = 0; i < spans.length; i++) {
        readSpan(spans[i], own, out, `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`);
      }
    }
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

function readSpan(span: unknown, own: boolean, out: LineContent, where: string): void {
  if (!isObject(span)) throw new LineShapeError(`${where} is not an object`);
  const endMs = nanosToMs(span.endTimeUnixNano);
  if (endMs === undefined) {
    throw new LineShapeError(
      `${where}.endTimeUnixNano is ${JSON.stringify(span.endTimeUnixNano)}, expected decimal nanoseconds`,
    );
  }
  const attributes = span.attributes;
  if (attributes !== undefined && !Array.isArray(attributes)) {
    throw new LineShapeError(`${where}.attributes is not an array`);
  }
  const call =
    attributes === undefined
      ? undefined
      : readCall(attributes, typeof span.traceId === 'string' ? span.traceId : '', endMs, own);
  if (call) out.calls.push(call);
  else out.otherSpanEndMs.push(endMs);
}
