import { diag } from '@opentelemetry/api';
import type { LlmCall } from '../call.js';
import { type Iter, ObservedIterator } from '../observed-iterator.js';
import { observeReadableStream } from '../observed-readable-stream.js';
import { trackStream } from '../unread-streams.js';

/**
 * Observes a stream returned as an async iterator (an async generator, as `@google/genai` returns) IN PLACE:
 * its `next` / `return` / `throw` become own properties that go through one ObservedIterator, so the app keeps
 * the SDK's own object (`for await` asks it for `[Symbol.asyncIterator]()`, which returns itself) and every
 * chunk is seen once. `cancel` is the SDK's abort for `LlmCall.abortStream`; without one, the generator's
 * `return()` ends it at its next chunk.
 */
export function observeAsyncIterable(stream: unknown, call: LlmCall, cancel: (() => void) | undefined): void {
  if (stream instanceof ReadableStream) {
    observeWebStreamInPlace(stream, call);
    return;
  }
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
  trackStream(target, call);
  Object.defineProperties(target, {
    next: { value: observed.next.bind(observed), configurable: true, writable: true },
    return: { value: observed.return.bind(observed), configurable: true, writable: true },
    throw: { value: observed.throw.bind(observed), configurable: true, writable: true },
  });
}

/** Everything that reads a web ReadableStream. */
const READERS = [
  'getReader',
  'values',
  'tee',
  'pipeTo',
  'pipeThrough',
  'cancel',
  Symbol.asyncIterator,
] as const;

/**
 * A web `ReadableStream` result (a Speakeasy SDK's `EventStream`, as `@mistralai/mistralai` returns from
 * `chat.stream`) observed IN PLACE: a stream has a single reader, so its chunks are read once by an observed twin
 * (observed-readable-stream.ts: one ObservedIterator over the SDK stream's own reader, pulled only as the app
 * reads), and the SDK's object hands each of its reading methods, and `locked`, to the twin. The app keeps the
 * SDK's own object (its class, its other members), and however it reads (`for await`, `getReader()`, `values()`,
 * `tee()`, `pipeThrough()`, `cancel()`), every chunk is seen once. `LlmCall.abortStream` cancels the SDK stream,
 * which cancels the HTTP response body under it: the connection closes and the provider stops.
 */
function observeWebStreamInPlace(stream: ReadableStream, call: LlmCall): void {
  const twin = observeReadableStream(stream, call) as unknown as Record<
    PropertyKey,
    (...a: unknown[]) => unknown
  >;
  for (const name of READERS) {
    const read = (...args: unknown[]) => twin[name]!(...args);
    Object.defineProperty(stream, name, { value: read, configurable: true, writable: true });
  }
  Object.defineProperty(stream, 'locked', {
    get: () => (twin as unknown as ReadableStream).locked,
    configurable: true,
  });
}
