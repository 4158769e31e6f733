import { context, diag } from '@opentelemetry/api';
import { attachGate, canGate, gateAbandoned } from './budget-gate.js';
import type { GateOutcome } from './call.js';
import { LlmCall } from './call.js';
import type { CallHost } from './host.js';
import { observeApiPromise } from './observe-promise.js';
import type { OperationAdapter, ProviderName } from './types.js';

/** Who the resource's client is: provider name, the model the request is for (Azure: the deployment), base URL. */
export type ClientInfo = (
  resource: any,
  params: any,
) => { provider: ProviderName; model?: string; baseURL?: unknown };

/**
 * Wraps a Stainless resource method `create(params, options)`. The original is always called, once, with the
 * caller's arguments (or copies of them: the caller's objects are never mutated); its own APIPromise is returned.
 */
export function patchCreate(host: CallHost, adapter: OperationAdapter, clientInfo: ClientInfo) {
  return (original: (...args: any[]) => any) =>
    function patchedCreate(this: any, ...args: any[]) {
      const started = host.isEnabled() ? startCall(this, host, adapter, clientInfo, args) : undefined;
      if (started === undefined) return original.apply(this, args);
      const { call, sendArgs, gate } = started;
      let result: unknown;
      try {
        result = context.with(call.ctx, () => original.apply(this, sendArgs));
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

function startCall(
  resource: any,
  host: CallHost,
  adapter: OperationAdapter,
  clientInfo: ClientInfo,
  args: any[],
) {
  const params = args[0];
  if (params === null || typeof params !== 'object') return undefined;
  let call: LlmCall | undefined;
  try {
    const config = host.getConfig();
    const info = clientInfo(resource, params);
    let sendParams = params;
    if (config.injectStreamUsage && adapter.withStreamUsage && adapter.isStream(params)) {
      sendParams = adapter.withStreamUsage(params) ?? params;
    }
    call = new LlmCall(host, adapter, info.provider, sendParams, info.model, info.baseURL);
    let sendArgs = args;
    if (sendParams !== params) {
      sendArgs = [...args];
      sendArgs[0] = sendParams;
    }
    const guard = config.budgetGuard;
    // Without our makeRequest hook a gate would never be awaited (a rejection not enforced): no gate then.
    if (guard === undefined || !canGate(resource)) return { call, sendArgs, gate: undefined };
    if (sendArgs === args) sendArgs = [...args];
    const attached = attachGate(call, guard, sendArgs[1]);
    sendArgs[1] = attached.options;
    const gate: Promise<GateOutcome> | undefined = attached.ready;
    return { call, sendArgs, gate };
  } catch (err) {
    diag.error('@llmcost/otel: starting the call telemetry failed; the call proceeds unobserved', err);
    call?.end();
    return undefined;
  }
}
