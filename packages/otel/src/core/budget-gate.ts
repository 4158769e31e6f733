import type { BudgetGuardLike, BudgetRequest } from '@llmcost/budget';
import { diag } from '@opentelemetry/api';
import type { GateOutcome, LlmCall } from './call.js';
import type { BudgetChange } from './types.js';

/**
 * Budget gate. The patched `create()` must return the SDK's own APIPromise synchronously, yet the guard's
 * reservation is async and must finish before any network traffic. Every supported SDK (openai 4-7,
 * @anthropic-ai/sdk 0.x-1.x, all Stainless-generated) sends a request through `client.makeRequest(optionsInput)`,
 * an async method that first awaits its options. So `create()` passes the pending decision inside a copy of its
 * request options, under a symbol key (object spread carries symbol keys through `post()` and `methodRequest()`),
 * and the wrapped `makeRequest` awaits it: a rejection rejects the APIPromise before any fetch, a downgrade or
 * a clamp swaps `options.body` (the SDK's own copy of the params) for a changed copy.
 */
export const GATE = Symbol('llmcost.budgetGate');

interface Gate {
  ready: Promise<GateOutcome>;
  applyBudget: (body: any, change: BudgetChange) => any;
}

// Gates attached but not yet taken by makeRequest. While zero, makeRequest runs untouched (no extra await).
let openGates = 0;

export function attachGate(
  call: LlmCall,
  guard: BudgetGuardLike,
  options: unknown,
): Record<PropertyKey, unknown> {
  const { feature, userId, tier } = call.attribution;
  const params = call.params;
  const adapter = call.adapter;
  const request: BudgetRequest = {
    provider: call.provider,
    model: call.requestModel,
    inputText: () => adapter.inputText(params),
  };
  if (feature !== undefined) request.feature = feature;
  if (userId !== undefined) request.userId = userId;
  if (tier !== undefined) request.tier = tier;
  const maxOutputTokens = adapter.maxOutputTokens(params);
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;

  let pending: Promise<GateOutcome>;
  try {
    pending = Promise.resolve(guard.reserve(request)).then((decision) => call.onBudgetDecision(decision));
  } catch (err) {
    pending = Promise.reject(err);
  }
  // A guard that throws (a bug; policy failures come back as decisions) must not break the app: the call goes on.
  const ready = pending.catch((err): GateOutcome => {
    diag.error('@llmcost/otel: budget guard failed; the call proceeds without a reservation', err);
    return {};
  });
  openGates++;
  const gate: Gate = { ready, applyBudget: (body, change) => adapter.applyBudget(body, change) };
  return options !== null && typeof options === 'object' ? { ...options, [GATE]: gate } : { [GATE]: gate };
}

/** For a gate attached to a call whose SDK method threw before reaching makeRequest. */
export function gateAbandoned(): void {
  if (openGates > 0) openGates--;
}

export function patchMakeRequest(original: (...args: any[]) => any) {
  return function patchedMakeRequest(this: unknown, optionsInput: unknown, ...rest: unknown[]) {
    if (openGates === 0) return original.call(this, optionsInput, ...rest);
    return gatedRequest(this, original, optionsInput, rest);
  };
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
