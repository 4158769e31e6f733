import { connect } from 'node:net';
import { oneLine } from '../config/errors.js';
import type { LlmcostConfig } from '../config/types.js';
import { redactUrl, redactUrlsIn } from '../privacy/redact-url.js';
import { noticeOnce } from './notices.js';

type Signal = 'spans' | 'metrics';

// Connection errors that mean nothing listens there (as opposed to a slow or lossy network, where waiting for the
// exporter's own timeout may still deliver).
const NOTHING_THERE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const PROBE_TIMEOUT_MS = 500;
// How long a collector found absent is not tried (exports fail at once), before the next export tries again.
const RECHECK_MS = 5_000;

interface Collector {
  /** `scheme://host:port`, as said to the user. */
  origin: string;
  host: string;
  port: number;
  signals: Set<Signal>;
  /** The last probe found nothing listening: exports there fail at once (no retries holding the process),
   * until this time (epoch ms), when the next export tries again. */
  unreachableUntil: number;
}

/**
 * What llmcost knows about the OTLP collectors it exports to. The first run of an app usually has none on
 * localhost:4318: the OTLP exporters then retry each export for up to 10 s, silently (diag only), and a script
 * that ran 0.6 s ended at 8.4 s. Here: a TCP probe at shutdown (and after a failed export) tells "nothing listens
 * there" apart from "slow"; exports to a collector found absent fail at once; and one line says so, once.
 */
export class CollectorWatch {
  readonly #collectors = new Map<string, Collector>();

  constructor(config: LlmcostConfig) {
    if (config.traces.exporters.includes('otlp')) this.#add(config.traces.otlp.url, 'spans');
    if (config.metrics.exporters.includes('otlp')) this.#add(config.metrics.otlp.url, 'metrics');
  }

  #add(url: string, signal: Signal): void {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return;
    }
    const port = u.port !== '' ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    const origin = `${u.protocol}//${u.hostname}:${port}`;
    const known = this.#collectors.get(origin);
    if (known) known.signals.add(signal);
    else
      this.#collectors.set(origin, {
        origin: redactUrl(`${u.protocol}//${u.host}`),
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port,
        signals: new Set([signal]),
        unreachableUntil: 0,
      });
  }

  /** Whether exports to `url` should fail at once: its collector was found not listening. */
  knownUnreachable(url: string): boolean {
    const c = this.#find(url);
    return c !== undefined && c.unreachableUntil > Date.now();
  }

  /** Probes every collector; says once for each one found absent. Resolves to whether any is absent. */
  async probe(): Promise<boolean> {
    const results = await Promise.all([...this.#collectors.values()].map((c) => this.#probe(c)));
    return results.some((absent) => absent);
  }

  /** After a failed export: a missing collector is said as such, any other failure once per signal. */
  exportFailed(signal: Signal, url: string, error: unknown): void {
    const collector = this.#find(url);
    const probing = collector ? this.#probe(collector) : Promise.resolve(false);
    void probing.then((absent) => {
      if (absent) return;
      const why = error instanceof Error ? oneLine(error.message) : String(error ?? 'unknown error');
      noticeOnce(
        `export:${signal}`,
        `llmcost: ${signal} export to ${redactUrl(url)} failed (${redactUrlsIn(why)}); those ${signal} are dropped`,
      );
    });
  }

  #find(url: string): Collector | undefined {
    try {
      const u = new URL(url);
      const port = u.port !== '' ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
      return this.#collectors.get(`${u.protocol}//${u.hostname}:${port}`);
    } catch {
      return undefined;
    }
  }

  async #probe(c: Collector): Promise<boolean> {
    const absent = await nothingListens(c.host, c.port);
    c.unreachableUntil = absent ? Date.now() + RECHECK_MS : 0;
    if (absent) noticeOnce(`collector:${c.origin}`, absentLine(c));
    return absent;
  }
}

function absentLine(c: Collector): string {
  if (c.signals.size === 2) {
    return `llmcost: no collector at ${c.origin}; spans and metrics are dropped; set OTEL_EXPORTER_OTLP_ENDPOINT, or OTEL_TRACES_EXPORTER=none and OTEL_METRICS_EXPORTER=none`;
  }
  const [signal] = c.signals;
  const off = signal === 'spans' ? 'OTEL_TRACES_EXPORTER=none' : 'OTEL_METRICS_EXPORTER=none';
  return `llmcost: no collector at ${c.origin}; ${signal} are dropped; set OTEL_EXPORTER_OTLP_ENDPOINT or ${off}`;
}

/** true when a TCP connection is refused or the host does not resolve; false when it connects or is merely slow. */
function nothingListens(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.unref();
    const done = (absent: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(absent);
    };
    const timer = setTimeout(() => done(false), PROBE_TIMEOUT_MS);
    timer.unref();
    socket.once('connect', () => done(false));
    socket.once('error', (err: NodeJS.ErrnoException) => done(NOTHING_THERE.has(err.code ?? '')));
  });
}
