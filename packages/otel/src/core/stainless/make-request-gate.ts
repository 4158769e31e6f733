import { diag } from '@opentelemetry/api';
import type { GateOutcome, LlmCall } from '../call.js';
import type { BudgetChange } from '../types.js';

/**
 * The Stainless transport's budget gate. The patched `create()` must return the SDK's own APIPromise
 * synchronously, yet the guard's reservation is async and must finish before any network traffic. Every
 * supported SDK (openai 4-7, @anthropic-ai/sdk 0.x-1.x, all Stainless-generated) sends a request through
 * `client.makeRequest(optionsInput)`, an async method that first awaits its options. So `create()` passes the
 * pending decision inside a copy of its request options, under a symbol key (object spread carries symbol keys
 * through `post()` and `methodRequest()`), and the wrapped `makeRequest` awaits it: a rejection rejects the
 * APIPromise before any fetch, a downgrade or a clamp swaps `options.body` (the SDK's own copy of the params)
 * for a changed copy.
 */
export const GATE = Symbol('llmcost.budgetGate');

interface Gate {
  ready: Promise<GateOutcome>;
  applyBudget: (body: any, change: BudgetChange) => any;
}

/** Marks our wrapped `makeRequest`: a client whose `makeRequest` lacks it cannot hold a call for the budget. */
const GATE_HOOK = Symbol('llmcost.budgetGateHook');
const warnedClients = new WeakSet<object>();

/** Whether this resource's client sends through our wrapped `makeRequest`; logs once per client class if not. */
export function canGate(resource: unknown): boolean {
  const client = (resource as { _client?: unknown } | null | undefined)?._client;
  if (client === null || typeof client !== 'object') return warnNoHook(undefined);
  const makeRequest = (client as { makeRequest?: unknown }).makeRequest;
  if (typeof makeRequest === 'function' && (makeRequest as { [GATE_HOOK]?: true })[GATE_HOOK] === true)
    return true;
  return warnNoHook(Object.getPrototypeOf(client));
}

let warnedUnknown = false;
function warnNoHook(clientProto: object | null | undefined): false {
  if (clientProto === null || clientProto === undefined) {
    if (warnedUnknown) return false;
    warnedUnknown = true;
  } else {
    if (warnedClients.has(clientProto)) return false;
    warnedClients.add(clientProto);
  }
  const name = (clientProto as { constructor?: { name?: string } } | null | undefined)?.constructor?.name;
  diag.warn(
    `@llmcost/otel: budgets cannot be enforced for this SDK version${name ? ` (client ${name})` : ''}: ` +
      'its client has no makeRequest to hold calls before they are sent; calls proceed unbudgeted',
  );
  return false;
}

// Gates attached but not yet taken by makeRequest. While zero, makeRequest runs untouched (no extra await).
let openGates = 0;

/** A copy of the request options carrying the pending budget decision for the wrapped `makeRequest`. */
export function attachGate(
  call: LlmCall,
  ready: Promise<GateOutcome>,
  options: unknown,
): Record<PropertyKey, unknown> {
  openGates++;
  const adapter = call.adapter;
  const gate: Gate = { ready, applyBudget: (body, change) => adapter.applyBudget(body, change) };
  return options !== null && typeof options === 'object' ? { ...options, [GATE]: gate } : { [GATE]: gate };
}

/** For a gate attached to a call whose SDK method threw before reaching makeRequest. */
export function gateAbandoned(): void {
  if (openGates > 0) openGates--;
}

export function patchMakeRequest(original: (...args: any[]) => any) {
  const patched = function patchedMakeRequest(this: unknown, optionsInput: unknown, ...rest: unknown[]) {
    if (openGates === 0) return original.call(this, optionsInput, ...rest);
    return gatedRequest(this, original, optionsInput, rest);
  };
  Object.defineProperty(patched, GATE_HOOK, { value: true });
  return patched;
}

async function gatedRequest(
  self: unknown,
  original: (...args: any[]) => any,
  optionsInput: unknown,
  rest: unknown[],
) {
  const options = (await optionsInput) as Record<PropertyKey, any> | undefined;
  const gate = options?.[GATE] as Gate | undefined;
  if (options === undefined || gate === undefined) return original.call(self, options, ...rest);
  // Retries call makeRequest again with the same options: the gate is taken once.
  delete options[GATE];
  openGates--;
  const outcome = await gate.ready;
  if ('error' in outcome) throw outcome.error;
  if (outcome.change !== undefined && options.body !== null && typeof options.body === 'object') {
    options.body = gate.applyBudget(options.body, outcome.change);
  }
  return original.call(self, options, ...rest);
}
