import type { SkippedLine } from '../model.js';
import type { ReportAggregator } from './aggregate.js';
import type { InputFile } from './inputs.js';
import { readLines } from './line-reader.js';
import { scanExportRequestBytes } from './otlp-fast-scan.js';
import { JsonSyntaxError } from './otlp-scan.js';
import { type LineContent, LineShapeError } from './otlp-span.js';

/** Skipped lines kept as examples in the report (all are counted). */
export const SKIPPED_EXAMPLES = 20;

export interface ReadSummary {
  bytes: number;
  lines: number;
  skippedLines: number;
  skippedExamples: SkippedLine[];
}

export type ProgressListener = (p: { bytesRead: number; bytesTotal: number }) => void;

/**
 * Reads every file in order, line by line, into the aggregator. A line that is not JSON or not an export
 * request is counted and skipped, with its file and line number; the rest of the file is still read.
 */
export async function readFiles(
  files: readonly InputFile[],
  aggregator: ReportAggregator,
  onProgress?: ProgressListener,
): Promise<ReadSummary> {
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const summary: ReadSummary = { bytes: 0, lines: 0, skippedLines: 0, skippedExamples: [] };
  const content: LineContent = { calls: [], otherSpanEndMs: [] };
  for (const file of files) {
    const skip = (line: number, reason: string) => {
      summary.skippedLines++;
      if (summary.skippedExamples.length < SKIPPED_EXAMPLES) {
        summary.skippedExamples.push({ file: file.path, line, reason });
      }
    };
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
