import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CliError } from '../../errors.js';

/** gzip's magic bytes (RFC 1952 §2.3.1). A file is decompressed when it starts with them, whatever its name. */
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const NEWLINE = 0x0a;
const CHUNK_BYTES = 1 << 20;
/** A line is one export request; the collector's default batch makes them ~1 MB. Past this, the line is
 * skipped instead of being held in memory. */
export const MAX_LINE_BYTES = 64 << 20;

export interface LineSink {
  /** One non-empty line, the bytes `bytes[start, end)` (valid only during the call), 1-based line number in
   * the decompressed file. Bytes, not text: the scanner decodes only what it keeps. */
  line(bytes: Buffer, start: number, end: number, lineNo: number): void;
  /** A line that could not be read (too long, or the gzip stream broke inside it). */
  unreadable(lineNo: number, reason: string): void;
  /** Compressed bytes consumed from the file. */
  bytes(n: number): void;
}

/** Lines read, including empty ones. */
export interface ReadResult {
  lines: number;
}

/**
 * Streams a file (plain or gzip) line by line with memory bounded by one line: chunks are split on `\n` here,
 * and only an incomplete line is carried between chunks. A gzip stream that is corrupt or truncated (a file
 * still being written) ends the file with an `unreadable` line instead of failing the whole report.
 */
export async function readLines(path: string, sink: LineSink): Promise<ReadResult> {
  const gzip = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  raw.on('data', (chunk) => sink.bytes(chunk.length));
  const input: Readable = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  if (gzip) raw.on('error', (err) => input.destroy(err));

  const splitter = new LineSplitter(sink);
  const chunks = input[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        const message = (err as Error).message;
        if (!gzip) throw new CliError(`${path}: read failed after line ${splitter.lineNo} (${message})`);
        splitter.fail(`gzip data is corrupt or truncated (${message}); the rest of the file is not read`);
        return { lines: splitter.lineNo };
      }
      if (next.done) break;
      // Errors of the sink are bugs, not bad input: they propagate.
      splitter.push(next.value);
    }
  } finally {
    raw.destroy();
    input.destroy();
  }
  splitter.end();
  return { lines: splitter.lineNo };
}

/** zstd frame magic 0xFD2FB528, little-endian (RFC 8878 §3.1.1). */
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

/** Whether the file is gzip, by its magic bytes; a zstd file is an error that says how to read it. */
async function isGzip(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  let head = Buffer.alloc(4);
  try {
    handle = await open(path, 'r');
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    head = head.subarray(0, bytesRead);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError(`${path}: cannot open the file (${code}); check the path and its permissions`);
  } finally {
    await handle?.close();
  }
  if (head.equals(ZSTD_MAGIC)) {
    // The collector file exporter's `compression: zstd`; Node 20's zlib has no zstd.
    throw new CliError(
      `${path}: the file is zstd-compressed; decompress it first (zstd -d ${path}) or export gzip`,
    );
  }
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

class LineSplitter {
  lineNo = 0;
  readonly #sink: LineSink;
  /** Pieces of the current, incomplete line. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #overlong = false;

  constructor(sink: LineSink) {
    this.#sink = sink;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      if (this.#pendingBytes === 0 && !this.#overlong) {
        this.#emit(chunk, start, nl);
      } else {
        this.#keep(chunk.subarray(start, nl));
        this.#flushPending();
      }
      start = nl + 1;
    }
    if (start < chunk.length) this.#keep(chunk.subarray(start));
  }

  end(): void {
    if (this.#pendingBytes > 0 || this.#overlong) this.#flushPending();
  }

  /** The stream broke: the partial line (if any) is reported as unreadable. */
  fail(reason: string): void {
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#overlong = false;
    this.lineNo++;
    this.#sink.unreadable(this.lineNo, reason);
  }

  #keep(piece: Buffer): void {
    if (this.#overlong) return;
    if (this.#pendingBytes + piece.length > MAX_LINE_BYTES) {
      this.#overlong = true;
      this.#pending = [];
      this.#pendingBytes = 0;
      return;
    }
    // A copy: the stream may reuse the chunk's memory.
    this.#pending.push(Buffer.from(piece));
    this.#pendingBytes += piece.length;
  }

  #flushPending(): void {
    if (this.#overlong) {
      this.lineNo++;
      this.#sink.unreadable(this.lineNo, `line longer than ${MAX_LINE_BYTES >> 20} MiB, not read`);
      this.#overlong = false;
      return;
    }
    const line =
      this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#emit(line, 0, line.length);
  }

  #emit(buf: Buffer, start: number, end: number): void {
    this.lineNo++;
    // Tolerate CRLF line ends.
    if (end > start && buf[end - 1] === 0x0d) end--;
    if (end === start) return;
    this.#sink.line(buf, start, end, this.lineNo);
  }
}
