import { context, diag } from '@opentelemetry/api';
import { beginCall } from '../begin-call.js';
import { reserveBudget } from '../budget.js';
import type { GateOutcome, LlmCall } from '../call.js';
import { hasCallObservers } from '../call-observers.js';
import type { CallHost } from '../host.js';
import type { ClientInfo, OperationAdapter } from '../types.js';
import { observeAsyncIterable } from './async-iterable.js';

/**
 * The plain-async transport: wraps a method `(params, ...rest) => Promise<result>` or
 * `Promise<AsyncIterable<chunk>>` (streams, when `adapter.isStream(params)`), as `@google/genai` has. Unlike a
 * Stainless APIPromise, such a promise carries nothing of its own, so the wrapper may await the budget gate
 * before calling the original: no request starts before the guard has decided.
 * - No guard: the original's own promise is returned, observed on a side branch registered before the app's.
 * - With a guard: a promise of the same result (the SDK's own object, never a copy) that first awaits the gate;
 *   a rejection rejects it with the guard's `BudgetExceededError`, a downgrade or clamp calls the original with a
 *   changed copy of params (`adapter.applyBudget`).
 * - A stream's async iterator is observed in place (async-iterable.ts); with a budget guard or a call observer
 *   (the only users of `LlmCall.abortStream`), `adapter.withAbortSignal` gives the request a signal so
 *   `abortStream` stops it through the SDK's own abort.
 */
export function patchAsyncMethod(host: CallHost, adapter: OperationAdapter, clientInfo: ClientInfo) {
  return (original: (...args: any[]) => any) =>
    function patchedAsyncMethod(this: any, ...args: any[]) {
      const started = beginCall(host, adapter, clientInfo, this, args[0]);
      if (started === undefined) return original.apply(this, args);
      const { call } = started;
      let params = started.params;
      let cancel: (() => void) | undefined;
      let gate: Promise<GateOutcome> | undefined;
      try {
        // Only a budget guard (stream metering) or a call observer ever stops a stream: without either, the request
        // gets no signal (the SDK then skips its own AbortController and listener per request).
        if (
          call.stream &&
          adapter.withAbortSignal &&
          (host.getConfig().budgetGuard !== undefined || hasCallObservers())
        ) {
          const controller = new AbortController();
          params = adapter.withAbortSignal(params, controller.signal);
          cancel = () => controller.abort();
        }
        gate = reserveBudget(call);
      } catch (err) {
        diag.error('@llmcost/otel: preparing the call failed; it proceeds unbudgeted', err);
      }
      const send = (sendParams: unknown) => {
        const sendArgs = [...args];
        sendArgs[0] = sendParams;
        return context.with(call.sdkCtx, () => original.apply(this, sendArgs));
      };
      let result: Promise<unknown>;
      if (gate === undefined) {
        try {
          result = send(params);
        } catch (err) {
          call.end(err);
          throw err;
        }
      } else {
        result = gate.then((outcome) => {
          if ('error' in outcome) throw outcome.error;
          return send(outcome.change === undefined ? params : applyBudget(call, params, outcome));
        });
      }
      try {
        observeAsyncResult(result, call, cancel);
      } catch (err) {
        diag.error('@llmcost/otel: observing the call failed', err);
      }
      return result;
    };
}

function applyBudget(call: LlmCall, params: unknown, outcome: GateOutcome): unknown {
  if (!('change' in outcome) || outcome.change === undefined) return params;
  try {
    return call.adapter.applyBudget(params, outcome.change);
  } catch (err) {
    diag.error('@llmcost/otel: applying the budget decision failed; the request is sent unchanged', err);
    return params;
  }
}

/** Side branch: registered before the app's own `then`, so a stream is observed before the app iterates it. */
function observeAsyncResult(result: unknown, call: LlmCall, cancel: (() => void) | undefined): void {
  if (result === null || typeof (result as { then?: unknown })?.then !== 'function') {
    call.end();
    return;
  }
  (result as Promise<unknown>).then(
    (value) => {
      if (call.isEnded || call.resultSeen) return;
      call.resultSeen = true;
      try {
        if (call.stream) observeAsyncIterable(value, call, cancel);
        else {
          call.onResult(value);
          call.end();
        }
      } catch (err) {
        diag.error('@llmcost/otel: observing the result failed', err);
        call.end();
      }
    },
    (err: unknown) => call.end(err),
  );
}
