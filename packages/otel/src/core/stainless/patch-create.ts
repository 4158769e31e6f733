import { context, diag } from '@opentelemetry/api';
import { beginCall } from '../begin-call.js';
import { reserveBudget } from '../budget.js';
import type { GateOutcome } from '../call.js';
import type { CallHost } from '../host.js';
import type { ClientInfo, OperationAdapter } from '../types.js';
import { observeApiPromise } from './api-promise.js';
import { attachGate, canGate, gateAbandoned } from './make-request-gate.js';

/**
 * The Stainless transport (openai, @anthropic-ai/sdk): wraps a resource method `create(params, options)`. The
 * original is always called, once, with the caller's arguments (or copies of them: the caller's objects are
 * never mutated); its own APIPromise is returned, observed in place (api-promise.ts).
 */
export function patchCreate(host: CallHost, adapter: OperationAdapter, clientInfo: ClientInfo) {
  return (original: (...args: any[]) => any) =>
    function patchedCreate(this: any, ...args: any[]) {
      const started = beginCall(host, adapter, clientInfo, this, args[0]);
      if (started === undefined) return original.apply(this, args);
      const { call } = started;
      let sendArgs = args;
      if (started.params !== args[0]) {
        sendArgs = [...args];
        sendArgs[0] = started.params;
      }
      let gate: Promise<GateOutcome> | undefined;
      try {
        // Without our makeRequest hook a gate would never be awaited (a rejection not enforced): no gate then.
        if (host.getConfig().budgetGuard !== undefined && canGate(this)) gate = reserveBudget(call);
        if (gate !== undefined) {
          if (sendArgs === args) sendArgs = [...args];
          sendArgs[1] = attachGate(call, gate, sendArgs[1]);
        }
      } catch (err) {
        diag.error('@llmcost/otel: budget gate failed; the call proceeds unbudgeted', err);
      }
      let result: unknown;
      try {
        result = context.with(call.sdkCtx, () => original.apply(this, sendArgs));
      } catch (err) {
        // The SDK threw before sending (e.g. @anthropic-ai/sdk's calculateNonstreamingTimeout for a large
        // non-streaming max_tokens). The guard may already hold a reservation: end once its decision is in, so
        // the recorder refunds it (settled with 0) instead of pinning the user's budget until its TTL.
        if (gate === undefined) call.end(err);
        else {
          gateAbandoned();
          gate.then(() => call.end(err));
        }
        throw err;
      }
      try {
        return observeApiPromise(result, call);
      } catch (err) {
        diag.error('@llmcost/otel: observing the call failed', err);
        return result;
      }
    };
}
