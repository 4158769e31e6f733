import { diag } from '@opentelemetry/api';
import type { LlmCall } from '../call.js';
import { type Iter, ObservedIterator } from '../observed-iterator.js';

/**
 * Observes a stream returned as an async iterator (an async generator, as `@google/genai` returns) IN PLACE:
 * its `next` / `return` / `throw` become own properties that go through one ObservedIterator, so the app keeps
 * the SDK's own object (`for await` asks it for `[Symbol.asyncIterator]()`, which returns itself) and every
 * chunk is seen once. `cancel` is the SDK's abort for `LlmCall.abortStream`; without one, the generator's
 * `return()` ends it at its next chunk.
 */
export function observeAsyncIterable(stream: unknown, call: LlmCall, cancel: (() => void) | undefined): void {
  const target = stream as Iter | null;
  if (target === null || typeof target !== 'object' || typeof target.next !== 'function') {
    diag.debug('@llmcost/otel: the stream is not an async iterator; ending the span without usage');
    call.end();
    return;
  }
  const inner: Iter = {
    next: target.next.bind(target),
    return: typeof target.return === 'function' ? target.return.bind(target) : undefined,
    throw: typeof target.throw === 'function' ? target.throw.bind(target) : undefined,
  } as Iter;
  const observed = new ObservedIterator(inner, call, cancel ?? (() => inner.return?.()));
  Object.defineProperties(target, {
    next: { value: observed.next.bind(observed), configurable: true, writable: true },
    return: { value: observed.return.bind(observed), configurable: true, writable: true },
    throw: { value: observed.throw.bind(observed), configurable: true, writable: true },
  });
}
