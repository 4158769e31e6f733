import type { LlmCall } from './call.js';

/**
 * Stream calls handed to the app whose span has not ended yet. A stream that is created and never read (or
 * dropped half-read) would never end its span: no span, and its budget reservation left to expire after the TTL,
 * which counts it as $0. Such a call ends when its stream is garbage-collected, or at shutdown, with what is
 * known: no usage makes it `unpriced`, and the budget then keeps the reserved amount as spent (never $0).
 */
const open = new Set<LlmCall>();
const collected = new FinalizationRegistry<LlmCall>((call) => endUnread(call));

/** Called when a stream is handed to the app (before any chunk is read). */
export function trackStream(stream: unknown, call: LlmCall): void {
  if (call.isEnded || stream === null || typeof stream !== 'object') return;
  open.add(call);
  collected.register(stream, call, call);
}

/** Called by `LlmCall.end`. */
export function streamCallEnded(call: LlmCall): void {
  if (open.delete(call)) collected.unregister(call);
}

/** Ends every stream call still open (shutdown: bootstrap/start.ts). */
export function endOpenStreams(): void {
  for (const call of [...open]) endUnread(call);
}

function endUnread(call: LlmCall): void {
  open.delete(call);
  call.end();
}
