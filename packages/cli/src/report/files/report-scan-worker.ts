// Worker entry (built to dist/report-scan-worker.js): scans the chunks the main thread transfers to it and
// transfers the results back, one message per chunk, in the order received.
import { parentPort } from 'node:worker_threads';
import { type PackedCalls, packCalls } from './call-codec.js';
import { type ChunkResult, scanChunk } from './scan-chunk.js';

export interface ScanRequest {
  buffer: ArrayBuffer;
  length: number;
}

/** A ChunkResult with its calls packed. */
export type ScanReply = Omit<ChunkResult, 'calls'> & { calls: PackedCalls };

parentPort?.on('message', (req: ScanRequest) => {
  const result = scanChunk(Buffer.from(req.buffer, 0, req.length));
  const calls = packCalls(result.calls);
  const reply: ScanReply = { ...result, calls };
  parentPort?.postMessage(reply, [
    result.otherSpanEndMs.buffer as ArrayBuffer,
    calls.numbers.buffer as ArrayBuffer,
    calls.strings.buffer as ArrayBuffer,
  ]);
});
