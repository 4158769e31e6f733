import { diag } from '@opentelemetry/api';
import { LlmCall } from './call.js';
import { notifyCallBegun } from './call-observers.js';
import type { CallHost } from './host.js';
import type { ClientInfo, OperationAdapter } from './types.js';

export interface BegunCall {
  call: LlmCall;
  /** The params to send: the caller's, or a copy the instrumentation changed (never the caller's object mutated). */
  params: any;
}

/**
 * Starts the lifecycle of one call for any transport: undefined when the instrumentation is off, the params are
 * not an object, or starting failed (logged): the original call then proceeds unobserved.
 */
export function beginCall(
  host: CallHost,
  adapter: OperationAdapter,
  clientInfo: ClientInfo,
  target: unknown,
  params: unknown,
): BegunCall | undefined {
  if (!host.isEnabled() || params === null || typeof params !== 'object') return undefined;
  let call: LlmCall | undefined;
  try {
    const info = clientInfo(target, params);
    let sendParams: any = params;
    if (host.getConfig().injectStreamUsage && adapter.withStreamUsage && adapter.isStream(params)) {
      sendParams = adapter.withStreamUsage(params) ?? params;
    }
    call = new LlmCall(host, adapter, info.provider, sendParams, info.model, info.baseURL);
    notifyCallBegun(call);
    return { call, params: sendParams };
  } catch (err) {
    diag.error('@llmcost/otel: starting the call telemetry failed; the call proceeds unobserved', err);
    call?.end();
    return undefined;
  }
}
