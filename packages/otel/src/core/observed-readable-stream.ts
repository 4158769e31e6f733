import type { LlmCall } from './call.js';
import { type Iter, ObservedIterator } from './observed-iterator.js';

/**
 * Observes a web `ReadableStream` of chunks (the AI SDK's `doStream` result): a new stream over the same chunks
 * (a ReadableStream has one reader, so it cannot be observed in place), read through the one ObservedIterator of
 * every transport. The consumer's `cancel()` ends the call and cancels the source (the provider's HTTP body);
 * `LlmCall.abortStream(reason)` cancels the source and errors the returned stream with `reason`.
 * `ReadableStream.from` (Node >= 20.6) pulls only on demand (high-water mark 0): chunks are observed as the
 * consumer reads them, never ahead.
 */
export function observeReadableStream<T>(stream: ReadableStream<T>, call: LlmCall): ReadableStream<T> {
  const reader = stream.getReader();
  const source: Iter = {
    next: () => reader.read() as Promise<IteratorResult<unknown>>,
    return: (value?: unknown) => reader.cancel().then(() => ({ done: true, value })),
    throw: (err?: unknown) =>
      reader.cancel(err).then(() => {
        throw err;
      }),
  };
  const observed = new ObservedIterator(source, call, () => {
    reader.cancel().catch(() => {});
  });
  const from = (ReadableStream as unknown as { from(iterable: AsyncIterable<unknown>): ReadableStream<T> })
    .from;
  return from.call(ReadableStream, { [Symbol.asyncIterator]: () => observed });
}
