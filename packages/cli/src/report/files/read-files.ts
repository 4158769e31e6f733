import { availableParallelism } from 'node:os';
import { getPricingVersion, PRICING_VERSION } from '@llmcost/pricing';
import { UsageError } from '../../errors.js';
import type { SkippedLine } from '../model.js';
import type { ReportAggregator } from './aggregate.js';
import { readChunks } from './chunk-reader.js';
import type { InputFile } from './inputs.js';
import { readLines } from './line-reader.js';
import { scanExportRequestBytes } from './otlp-fast-scan.js';
import { JsonSyntaxError } from './otlp-scan.js';
import { type LineContent, LineShapeError } from './otlp-span.js';
import type { ChunkResult } from './scan-chunk.js';
import { defaultWorkerUrl, ScanPool } from './scan-pool.js';

/** Skipped lines kept as examples in the report (all are counted). */
export const SKIPPED_EXAMPLES = 20;

export interface ReadSummary {
  bytes: number;
  lines: number;
  skippedLines: number;
  skippedExamples: SkippedLine[];
}

export type ProgressListener = (p: { bytesRead: number; bytesTotal: number }) => void;

/** Where the lines are scanned. The report is the same either way: results are aggregated in input order. */
export interface ScanOptions {
  /** Worker threads; 0 scans on the main thread. Default: `LLMCOST_REPORT_WORKERS`, else the machine's
   * available parallelism. */
  workers?: number;
  /** Inputs smaller than this (bytes on disk, `.gz` files counted x8) are scanned inline: starting workers
   * costs more than it saves. */
  minBytes?: number;
  /** The worker script; default the built `report-scan-worker.js` next to the bundle (none: inline). */
  workerUrl?: URL | null;
}

/** ~40 ms of scanning at one thread's speed; worker start-up is ~30 ms each. */
export const WORKER_MIN_BYTES = 8 << 20;
/** OTLP/JSON compresses about 8:1 to 20:1 with gzip: a conservative guess of a .gz file's scanning work. */
const GZIP_WEIGHT = 8;

/** Worker threads to use, 0 for inline. */
export function workerCount(files: readonly InputFile[], scan: ScanOptions): number {
  const env = process.env.LLMCOST_REPORT_WORKERS;
  let workers = scan.workers;
  if (workers === undefined && env !== undefined && env !== '') {
    workers = Number(env);
    if (!Number.isInteger(workers) || workers < 0) {
      throw new UsageError(
        `LLMCOST_REPORT_WORKERS=${env}: not a whole number; set 0 (scan on the main thread) or a worker count`,
      );
    }
  }
  workers ??= availableParallelism();
  const weight = files.reduce((n, f) => n + (f.path.endsWith('.gz') ? GZIP_WEIGHT : 1) * f.size, 0);
  if (workers === 0 || weight < (scan.minBytes ?? WORKER_MIN_BYTES)) return 0;
  // A pricing table changed in this process (loadPricing) is not in the workers' fresh copy of the module.
  if (getPricingVersion() !== PRICING_VERSION) return 0;
  return workers;
}

/**
 * Reads every file in order, line by line, into the aggregator. A line that is not JSON or not an export
 * request is counted and skipped, with its file and line number; the rest of the file is still read.
 */
export async function readFiles(
  files: readonly InputFile[],
  aggregator: ReportAggregator,
  onProgress?: ProgressListener,
  scan: ScanOptions = {},
): Promise<ReadSummary> {
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const summary: ReadSummary = { bytes: 0, lines: 0, skippedLines: 0, skippedExamples: [] };
  const workers = workerCount(files, scan);
  const url = workers > 0 ? (scan.workerUrl === undefined ? defaultWorkerUrl() : scan.workerUrl) : null;
  if (url) {
    const pool = new ScanPool(url, workers);
    try {
      await readPooled(files, aggregator, pool, workers, summary, (n) => {
        summary.bytes += n;
        onProgress?.({ bytesRead: summary.bytes, bytesTotal });
      });
    } finally {
      await pool.close();
    }
    return summary;
  }
  const content: LineContent = { calls: [], otherSpanEndMs: [] };
  for (const file of files) {
    const skip = skipper(summary, file.path);
    const result = await readLines(file.path, {
      line(bytes, start, end, lineNo) {
        content.calls.length = 0;
        content.otherSpanEndMs.length = 0;
        try {
          scanExportRequestBytes(bytes, start, end, content);
        } catch (err) {
          if (err instanceof JsonSyntaxError) skip(lineNo, `not JSON (${err.message})`);
          else if (err instanceof LineShapeError) skip(lineNo, err.message);
          else throw err;
          return;
        }
        // Used only once the whole line proved well-formed.
        for (const endMs of content.otherSpanEndMs) aggregator.addOtherSpan(endMs);
        for (const call of content.calls) aggregator.addCall(call);
      },
      unreadable: skip,
      bytes(n) {
        summary.bytes += n;
        onProgress?.({ bytesRead: summary.bytes, bytesTotal });
      },
    });
    summary.lines += result.lines;
  }
  return summary;
}

function skipper(summary: ReadSummary, file: string): (line: number, reason: string) => void {
  return (line, reason) => {
    summary.skippedLines++;
    if (summary.skippedExamples.length < SKIPPED_EXAMPLES) {
      summary.skippedExamples.push({ file, line, reason });
    }
  };
}

interface Pending {
  result: Promise<ChunkResult>;
  file: { skip: (line: number, reason: string) => void; lineBase: number };
}

/**
 * The main thread reads (and gunzips) and cuts chunks; workers scan them; the results are aggregated here in
 * input order, so the dedupe of a call seen as two spans, the skipped-line examples and the line numbers are
 * exactly those of the inline path. A few chunks per worker are in flight: memory stays flat.
 */
async function readPooled(
  files: readonly InputFile[],
  aggregator: ReportAggregator,
  pool: ScanPool,
  workers: number,
  summary: ReadSummary,
  onBytes: (n: number) => void,
): Promise<void> {
  const queue: Pending[] = [];
  const apply = async () => {
    const { result, file } = queue.shift() as Pending;
    const r = await result;
    for (const s of r.skipped) file.skip(file.lineBase + s.line, s.reason);
    for (const endMs of r.otherSpanEndMs) aggregator.addOtherSpan(endMs);
    for (const call of r.calls) aggregator.addCall(call);
    file.lineBase += r.lines;
    summary.lines += r.lines;
  };
  try {
    for (const input of files) {
      const file = { skip: skipper(summary, input.path), lineBase: 0 };
      await readChunks(input.path, {
        async item(item) {
          const result =
            item.bytes !== undefined
              ? pool.scan(item.bytes)
              : Promise.resolve(unreadableLine(item.unreadable));
          queue.push({ result, file });
          while (queue.length > workers * 3) await apply();
        },
        bytes: onBytes,
      });
    }
    while (queue.length > 0) await apply();
  } finally {
    // Results no longer awaited (an error above) must not surface as unhandled rejections.
    for (const p of queue) p.result.catch(() => {});
  }
}

function unreadableLine(reason: string): ChunkResult {
  return { lines: 1, calls: [], otherSpanEndMs: new Float64Array(0), skipped: [{ line: 1, reason }] };
}
