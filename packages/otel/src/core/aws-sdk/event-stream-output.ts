import { diag } from '@opentelemetry/api';
import type { LlmCall } from '../call.js';
import { type Iter, ObservedIterator } from '../observed-iterator.js';
import { trackStream } from '../unread-streams.js';

/**
 * Observes the event stream of an AWS SDK v3 output IN PLACE: the SDK returns it as an object whose
 * `[Symbol.asyncIterator]()` starts a generator over the HTTP body (`output.stream` of ConverseStream, `output.body`
 * of InvokeModelWithResponseStream). That method becomes an own property that hands out one ObservedIterator over
 * the SDK's own generator, so the app keeps the SDK's output and stream objects and every event is seen once.
 * `cancel` stops the HTTP stream (the request's AbortSignal); without one, the generator's `return()` ends it.
 */
export function observeEventStream(
  output: unknown,
  member: string,
  call: LlmCall,
  cancel: (() => void) | undefined,
): void {
  const stream = (output as Record<string, unknown> | null)?.[member] as Record<symbol, unknown> | undefined;
  const iterate = stream?.[Symbol.asyncIterator];
  if (stream === undefined || stream === null || typeof iterate !== 'function') {
    diag.debug(`@llmcost/otel: no event stream in output.${member}; ending the span without usage`);
    call.end();
    return;
  }
  trackStream(stream, call);
  let observed = false;
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value: function observedEvents(this: unknown) {
      const inner = iterate.call(this) as Iter;
      // A second iteration of a consumed stream sees nothing new: the first one is the call's.
      if (observed) return inner;
      observed = true;
      return new ObservedIterator(inner, call, cancel ?? (() => void inner.return?.()));
    },
    configurable: true,
    writable: true,
  });
}
