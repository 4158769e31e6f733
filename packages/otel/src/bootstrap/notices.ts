import { writeSync } from 'node:fs';

/**
 * One line on stderr per kind of telemetry failure (collector unreachable, export queue full, Prometheus port
 * in use, ...), the first time it happens: without it, such failures reach only the OTel `diag` logger, which is
 * silent unless OTEL_LOG_LEVEL is set, and spans vanish with nothing said. OTEL_LOG_LEVEL=none silences these too.
 */
const said = new Set<string>();
let silent = false;

export function setNoticesSilent(value: boolean): void {
  silent = value;
}

export function noticeOnce(kind: string, line: string): void {
  if (silent || said.has(kind)) return;
  said.add(kind);
  try {
    writeSync(2, `${line}\n`);
  } catch {
    // stderr closed: nothing more to say.
  }
}
