import type { CallRecord } from './call-record.js';
import { scanExportRequestBytes } from './otlp-fast-scan.js';
import { JsonSyntaxError } from './otlp-scan.js';
import { type LineContent, LineShapeError } from './otlp-span.js';

const NEWLINE = 0x0a;

/** A line of a chunk that was skipped: its 1-based number within the chunk, and why. */
export interface ChunkSkip {
  line: number;
  reason: string;
}

/** What a chunk of whole lines holds, in line order. */
export interface ChunkResult {
  /** Lines of the chunk, empty ones included (the file's line numbers go on from here). */
  lines: number;
  calls: CallRecord[];
  otherSpanEndMs: Float64Array;
  skipped: ChunkSkip[];
}

/**
 * Scans a chunk of whole lines (cut at `\n` by the reader; only a file's last chunk may end without one) as
 * `readLines` + `scanExportRequestBytes` do line by line: same line numbering (CRLF tolerated, empty lines
 * counted but not read), same skip reasons. Runs in a worker or inline.
 */
export function scanChunk(bytes: Buffer): ChunkResult {
  const content: LineContent = { calls: [], otherSpanEndMs: [] };
  const skipped: ChunkSkip[] = [];
  let lines = 0;
  let start = 0;
  while (start < bytes.length) {
    let nl = bytes.indexOf(NEWLINE, start);
    if (nl === -1) nl = bytes.length;
    lines++;
    let end = nl;
    if (end > start && bytes[end - 1] === 0x0d) end--;
    if (end > start) scanLine(bytes, start, end, lines, content, skipped);
    start = nl + 1;
  }
  return { lines, calls: content.calls, otherSpanEndMs: Float64Array.from(content.otherSpanEndMs), skipped };
}

function scanLine(
  bytes: Buffer,
  start: number,
  end: number,
  lineNo: number,
  content: LineContent,
  skipped: ChunkSkip[],
): void {
  const calls = content.calls.length;
  const others = content.otherSpanEndMs.length;
  try {
    scanExportRequestBytes(bytes, start, end, content);
  } catch (err) {
    // A line is used only once it proved well-formed: drop what it added before failing.
    content.calls.length = calls;
    content.otherSpanEndMs.length = others;
    if (err instanceof JsonSyntaxError) skipped.push({ line: lineNo, reason: `not JSON (${err.message})` });
    else if (err instanceof LineShapeError) skipped.push({ line: lineNo, reason: err.message });
    else throw err;
  }
}
