import type { SkippedLine } from '../model.js';
import type { ReportAggregator } from './aggregate.js';
import type { InputFile } from './inputs.js';
import { NestingTooDeepError } from './json-scanner.js';
import { readLines } from './line-reader.js';
import { scanExportRequestBytes } from './otlp-fast-scan.js';
import { JsonSyntaxError } from './otlp-scan.js';
import { emptyLineContent, LineShapeError } from './otlp-span.js';

/** Skipped lines kept as examples in the report (all are counted). */
export const SKIPPED_EXAMPLES = 20;

export interface ReadSummary {
  bytes: number;
  lines: number;
  /** Lines that held something (empty lines aside). */
  nonEmptyLines: number;
  skippedLines: number;
  /** Malformed spans (or scopeSpans / resourceSpans entries) skipped inside lines that were read. */
  skippedSpans: number;
  /** Lines and spans skipped, the first SKIPPED_EXAMPLES of them. */
  skippedExamples: SkippedLine[];
  firstSkippedLine: SkippedLine | undefined;
  firstSkippedSpan: SkippedLine | undefined;
  /** Spans read (LLM or not), in lines that were used. */
  spansRead: number;
}

export type ProgressListener = (p: { bytesRead: number; bytesTotal: number }) => void;

/**
 * Reads every file in order, line by line, into the aggregator. A line that is not JSON or not an export
 * request is counted and skipped, with its file and line number; the rest of the file is still read. A
 * malformed span inside a good line is skipped alone (also with file and line number). A call whose figures
 * cannot be right gets its file and line in its `issue`.
 */
export async function readFiles(
  files: readonly InputFile[],
  aggregator: ReportAggregator,
  onProgress?: ProgressListener,
): Promise<ReadSummary> {
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const summary: ReadSummary = {
    bytes: 0,
    lines: 0,
    nonEmptyLines: 0,
    skippedLines: 0,
    skippedSpans: 0,
    skippedExamples: [],
    firstSkippedLine: undefined,
    firstSkippedSpan: undefined,
    spansRead: 0,
  };
  const content = emptyLineContent();
  for (const file of files) {
    const example = (line: number, reason: string): SkippedLine => {
      const skipped = { file: file.path, line, reason };
      if (summary.skippedExamples.length < SKIPPED_EXAMPLES) summary.skippedExamples.push(skipped);
      return skipped;
    };
    const skip = (line: number, reason: string) => {
      summary.nonEmptyLines++;
      summary.skippedLines++;
      const skipped = example(line, reason);
      summary.firstSkippedLine ??= skipped;
    };
    const result = await readLines(file.path, {
      line(bytes, start, end, lineNo) {
        content.calls.length = 0;
        content.otherSpanEndMs.length = 0;
        content.skipped.length = 0;
        try {
          scanExportRequestBytes(bytes, start, end, content);
        } catch (err) {
          if (err instanceof JsonSyntaxError) skip(lineNo, `not JSON (${err.message})`);
          else if (err instanceof LineShapeError || err instanceof NestingTooDeepError)
            skip(lineNo, err.message);
          else throw err;
          return;
        }
        summary.nonEmptyLines++;
        for (const reason of content.skipped) {
          summary.skippedSpans++;
          const skipped = example(lineNo, `${reason}: skipped, the rest of the line was read`);
          summary.firstSkippedSpan ??= skipped;
        }
        // Used only once the whole line proved well-formed.
        summary.spansRead += content.otherSpanEndMs.length + content.calls.length;
        for (const endMs of content.otherSpanEndMs) aggregator.addOtherSpan(endMs);
        for (const call of content.calls) {
          if (call.issue !== undefined) call.issue = `${file.path}:${lineNo}: ${call.issue}`;
          aggregator.addCall(call);
        }
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
