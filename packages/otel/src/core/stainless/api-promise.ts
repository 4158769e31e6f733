import { diag } from '@opentelemetry/api';
import type { LlmCall } from '../call.js';
import { observeSdkStream } from './sdk-stream.js';

/**
 * Observes the SDK's own APIPromise and returns that same instance, so `.withResponse()`, `.asResponse()`,
 * `._thenUnwrap()` and the helpers built on them keep working. Nothing is parsed that the app does not parse:
 * - the parsed result is seen by wrapping the promise's `parseResponse` (called once, when the app awaits);
 * - a failed request (HTTP error, connection error, budget rejection) rejects `responsePromise`;
 * - `.asResponse()` alone hands the raw body to the app: the call is then ended from a clone of the response.
 */
export function observeApiPromise<T>(apiPromise: T, call: LlmCall): T {
  const p = apiPromise as any;
  if (
    p === null ||
    typeof p !== 'object' ||
    typeof p.parseResponse !== 'function' ||
    !isThenable(p.responsePromise)
  ) {
    // Not a Stainless APIPromise (an unknown SDK version): observe on a side branch.
    Promise.resolve(p).then(
      (result) => onParsed(result, call),
      (err) => call.end(err),
    );
    return apiPromise;
  }
  const parseResponse = p.parseResponse;
  p.parseResponse = function observedParseResponse(this: unknown, ...args: unknown[]) {
    let parsed: unknown;
    try {
      parsed = parseResponse.apply(this, args);
    } catch (err) {
      call.end(err);
      throw err;
    }
    return Promise.resolve(parsed).then(
      (result) => onParsed(result, call),
      (err) => {
        call.end(err);
        throw err;
      },
    );
  };
  // openai 7 gives each APIPromise its own `_thenUnwrap` (and `withResponse`) closing over the parse function,
  // bypassing `parseResponse` for derived promises such as `chat.completions.parse()`: observe through it too.
  const thenUnwrap = p._thenUnwrap;
  if (typeof thenUnwrap === 'function' && Object.hasOwn(p, '_thenUnwrap')) {
    p._thenUnwrap = function observedThenUnwrap(
      this: unknown,
      transform: (result: unknown, ...rest: unknown[]) => unknown,
    ) {
      return thenUnwrap.call(this, (result: unknown, ...rest: unknown[]) =>
        transform(onParsed(result, call), ...rest),
      );
    };
  }
  p.responsePromise.then(undefined, (err: unknown) => call.end(err));
  const asResponse = p.asResponse;
  if (typeof asResponse === 'function') {
    p.asResponse = function observedAsResponse(this: any, ...args: unknown[]) {
      // withResponse() parses first, then calls asResponse(): only a bare asResponse() leaves the body unread.
      if (!this.parsedPromise)
        p.responsePromise.then(
          (props: any) => endFromRawResponse(props, call),
          () => {},
        );
      return asResponse.apply(this, args);
    };
  }
  return apiPromise;
}

function onParsed(result: unknown, call: LlmCall): unknown {
  // The same parse can reach here twice (a promise and one derived from it): observe the first only.
  if (call.isEnded || call.resultSeen) return result;
  call.resultSeen = true;
  try {
    if (call.stream) return observeSdkStream(result, call);
    call.onResult(result);
    call.end();
  } catch (err) {
    diag.error('@llmcost/otel: observing the result failed', err);
    call.end();
  }
  return result;
}

/** The app took the raw Response: read a clone (before the app reads the body) so usage is still recorded. */
function endFromRawResponse(props: { response?: Response } | undefined, call: LlmCall): void {
  if (call.isEnded) return;
  const response = props?.response;
  if (call.stream || response === undefined || typeof response.clone !== 'function') {
    call.end();
    return;
  }
  let clone: Response;
  try {
    clone = response.clone();
  } catch (err) {
    diag.debug('@llmcost/otel: cannot clone the raw response', err);
    call.end();
    return;
  }
  clone.json().then(
    (body) => {
      call.onResult(body);
      call.end();
    },
    () => call.end(),
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
  );
}
