// Writes a large OTLP/JSON span file from REAL export requests of our instrumentation
// (test/fixtures/otlp/real-calls.jsonl: the real openai and @anthropic-ai/sdk clients under
// `--import @llmcost/otel/register`, exported with OTEL_EXPORTER_OTLP_PROTOCOL=http/json, one request per line).
// Each real line is turned into a template whose timestamps, trace ids and user ids are slots, then replicated
// with shifted times and rotated users until the file holds the asked number of spans. String splicing, not
// JSON.stringify, so generating 1,000,000 spans (~1.8 GB) takes seconds.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const FIXTURE = fileURLToPath(new URL('../../test/fixtures/otlp/real-calls.jsonl', import.meta.url));

const SLOT =
  /("(?:start|end)TimeUnixNano":")(\d+)(")|("traceId":")([0-9a-f]{32})(")|("key":"user\.id","value":\{"stringValue":")([^"]*)(")/g;

/** A real line split into literal parts and slots (times, trace ids, user ids). */
function template(line) {
  const parts = [];
  const slots = [];
  let last = 0;
  for (const m of line.matchAll(SLOT)) {
    const prefix = m[1] ?? m[4] ?? m[7];
    const value = m[2] ?? m[5] ?? m[8];
    const start = m.index + prefix.length;
    parts.push(line.slice(last, start));
    slots.push(
      m[2] ? { kind: 'time', ns: BigInt(value) } : m[5] ? { kind: 'trace', id: value } : { kind: 'user' },
    );
    last = start + value.length;
  }
  parts.push(line.slice(last));
  return { parts, slots, spans: (line.match(/"endTimeUnixNano"/g) ?? []).length };
}

/** Templates of the fixture's lines, their span count, and the fixture's first timestamp. */
export function loadTemplates(path = FIXTURE) {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const templates = lines.map(template);
  let first = null;
  for (const t of templates) {
    for (const s of t.slots) if (s.kind === 'time' && (first === null || s.ns < first)) first = s.ns;
  }
  return { templates, firstNs: first, spansPerRound: templates.reduce((n, t) => n + t.spans, 0) };
}

/**
 * Writes `spans` spans (rounded up to whole fixture rounds) as plain text and as gzip (one gzip member per
 * ~8 MB block, level 1, as a rotating exporter would write them). Round k is shifted to start at
 * startMs + k * stepMs; users rotate over `users` ids.
 */
export function writeReplica({ plainPath, gzipPath, spans, startMs, stepMs, users }) {
  const { templates, firstNs, spansPerRound } = loadTemplates();
  const rounds = Math.ceil(spans / spansPerRound);
  const plain = openSync(plainPath, 'w');
  const gz = gzipPath ? openSync(gzipPath, 'w') : null;
  let block = [];
  let blockBytes = 0;
  let bytes = 0;
  let lines = 0;
  const flush = () => {
    const buf = Buffer.from(block.join(''), 'utf8');
    writeSync(plain, buf);
    if (gz !== null) writeSync(gz, gzipSync(buf, { level: 1 }));
    bytes += buf.length;
    block = [];
    blockBytes = 0;
  };
  for (let k = 0; k < rounds; k++) {
    const shiftNs = BigInt(startMs + k * stepMs) * 1_000_000n - firstNs;
    const tracePrefix = k.toString(16).padStart(8, '0');
    for (let t = 0; t < templates.length; t++) {
      const { parts, slots } = templates[t];
      let out = parts[0];
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i];
        const value =
          s.kind === 'time'
            ? (s.ns + shiftNs).toString()
            : s.kind === 'trace'
              ? tracePrefix + s.id.slice(8)
              : `user-${(k * 7 + t * 3 + i) % users}`;
        out += value + parts[i + 1];
      }
      out += '\n';
      block.push(out);
      blockBytes += out.length;
      lines++;
      if (blockBytes >= 8 << 20) flush();
    }
  }
  if (block.length > 0) flush();
  closeSync(plain);
  if (gz !== null) closeSync(gz);
  return { spans: rounds * spansPerRound, bytes, lines, rounds };
}
