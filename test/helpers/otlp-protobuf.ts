// A minimal protobuf wire-format reader for OTLP ExportTraceServiceRequest, enough to check what the default
// `http/protobuf` exporter sends. Field numbers from opentelemetry-proto trace/v1/trace.proto and
// common/v1/common.proto.
type Field = { wire: number; varint?: bigint; bytes?: Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new Error('truncated varint');
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function fields(buf: Buffer): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const num = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    let field: Field;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      field = { wire, varint: v };
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      field = { wire, bytes: buf.subarray(p2, p2 + Number(len)) };
      pos = p2 + Number(len);
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      field = { wire, bytes: buf.subarray(pos, pos + size) };
      pos += size;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
    const list = out.get(num) ?? [];
    list.push(field);
    out.set(num, list);
  }
  return out;
}

const all = (m: Map<number, Field[]>, n: number) => m.get(n) ?? [];
const first = (m: Map<number, Field[]>, n: number) => m.get(n)?.[0];
const str = (f: Field | undefined) => f?.bytes?.toString('utf8') ?? '';
const hex = (f: Field | undefined) => f?.bytes?.toString('hex') ?? '';

function anyValue(buf: Buffer): Record<string, unknown> {
  const m = fields(buf);
  if (m.has(1)) return { stringValue: str(first(m, 1)) };
  if (m.has(2)) return { boolValue: first(m, 2)?.varint === 1n };
  if (m.has(3)) return { intValue: BigInt.asIntN(64, first(m, 3)!.varint!).toString() };
  if (m.has(4)) return { doubleValue: first(m, 4)!.bytes!.readDoubleLE(0) };
  if (m.has(5)) {
    const values = all(fields(first(m, 5)!.bytes!), 1).map((f) => anyValue(f.bytes!));
    return { arrayValue: { values } };
  }
  return {};
}

function keyValues(list: Field[]): { key: string; value: Record<string, unknown> }[] {
  return list.map((f) => {
    const m = fields(f.bytes!);
    const value = first(m, 2);
    return { key: str(first(m, 1)), value: value ? anyValue(value.bytes!) : {} };
  });
}

/** ExportTraceServiceRequest (protobuf) -> the OTLP/JSON shape. */
export function decodeTraceRequest(buf: Buffer): unknown {
  const resourceSpans = all(fields(buf), 1).map((rsField) => {
    const rs = fields(rsField.bytes!);
    const resource = first(rs, 1);
    const scopeSpans = all(rs, 2).map((ssField) => {
      const ss = fields(ssField.bytes!);
      const scope = first(ss, 1);
      const spans = all(ss, 2).map((spanField) => {
        const s = fields(spanField.bytes!);
        return {
          traceId: hex(first(s, 1)),
          spanId: hex(first(s, 2)),
          parentSpanId: hex(first(s, 4)),
          name: str(first(s, 5)),
          kind: Number(first(s, 6)?.varint ?? 0n),
          attributes: keyValues(all(s, 9)),
        };
      });
      return { scope: { name: scope ? str(first(fields(scope.bytes!), 1)) : '' }, spans };
    });
    return {
      resource: { attributes: resource ? keyValues(all(fields(resource.bytes!), 1)) : [] },
      scopeSpans,
    };
  });
  return { resourceSpans };
}
