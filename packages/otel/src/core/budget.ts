import type { BudgetRequest } from '@llmcost/budget';
import { diag } from '@opentelemetry/api';
import { getTrustedLlmContext, userLabelOf } from '../context.js';
import type { GateOutcome, LlmCall } from './call.js';

/** Set, and not a positive whole number of tokens. */
function unreadableMaxTokens(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !(typeof value === 'number' && Number.isSafeInteger(value) && value > 0);
}

/**
 * Asks the configured budget guard about the call, before any network I/O: the decision lands on the span
 * (`LlmCall.onBudgetDecision`) and comes back as what the request must become. Undefined when no guard is
 * configured, so a transport without a guard adds no await. Never rejects: a guard that throws (a bug; policy
 * failures come back as decisions) is logged and the call goes on unbudgeted.
 */
export function reserveBudget(call: LlmCall): Promise<GateOutcome> | undefined {
  const guard = call.host.getConfig().budgetGuard;
  if (guard === undefined) return undefined;
  const config = call.host.getConfig();
  // Only what this process set, or baggage keys the configuration trusts: any client can send a baggage header.
  const trusted = getTrustedLlmContext(call.ctx, config.budgetTrustedBaggage);
  const { feature, tier } = trusted;
  const params = call.params;
  const adapter = call.adapter;
  const request: BudgetRequest = {
    provider: call.provider,
    model: call.requestModel,
    inputText: () => adapter.inputText(params),
  };
  if (feature !== undefined) request.feature = feature;
  // The pseudonym when user ids are hashed, for the store's keys too: the raw id never leaves the process.
  const user = userLabelOf(trusted, config.userIdHashKey);
  if (user !== undefined) {
    request.userId = user.label;
    request.userLabel = user.label;
  }
  if (tier !== undefined) request.tier = tier;
  // A stream is metered (metering/stream-metering.ts): the guard may hold less for it up front.
  if (call.stream) request.stream = true;
  let pending: Promise<GateOutcome>;
  try {
    if (unreadableMaxTokens(adapter.maxOutputTokensParam?.(params))) {
      // Never rewrite a parameter we cannot read: the provider answers it (400 for "50" or -5 at OpenAI,
      // Anthropic, Gemini and Bedrock). The guard still reserves as for a request without a limit, so a lenient
      // server that accepts the value (llama.cpp reads -1 as "no limit") cannot take the call around the budget.
      call.keepMaxOutputTokens = true;
    } else {
      const maxOutputTokens = adapter.maxOutputTokens(params);
      if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
    }
    pending = Promise.resolve(guard.reserve(request)).then((decision) => call.onBudgetDecision(decision));
  } catch (err) {
    pending = Promise.reject(err);
  }
  return pending.catch((err): GateOutcome => {
    diag.error('@llmcost/otel: budget guard failed; the call proceeds without a reservation', err);
    return {};
  });
}
