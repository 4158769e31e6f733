// The floor any JSON-per-line reader pays: readline + JSON.parse of every line of an OTLP/JSON file, counting
// the spans, no aggregation. `node lib/peer-reader.mjs FILE` prints the span count.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

const path = process.argv[2];
const raw = createReadStream(path, { highWaterMark: 1 << 20 });
const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
let spans = 0;
for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
  if (line === '') continue;
  for (const rs of JSON.parse(line).resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
}
console.log(spans);
