import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraceRequest } from './otlp-protobuf.js';

/** A span as received over OTLP, with attributes flattened to plain values. */
export interface ReceivedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  scope: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface ReceivedPoint {
  attributes: Record<string, unknown>;
  value?: number;
  count?: number;
  sum?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
}

export interface ReceivedMetric {
  name: string;
  unit: string;
  scope: string;
  resource: Record<string, unknown>;
  type: 'sum' | 'gauge' | 'histogram' | 'other';
  points: ReceivedPoint[];
}

/** A log record as received over OTLP (the budget guard's alerts are log records). */
export interface ReceivedLog {
  eventName: string;
  severityText: string;
  body: unknown;
  scope: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

export interface ReceivedRequest {
  path: string;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT, e.g. `http://127.0.0.1:4318`. */
  url: string;
  readonly spans: ReceivedSpan[];
  readonly metrics: ReceivedMetric[];
  readonly logs: ReceivedLog[];
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value?: AnyValue };

export function fromAnyValue(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(fromAnyValue);
  return undefined;
}

export function flattenAttributes(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = fromAnyValue(kv.value);
  return out;
}

export function flattenTraces(body: any): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = flattenAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          name: s.name,
          kind: s.kind,
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          scope: ss.scope?.name ?? '',
          attributes: flattenAttributes(s.attributes),
          resource,
        });
      }
    }
  }
  return spans;
}

function flattenPoint(p: any): ReceivedPoint {
  const point: ReceivedPoint = { attributes: flattenAttributes(p.attributes) };
  if (p.asDouble !== undefined) point.value = Number(p.asDouble);
  if (p.asInt !== undefined) point.value = Number(p.asInt);
  if (p.count !== undefined) point.count = Number(p.count);
  if (p.sum !== undefined) point.sum = Number(p.sum);
  if (p.bucketCounts !== undefined) point.bucketCounts = p.bucketCounts.map(Number);
  if (p.explicitBounds !== undefined) point.explicitBounds = p.explicitBounds.map(Number);
  return point;
}

export function flattenMetrics(body: any): ReceivedMetric[] {
  const out: ReceivedMetric[] = [];
  for (const rm of body.resourceMetrics ?? []) {
    const resource = flattenAttributes(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const data = m.sum ?? m.gauge ?? m.histogram;
        const type = m.sum ? 'sum' : m.gauge ? 'gauge' : m.histogram ? 'histogram' : 'other';
        out.push({
          name: m.name,
          unit: m.unit ?? '',
          scope: sm.scope?.name ?? '',
          resource,
          type,
          points: (data?.dataPoints ?? []).map(flattenPoint),
        });
      }
    }
  }
  return out;
}

export function flattenLogs(body: any): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of body.resourceLogs ?? []) {
    const resource = flattenAttributes(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        out.push({
          eventName: r.eventName ?? '',
          severityText: r.severityText ?? '',
          body: fromAnyValue(r.body),
          scope: sl.scope?.name ?? '',
          attributes: flattenAttributes(r.attributes),
          resource,
        });
      }
    }
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An OTLP/HTTP receiver on a free loopback port. Accepts http/json for traces, metrics and logs, and
 * http/protobuf for traces (decoded by a small wire-format reader). Apps under test flush at exit, so a
 * test awaits the child process and then reads what arrived: no polling, no sleeping.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const metrics: ReceivedMetric[] = [];
  const logs: ReceivedLog[] = [];
  const requests: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const contentType = String(req.headers['content-type'] ?? '');
      requests.push({ path, contentType, headers: req.headers });
      const json = contentType.includes('json');
      if (path === '/v1/traces') {
        spans.push(...flattenTraces(json ? JSON.parse(body.toString('utf8')) : decodeTraceRequest(body)));
      } else if (path === '/v1/metrics' && json) {
        metrics.push(...flattenMetrics(JSON.parse(body.toString('utf8'))));
      } else if (path === '/v1/logs' && json) {
        logs.push(...flattenLogs(JSON.parse(body.toString('utf8'))));
      }
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    } catch (err) {
      res.writeHead(400).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    metrics,
    logs,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
