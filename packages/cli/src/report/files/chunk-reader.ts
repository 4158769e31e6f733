import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CliError } from '../../errors.js';
import { isGzip, MAX_LINE_BYTES } from './line-reader.js';

const NEWLINE = 0x0a;
const READ_BYTES = 1 << 20;
/** Chunks handed to the scan workers: big enough that a message per chunk costs nothing, small enough that a
 * few in flight per worker keep memory flat. */
export const CHUNK_TARGET_BYTES = 4 << 20;

/** A run of whole lines in a buffer that owns its ArrayBuffer (it can be transferred), or one unreadable line. */
export type ChunkItem = { bytes: Buffer; unreadable?: undefined } | { bytes?: undefined; unreadable: string };

export interface ChunkSink {
  item(item: ChunkItem): Promise<void>;
  /** Compressed bytes consumed from the file. */
  bytes(n: number): void;
}

/**
 * Streams a file (plain or gzip) as chunks of ~4 MB cut at `\n`, in order; the line numbering and the
 * unreadable lines (over MAX_LINE_BYTES, or a gzip stream broken inside a line) match `readLines`. Awaits the
 * sink between chunks, so the reader never runs ahead of the scanning.
 */
export async function readChunks(path: string, sink: ChunkSink): Promise<void> {
  const gzip = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: READ_BYTES });
  raw.on('data', (chunk) => sink.bytes(chunk.length));
  const input: Readable = gzip ? raw.pipe(createGunzip({ chunkSize: READ_BYTES })) : raw;
  if (gzip) raw.on('error', (err) => input.destroy(err));

  const cutter = new ChunkCutter();
  let bytesIn = 0;
  const chunks = input[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        const message = (err as Error).message;
        if (!gzip) throw new CliError(`${path}: read failed after byte ${bytesIn} (${message})`);
        // Whole lines before the break are read; the broken one is reported.
        for (const item of cutter.cut()) await sink.item(item);
        await sink.item({
          unreadable: `gzip data is corrupt or truncated (${message}); the rest of the file is not read`,
        });
        return;
      }
      if (next.done) break;
      bytesIn += next.value.length;
      for (const item of cutter.push(next.value)) await sink.item(item);
    }
  } finally {
    raw.destroy();
    input.destroy();
  }
  for (const item of cutter.end()) await sink.item(item);
}

class ChunkCutter {
  #pieces: Buffer[] = [];
  #bytes = 0;
  /** Inside a line over MAX_LINE_BYTES: dropped up to its `\n`. */
  #overlong = false;

  push(piece: Buffer): ChunkItem[] {
    const items: ChunkItem[] = [];
    if (this.#overlong) {
      const nl = piece.indexOf(NEWLINE);
      if (nl === -1) return items;
      this.#overlong = false;
      items.push({ unreadable: overlongReason() });
      piece = piece.subarray(nl + 1);
    }
    this.#pieces.push(piece);
    this.#bytes += piece.length;
    if (this.#bytes >= CHUNK_TARGET_BYTES) items.push(...this.cut());
    if (this.#bytes > MAX_LINE_BYTES) {
      // cut() left no `\n`: one line already longer than allowed.
      this.#pieces = [];
      this.#bytes = 0;
      this.#overlong = true;
    }
    return items;
  }

  /** Everything up to the last `\n` held, as one chunk (none if there is no `\n`). */
  cut(): ChunkItem[] {
    let p = this.#pieces.length - 1;
    let nl = -1;
    for (; p >= 0; p--) {
      nl = this.#pieces[p]!.lastIndexOf(NEWLINE);
      if (nl !== -1) break;
    }
    if (p < 0) return [];
    let size = 0;
    for (let i = 0; i < p; i++) size += this.#pieces[i]!.length;
    size += nl + 1;
    // Its own ArrayBuffer (not the shared pool of Buffer.allocUnsafe), so it can be transferred.
    const out = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let i = 0; i < p; i++) at += this.#pieces[i]!.copy(out, at);
    this.#pieces[p]!.copy(out, at, 0, nl + 1);
    const rest = this.#pieces[p]!.subarray(nl + 1);
    this.#pieces = this.#pieces.slice(p + 1);
    if (rest.length > 0) this.#pieces.unshift(rest);
    this.#bytes -= size;
    return [{ bytes: out }];
  }

  end(): ChunkItem[] {
    if (this.#overlong) return [{ unreadable: overlongReason() }];
    if (this.#bytes === 0) return [];
    const out = Buffer.allocUnsafeSlow(this.#bytes);
    let at = 0;
    for (const piece of this.#pieces) at += piece.copy(out, at);
    this.#pieces = [];
    this.#bytes = 0;
    return [{ bytes: out }];
  }
}

function overlongReason(): string {
  return `line longer than ${MAX_LINE_BYTES >> 20} MiB, not read`;
}
