// Starts real servers (Prometheus, Alertmanager: the Debian package binaries) on free loopback ports for a
// test, and stops them.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RunningServer {
  url: string;
  /** The temporary directory holding the server's files (config, storage); removed by `stop`. */
  dir: string;
  stop(): Promise<void>;
}

export interface StartProcessOptions {
  /** Runs once in the fresh directory (after `files` are written), before the first start. */
  prepare?(dir: string): void;
  /** Called once `readyPath` answers 200: throws if the server on the port is not the one just started. */
  verify?(url: string, dir: string): Promise<void>;
  /** Starts on another free port when one attempt fails (the free port can be taken before the bind). */
  attempts?: number;
  /** Gives up waiting for readiness after this long (default: wait until the process exits). */
  readyTimeoutMs?: number;
}

/** Thrown by `verify`: the port answers, but not from our process. */
class NotOurs extends Error {}

/** Resolves once `url + readyPath` answers 200 (and `verify` passes); rejects with the output if it exits first. */
async function waitReady(
  proc: ChildProcess,
  url: string,
  readyPath: string,
  verify: (() => Promise<void>) | undefined,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(
        `server exited (${proc.exitCode ?? proc.signalCode}) before it was ready:\n${output()}`,
      );
    try {
      const r = await fetch(url + readyPath);
      if (r.ok) {
        await verify?.();
        return;
      }
    } catch (err) {
      if (err instanceof NotOurs) throw err;
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server at ${url} not ready:\n${output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

/**
 * Writes `files` into a fresh temporary directory, starts `cmd` with `args(dir, port)` on a free port and
 * resolves once `readyPath` answers 200.
 */
export async function startProcess(
  cmd: string,
  args: (dir: string, port: number) => string[],
  readyPath: string,
  files: Record<string, string> = {},
  options: StartProcessOptions = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), `llmcost-${cmd}-`));
  let lastError: unknown;
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    options.prepare?.(dir);
    for (let attempt = 0; attempt < (options.attempts ?? 1); attempt++) {
      const port = await freePort();
      let out = '';
      const proc = spawn(cmd, args(dir, port), { stdio: ['ignore', 'pipe', 'pipe'] });
      proc.stdout!.on('data', (d) => {
        out += d;
      });
      proc.stderr!.on('data', (d) => {
        out += d;
      });
      const url = `http://127.0.0.1:${port}`;
      const verify = options.verify;
      try {
        await waitReady(
          proc,
          url,
          readyPath,
          verify && (() => verify(url, dir)),
          options.readyTimeoutMs ?? Number.POSITIVE_INFINITY,
          () => out,
        );
        return {
          url,
          dir,
          stop: async () => {
            await stopChild(proc);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (err) {
        lastError = err;
        await stopChild(proc);
      }
    }
  } catch (err) {
    lastError = err;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

export interface PrometheusOptions {
  /** prometheus.yml text (default: a 1m global scrape interval, no scrape targets). */
  config?: string;
  /** Extra files beside prometheus.yml (rule files, ...), by name. */
  files?: Record<string, string>;
  /** OpenMetrics text backfilled into the storage with `promtool tsdb create-blocks-from` before the start. */
  openMetrics?: string;
  /** Extra prometheus flags, e.g. `--web.enable-lifecycle` or `--storage.tsdb.retention.time=60d`. */
  args?: string[];
  /** Gives up waiting for `/-/ready` after this long (default 60 s). */
  readyTimeoutMs?: number;
}

/**
 * A real Prometheus on a free port with storage in its temporary directory (`dir/data`), ready when
 * `/-/ready` answers 200 and the server there reports that storage path (so it is really ours).
 */
export function startPrometheus(options: PrometheusOptions = {}): Promise<RunningServer> {
  const storage = (dir: string) => join(dir, 'data');
  return startProcess(
    'prometheus',
    (dir, port) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${storage(dir)}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(options.args ?? []),
    ],
    '/-/ready',
    { ...options.files, 'prometheus.yml': options.config ?? 'global:\n  scrape_interval: 1m\n' },
    {
      attempts: 3,
      readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
      prepare: (dir) => {
        if (options.openMetrics === undefined) return;
        const input = join(dir, 'data.om');
        writeFileSync(input, options.openMetrics);
        const backfill = spawnSync(
          'promtool',
          [
            'tsdb',
            'create-blocks-from',
            'openmetrics',
            '--quiet',
            '--max-block-duration=24h',
            input,
            storage(dir),
          ],
          { encoding: 'utf8' },
        );
        if (backfill.status !== 0)
          throw new Error(`promtool backfill failed: ${backfill.stderr || backfill.error}`);
      },
      verify: async (url, dir) => {
        const flags = (await (await fetch(`${url}/api/v1/status/flags`)).json()) as {
          data: Record<string, string>;
        };
        if (flags.data['storage.tsdb.path'] !== storage(dir))
          throw new NotOurs(`another server answers on ${url}`);
      },
    },
  );
}

/** A PromQL instant query (POST /api/v1/query); returns the API's JSON answer. */
export async function instantQuery(
  url: string,
  expr: string,
): Promise<{ status: string; error?: string; data?: any }> {
  const r = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
  });
  return (await r.json()) as { status: string; error?: string; data?: any };
}
