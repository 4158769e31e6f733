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

/**
 * A hand-written iterator rather than an async generator: one extra promise per chunk, nothing more. A class:
 * an object literal with a `[Symbol.asyncIterator]` method costs ~1 µs to create, the instance ~0.1 µs.
 */
class ObservedIterator implements AsyncIterator<unknown> {
  private readonly onNext: (result: IteratorResult<unknown>) => IteratorResult<unknown>;
  private readonly onError: (err: unknown) => never;

  constructor(
    private readonly inner: Iter,
    private readonly call: LlmCall,
  ) {
    // Made once per stream, reused for every chunk.
    this.onNext = (result) => {
      if (result.done) call.end();
      else call.onChunk(result.value);
      return result;
    };
    this.onError = (err) => {
      call.end(err);
      throw err;
    };
  }

  next(...args: [] | [unknown]): Promise<IteratorResult<unknown>> {
    return this.inner.next(...args).then(this.onNext, this.onError);
  }

  /** The consumer stopped early (break, return): record what was seen; the SDK aborts the request. */
  return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.call.end();
    return this.inner.return ? this.inner.return(value) : Promise.resolve({ done: true, value });
  }

  throw(err?: unknown): Promise<IteratorResult<unknown>> {
    this.call.end(err);
    return this.inner.throw ? this.inner.throw(err) : Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

function observeIterator(inner: Iter, call: LlmCall): Iter {
  return new ObservedIterator(inner, call);
}
