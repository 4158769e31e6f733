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
  // Each wrapper is a module-level function bound to a small state object, not a closure made here: a closure
  // stored on the APIPromise shares this invocation's context with the others (the APIPromise, the call), and
  // with those per-call closures V8 pretenured 130 allocation sites and kept the SDK's Response, body and stream
  // objects alive through young-generation collections (issue 16: 3x contrib's survival per call).
  const state: Observed = { call, target: p, parseResponse: p.parseResponse, thenUnwrap: p._thenUnwrap };
  p.parseResponse = observedParseResponse.bind(state);
  // openai 7 gives each APIPromise its own `_thenUnwrap` (and `withResponse`) closing over the parse function,
  // bypassing `parseResponse` for derived promises such as `chat.completions.parse()`: observe through it too.
  if (typeof state.thenUnwrap === 'function' && Object.hasOwn(p, '_thenUnwrap'))
    p._thenUnwrap = observedThenUnwrap.bind(state);
  p.responsePromise.then(undefined, endOnFailure(call));
  state.asResponse = p.asResponse;
  if (typeof state.asResponse === 'function') p.asResponse = observedAsResponse.bind(state);
  return apiPromise;
}

/** What the wrappers of one observed APIPromise need: the call and the SDK's own functions they wrap. */
interface Observed {
  call: LlmCall;
  target: any;
  parseResponse: (...args: unknown[]) => unknown;
  thenUnwrap?: (transform: (result: unknown, ...rest: unknown[]) => unknown) => unknown;
  asResponse?: (...args: unknown[]) => unknown;
}

function observedParseResponse(this: Observed, ...args: unknown[]) {
  const { call } = this;
  let parsed: unknown;
  try {
    parsed = this.parseResponse.apply(this.target, args);
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
}

function observedThenUnwrap(
  this: Observed,
  transform: (result: unknown, ...rest: unknown[]) => unknown,
): unknown {
  const { call } = this;
  return this.thenUnwrap?.call(this.target, (result: unknown, ...rest: unknown[]) =>
    transform(onParsed(result, call), ...rest),
  );
}

function observedAsResponse(this: Observed, ...args: unknown[]): unknown {
  const { call, target } = this;
  // withResponse() parses first, then calls asResponse(): only a bare asResponse() leaves the body unread.
  if (!target.parsedPromise)
    target.responsePromise.then(
      (props: any) => endFromRawResponse(props, call),
      () => {},
    );
  return this.asResponse?.apply(target, args);
}

function endOnFailure(call: LlmCall): (err: unknown) => void {
  return (err) => call.end(err);
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
