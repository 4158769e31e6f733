import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { unpackCalls } from './call-codec.js';
import type { ScanReply, ScanRequest } from './report-scan-worker.js';
import type { ChunkResult } from './scan-chunk.js';

interface Job {
  resolve(r: ChunkResult): void;
  reject(err: Error): void;
}

/**
 * The built worker script next to this bundle (dist/report-scan-worker.js), or null where there is none: the
 * TypeScript sources under vitest (Node 20 cannot load .ts in a worker without a loader) and the CJS build
 * (no `import.meta.url`). The caller then scans inline.
 */
export function defaultWorkerUrl(): URL | null {
  try {
    const url = new URL('./report-scan-worker.js', import.meta.url);
    return existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

/**
 * Worker threads running `scanChunk`. A chunk's buffer is transferred (not copied) to the least busy worker;
 * each worker answers in the order it was asked, so every job resolves with its own chunk's result.
 */
export class ScanPool {
  readonly #workers: Worker[] = [];
  readonly #queues: Job[][] = [];
  #failed: Error | undefined;

  constructor(url: URL, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url);
      const queue: Job[] = [];
      worker.on('message', (r: ScanReply) => queue.shift()?.resolve({ ...r, calls: unpackCalls(r.calls) }));
      worker.on('error', (err) => this.#fail(err));
      worker.on('exit', (code) => {
        if (queue.length > 0) this.#fail(new Error(`report scan worker exited with code ${code}`));
      });
      this.#workers.push(worker);
      this.#queues.push(queue);
    }
  }

  /** Scans `bytes` in a worker; `bytes` must own its whole ArrayBuffer, which is handed over. */
  scan(bytes: Buffer): Promise<ChunkResult> {
    if (this.#failed) return Promise.reject(this.#failed);
    let best = 0;
    for (let i = 1; i < this.#queues.length; i++) {
      if (this.#queues[i]!.length < this.#queues[best]!.length) best = i;
    }
    return new Promise<ChunkResult>((resolve, reject) => {
      this.#queues[best]!.push({ resolve, reject });
      const req: ScanRequest = { buffer: bytes.buffer as ArrayBuffer, length: bytes.length };
      this.#workers[best]!.postMessage(req, [req.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  /** A worker error is a bug (bad input is a skipped line, not an error): every pending chunk fails with it. */
  #fail(err: Error): void {
    this.#failed ??= err;
    for (const queue of this.#queues) {
      for (const job of queue.splice(0)) job.reject(this.#failed);
    }
  }
}
