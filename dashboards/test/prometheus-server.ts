// Starts a real Prometheus (Debian package binary) on a free port for a test, and stops it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/** Resolves once `url + readyPath` answers 200; rejects with the process output if it exits first. */
async function waitReady(proc: ChildProcess, url: string, output: () => string): Promise<void> {
  let exited = false;
  proc.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`server exited before it was ready:\n${output()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startProcess(
  cmd: string,
  args: (dir: string, port: number) => string[],
  readyPath: string,
  files: Record<string, string> = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), `llmcost-${cmd}-`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
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
  const stop = async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(proc, url + readyPath, () => out);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, dir, stop };
}

/** A Prometheus with the given config (prometheus.yml text) and extra files beside it. */
export function startPrometheus(config: string, files: Record<string, string> = {}): Promise<RunningServer> {
  return startProcess(
    'prometheus',
    (dir, port) => [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    '/-/ready',
    { ...files, 'prometheus.yml': config },
  );
}

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
