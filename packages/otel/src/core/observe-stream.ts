import { diag } from '@opentelemetry/api';
import type { LlmCall } from './call.js';

type Iter = AsyncIterator<unknown> & { return?(value?: unknown): Promise<IteratorResult<unknown>> };

/**
 * Observes an SDK `Stream` without replacing it: the SDK's `Symbol.asyncIterator`, `tee()` and
 * `toReadableStream()` all read through the instance's `iterator()` (openai 4-7, @anthropic-ai/sdk), so wrapping
 * that one own property sees every chunk exactly once, whichever way the app consumes the stream, and keeps
 * `controller.abort()` and the helpers (`finalChatCompletion()`, `finalMessage()`) working.
 */
export function observeStream<T>(stream: T, call: LlmCall): T {
  const target = stream as { iterator?: unknown };
  const original = target?.iterator;
  if (typeof original !== 'function') {
    diag.debug('@llmcost/otel: stream without iterator(); ending the span without usage');
    call.end();
    return stream;
  }
  let observed = false;
  target.iterator = function iterator(this: unknown, ...args: unknown[]) {
    const inner = original.apply(this ?? stream, args) as Iter;
    if (observed) return inner;
    observed = true;
    return observeIterator(inner, call);
  };
  return stream;
}

/** A hand-written iterator rather than an async generator: one extra promise per chunk, nothing more. */
function observeIterator(inner: Iter, call: LlmCall): Iter {
  const onNext = (result: IteratorResult<unknown>) => {
    if (result.done) call.end();
    else call.onChunk(result.value);
    return result;
  };
  const onError = (err: unknown) => {
    call.end(err);
    throw err;
  };
  const observer: Iter & { [Symbol.asyncIterator](): Iter } = {
    next: (...args: [] | [unknown]) => inner.next(...args).then(onNext, onError),
    // The consumer stopped early (break, return): record what was seen; the SDK aborts the request.
    return: (value?: unknown) => {
      call.end();
      return inner.return ? inner.return(value) : Promise.resolve({ done: true, value });
    },
    [Symbol.asyncIterator]() {
      return observer;
    },
  };
  if (inner.throw) {
    observer.throw = (err?: unknown) => {
      call.end(err);
      return inner.throw!(err);
    };
  }
  return observer;
}
