import { context, diag } from '@opentelemetry/api';
import { attachGate, gateAbandoned } from './budget-gate.js';
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
      const { call, sendArgs, gated } = started;
      let result: unknown;
      try {
        result = context.with(call.ctx, () => original.apply(this, sendArgs));
      } catch (err) {
        if (gated) gateAbandoned();
        call.end(err);
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
    if (guard === undefined) return { call, sendArgs, gated: false };
    if (sendArgs === args) sendArgs = [...args];
    sendArgs[1] = attachGate(call, guard, sendArgs[1]);
    return { call, sendArgs, gated: true };
  } catch (err) {
    diag.error('@llmcost/otel: starting the call telemetry failed; the call proceeds unobserved', err);
    call?.end();
    return undefined;
  }
}
