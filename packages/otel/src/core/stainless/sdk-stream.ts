import { diag } from '@opentelemetry/api';
import type { LlmCall } from '../call.js';
import { type Iter, ObservedIterator } from '../observed-iterator.js';
import { trackStream } from '../unread-streams.js';

/**
 * Observes a Stainless SDK `Stream` without replacing it: the SDK's `Symbol.asyncIterator`, `tee()` and
 * `toReadableStream()` all read through the instance's `iterator()` (openai 4-7, @anthropic-ai/sdk), so wrapping
 * that one own property sees every chunk exactly once, whichever way the app consumes the stream, and keeps
 * `controller.abort()` and the helpers (`finalChatCompletion()`, `finalMessage()`) working. `LlmCall.abortStream`
 * stops it with the stream's own `controller.abort()`.
 */
/**
 * What the SDK's helpers (`MessageStream`, `ChatCompletionStream`) reject with after their `.abort()`: the Stainless
 * `Stream` ends its iteration quietly on an abort, so without this the call would look complete.
 */
export class APIUserAbortError extends Error {
  constructor() {
    super('Request was aborted.');
  }
}

export function observeSdkStream<T>(stream: T, call: LlmCall): T {
  const target = stream as {
    iterator?: unknown;
    controller?: { abort?: () => void; signal?: { aborted?: boolean } };
  };
  const original = target?.iterator;
  if (typeof original !== 'function') {
    diag.debug('@llmcost/otel: stream without iterator(); ending the span without usage');
    call.end();
    return stream;
  }
  trackStream(stream, call);
  // A module-level function bound to a small state object rather than a closure made here (see api-promise.ts:
  // per-call closures stored on SDK objects made V8 keep those objects alive through young-generation GCs).
  const state: ObservedStream = {
    call,
    target,
    original: original as ObservedStream['original'],
    observed: false,
  };
  target.iterator = observedIterator.bind(state);
  return stream;
}

interface ObservedStream {
  call: LlmCall;
  target: { controller?: { abort?: () => void; signal?: { aborted?: boolean } } };
  original: (...args: unknown[]) => unknown;
  /** The first iterator() is observed; later ones (none in the SDKs: tee() reads the first) pass through. */
  observed: boolean;
}

function observedIterator(this: ObservedStream, ...args: unknown[]): Iter {
  const inner = this.original.apply(this.target, args) as Iter;
  if (this.observed) return inner;
  this.observed = true;
  const { target } = this;
  return new ObservedIterator(
    inner,
    this.call,
    () => target.controller?.abort?.(),
    () => (target.controller?.signal?.aborted === true ? new APIUserAbortError() : undefined),
  );
}
