// Small helpers shared by the instrumentation benchmarks (otel-cpu, register-startup).
import os from 'node:os';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Header line: the machine is shared, so every table says how busy it was while it was measured. */
export function machineLine() {
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${load}`;
}

export const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
