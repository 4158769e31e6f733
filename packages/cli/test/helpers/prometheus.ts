import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Backfills an OpenMetrics text with `promtool tsdb create-blocks-from openmetrics`, then starts a real
 * Prometheus on that storage and a free port, ready when `/-/ready` answers 200.
 */
export async function startPrometheusWith(openMetrics: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-cli-prom-'));
  const input = join(dir, 'data.om');
  const storage = join(dir, 'tsdb');
  const config = join(dir, 'prometheus.yml');
  writeFileSync(input, openMetrics);
  writeFileSync(config, 'global:\n  scrape_interval: 1m\n');
  const backfill = spawnSync(
    'promtool',
    ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', '--max-block-duration=24h', input, storage],
    { encoding: 'utf8' },
  );
  if (backfill.status !== 0)
    throw new Error(`promtool backfill failed: ${backfill.stderr || backfill.error}`);

  // The free port can be taken before Prometheus binds it: try again on another one.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--storage.tsdb.path=${storage}`,
        `--config.file=${config}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=60d',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr?.on('data', (d) => {
      log += d;
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, child, storage, () => log);
      return {
        url,
        stop: async () => {
          await stopChild(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      lastError = err;
      await stopChild(child);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** Ready, and really ours: the server on the port reports our storage path. */
async function waitReady(
  url: string,
  child: ChildProcess,
  storage: string,
  log: () => string,
): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null)
      throw new Error(`prometheus exited with ${child.exitCode}: ${log().slice(-2000)}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) {
        const flags = (await (await fetch(`${url}/api/v1/status/flags`)).json()) as {
          data: Record<string, string>;
        };
        if (flags.data['storage.tsdb.path'] !== storage) throw new Error(`another server answers on ${url}`);
        return;
      }
    } catch (err) {
      if ((err as Error).message.startsWith('another server')) throw err;
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus at ${url} not ready: ${log().slice(-2000)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
