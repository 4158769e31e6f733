import { diag } from '@opentelemetry/api';
import type { LlmCall } from './call.js';

type CallObserver = (call: LlmCall) => void;

/**
 * In-process observers of every call as it begins (before the budget gate and the request), for features that
 * ride on the lifecycle without a transport of their own, such as stream metering (issue 13): an observer may
 * set `call.chunkObserver` and later `call.abortStream(...)`. Internal API, not exported by the package.
 */
const observers: CallObserver[] = [];

export function addCallObserver(observer: CallObserver): () => void {
  observers.push(observer);
  return () => {
    const i = observers.indexOf(observer);
    if (i >= 0) observers.splice(i, 1);
  };
}

export function hasCallObservers(): boolean {
  return observers.length > 0;
}

export function notifyCallBegun(call: LlmCall): void {
  if (observers.length === 0) return;
  for (const observer of observers) {
    try {
      observer(call);
    } catch (err) {
      diag.error('@llmcost/otel: a call observer threw', err);
    }
  }
}
