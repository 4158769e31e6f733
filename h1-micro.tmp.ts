import { readFileSync } from 'node:fs';
import { scanExportRequest } from './packages/cli/src/report/files/otlp-scan.ts';
import { readExportRequest } from './packages/cli/src/report/files/otlp-span.ts';
const lines = readFileSync('/tmp/h1/s.jsonl', 'utf8').split('\n').filter(Boolean).slice(0, 2000);
const spans = lines.reduce((n, l) => n + (l.match(/"endTimeUnixNano"/g) ?? []).length, 0);
function run(name: string, f: (l: string) => void) {
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    for (const l of lines) f(l);
    const c = process.cpuUsage(c0);
    console.log(name, Math.round(spans / ((c.user + c.system) / 1e6)), 'spans/cpu-s');
  }
}
const out = { calls: [] as any[], otherSpanEndMs: [] as number[] };
run('JSON.parse only', (l) => JSON.parse(l));
run('JSON.parse+read', (l) => { out.calls.length = 0; out.otherSpanEndMs.length = 0; readExportRequest(JSON.parse(l), out); });
run('scan', (l) => { out.calls.length = 0; out.otherSpanEndMs.length = 0; scanExportRequest(l, out); });
