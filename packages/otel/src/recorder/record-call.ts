import { performance } from 'node:perf_hooks';
import type { CostResult, Usage } from '@llmcost/pricing';
import { context, diag, SpanStatusCode, trace } from '@opentelemetry/api';
import { contentMaxChars, type LlmCall } from '../core/call.js';
import type { GenAiMessage } from '../core/types.js';
import { recordMetrics } from '../metrics/record-metrics.js';
import { ATTR, setCostAttributes } from './attributes.js';
import { type CallPricingStatus, type CallRecord, emitCallRecord, hasCallListeners } from './call-record.js';
import { serializeMessages, textMessage } from './content.js';
import { trackPendingSpan } from './pending-spans.js';
import { priceModels } from './price-models.js';
import { computeCost, countTokens, getPricingVersion, providerReportedCost } from './pricing-port.js';

/** Which sides of a call's usage are written under the GenAI names (span attributes, gen_ai.client.token.usage). */
export interface GenAiUsageSides {
  readonly input: boolean;
  readonly output: boolean;
}
export const PROVIDER_REPORTED: GenAiUsageSides = { input: true, output: true };
const INPUT_REPORTED: GenAiUsageSides = { input: true, output: false };
const NONE_REPORTED: GenAiUsageSides = { input: false, output: false };

/** Providers whose own reported cost (ResponseState.reportedCostUsd) is the call's cost: what was billed,
 * whichever upstream served it. */
const REPORTS_COST = new Set(['openrouter']);

/**
 * The one place where a finished call becomes telemetry, for every provider: usage -> price -> span attributes,
 * metrics, budget settlement and the in-process CallRecord.
 */
export function recordCall(call: LlmCall, error: unknown): void {
  const { state, span } = call;
  const errorType = error === undefined ? undefined : errorTypeOf(error);
  const endTime = performance.now();

  let usage = state.usage;
  let estimated = false;
  // Which sides of the usage may carry the GenAI names: the provider's counts always; our local counts only when
  // the user opted in (estimatedUsageAsGenAi), else they go under llmcost.estimated.*.
  let sides = PROVIDER_REPORTED;
  if (usage === undefined && state.received) {
    usage = estimateUsage(call);
    estimated = usage !== undefined;
    if (estimated && call.host.getConfig().estimatedUsageAsGenAi !== true)
      sides = state.inputUsage === undefined ? NONE_REPORTED : INPUT_REPORTED;
  }
  // Embeddings produce no output tokens: semconv's embeddings span has input tokens only.
  if (call.adapter.operation === 'embeddings') sides = { input: sides.input, output: false };
  const cost = usage === undefined ? undefined : price(call, usage);
  // An error before any response bills nothing: no pricing status, and the budget is refunded.
  let status: CallPricingStatus | undefined;
  if (usage !== undefined)
    status = cost?.status === 'priced' ? (estimated ? 'estimated' : 'priced') : 'unpriced';
  else if (errorType === undefined) status = 'unpriced';

  const ttfc = call.firstChunkTime === undefined ? undefined : (call.firstChunkTime - call.startTime) / 1000;
  if (span.isRecording()) setResponseAttributes(call, usage, sides, cost, status, errorType, ttfc);
  if (errorType !== undefined)
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error, call) });

  try {
    recordMetrics(call, usage, sides, cost, status, errorType, (endTime - call.startTime) / 1000, ttfc);
  } catch (err) {
    diag.error('@llmcost/otel: recording metrics failed', err);
  }
  // The guard adds its events (the user spend alert) to the active span once its store replies: keep the LLM
  // span open until then, ended at the time the call ended so its duration is the call's.
  const settled = settleBudget(call, usage, cost, errorType);
  if (settled === undefined) span.end(endTime);
  else trackPendingSpan(settled.then(() => span.end(endTime)));
  if (hasCallListeners()) emitCallRecord(callRecord(call, usage, cost, status, errorType));
}

/**
 * The response side of the span, one `setAttribute` per attribute (sdk-trace's `setAttributes` is that same loop,
 * over an object built for it). Skipped for a sampled-out span, which drops attributes anyway.
 */
function setResponseAttributes(
  call: LlmCall,
  usage: Usage | undefined,
  sides: GenAiUsageSides,
  cost: CostResult | undefined,
  status: CallPricingStatus | undefined,
  errorType: string | undefined,
  ttfc: number | undefined,
): void {
  const { state, span } = call;
  if (state.responseModel !== undefined) span.setAttribute(ATTR.responseModel, state.responseModel);
  if (state.responseId !== undefined) span.setAttribute(ATTR.responseId, state.responseId);
  if (call.provider === 'openai') {
    if (state.serviceTier !== undefined) span.setAttribute(ATTR.openaiResponseServiceTier, state.serviceTier);
    if (state.systemFingerprint !== undefined)
      span.setAttribute(ATTR.openaiResponseSystemFingerprint, state.systemFingerprint);
  }
  const finishReasons = definedOnly(state.finishReasons);
  if (finishReasons.length > 0) span.setAttribute(ATTR.responseFinishReasons, finishReasons);
  if (usage !== undefined) {
    span.setAttribute(sides.input ? ATTR.usageInputTokens : ATTR.estimatedInputTokens, usage.inputTokens);
    if (call.adapter.operation !== 'embeddings')
      span.setAttribute(
        sides.output ? ATTR.usageOutputTokens : ATTR.estimatedOutputTokens,
        usage.outputTokens,
      );
    if (usage.cacheReadInputTokens !== undefined)
      span.setAttribute(ATTR.usageCacheReadInputTokens, usage.cacheReadInputTokens);
    if (usage.cacheCreationInputTokens !== undefined) {
      // semconv-genai renamed it (PR 440): the name @anthropic-ai/sdk's own spans already use.
      const latest = call.host.getConfig().genAiLatestConventions === true;
      const name = latest ? ATTR.usageCacheWriteInputTokens : ATTR.usageCacheCreationInputTokens;
      span.setAttribute(name, usage.cacheCreationInputTokens);
    }
    if (usage.reasoningOutputTokens !== undefined)
      span.setAttribute(ATTR.usageReasoningOutputTokens, usage.reasoningOutputTokens);
  }
  if (status !== undefined) span.setAttribute(ATTR.pricingStatus, status);
  if (cost !== undefined) setCostAttributes(span, cost);
  if (ttfc !== undefined) span.setAttribute(ATTR.responseTimeToFirstChunk, ttfc);
  const config = call.host.getConfig();
  if (config.captureMessageContent) {
    const messages = outputMessages(call);
    if (messages.length > 0)
      span.setAttribute(ATTR.outputMessages, serializeMessages(messages, contentMaxChars(config)));
  }
  if (errorType !== undefined) span.setAttribute(ATTR.errorType, errorType);
}

function price(call: LlmCall, usage: Usage): CostResult | undefined {
  const table = tablePrice(call, usage);
  const reported = call.state.reportedCostUsd;
  if (reported === undefined || !REPORTS_COST.has(call.provider)) return table;
  return providerReportedCost(reported, table?.pricingVersion ?? getPricingVersion(), table);
}

function tablePrice(call: LlmCall, usage: Usage): CostResult | undefined {
  try {
    const { state } = call;
    const tier = state.serviceTier ?? call.requestedServiceTier;
    return priceModels(computeCost, usage, call.provider, call.requestModel, state.responseModel, tier);
  } catch (err) {
    diag.error('@llmcost/otel: computeCost failed', err);
    return undefined;
  }
}

/** The array itself when it has no holes (the usual case), else a copy without them. */
export function definedOnly(values: readonly (string | undefined)[]): string[] {
  for (const v of values) if (v === undefined) return values.filter((r): r is string => r !== undefined);
  return values as string[];
}

/** Provider reported no usage (stream without include_usage, broken stream): count what was sent and seen. */
function estimateUsage(call: LlmCall): Usage | undefined {
  try {
    const { state } = call;
    const model = state.responseModel ?? call.requestModel;
    const input = state.inputUsage?.inputTokens ?? call.adapter.countInputTokens(call.params, model);
    const text = state.text.join('');
    const output = text.length === 0 ? 0 : countTokens(text, model).tokens;
    return { ...state.inputUsage, inputTokens: input, outputTokens: output };
  } catch (err) {
    diag.error('@llmcost/otel: estimating usage failed', err);
    return undefined;
  }
}

function settleBudget(
  call: LlmCall,
  usage: Usage | undefined,
  cost: CostResult | undefined,
  errorType: string | undefined,
): Promise<void> | undefined {
  const reservation = call.budget?.reservation;
  const guard = call.host.getConfig().budgetGuard;
  if (reservation === undefined || guard === undefined) return undefined;
  // Nothing billed (failed before any response): refund with 0. Tokens without a price: undefined, which the
  // guard keeps at the reserved worst case (an unpriced call is never counted as $0).
  const actual =
    cost?.status === 'priced'
      ? cost.totalUsd
      : usage === undefined && errorType !== undefined
        ? 0
        : undefined;
  // A call that ended by itself (the provider said why: a finish reason) teaches the expected-cost policy
  // its output length; a failed, cut or abandoned one would understate it. One stopped by max_tokens counts
  // at its cap: a lower bound of its natural length, closer than leaving it out.
  const outcome =
    usage !== undefined && errorType === undefined && definedOnly(call.state.finishReasons).length > 0
      ? { outputTokens: usage.outputTokens }
      : {};
  const failed = (err: unknown) => diag.error('@llmcost/otel: budget settle failed', err);
  try {
    // In the LLM span's context, whatever context the app's await resumed in.
    const ctx = trace.setSpan(call.ctx ?? context.active(), call.span);
    return Promise.resolve(context.with(ctx, () => guard.settle(reservation, actual, outcome))).then(
      undefined,
      failed,
    );
  } catch (err) {
    failed(err);
    return undefined;
  }
}

function callRecord(
  call: LlmCall,
  usage: Usage | undefined,
  cost: CostResult | undefined,
  status: CallPricingStatus | undefined,
  errorType: string | undefined,
): CallRecord {
  const { feature, tier } = call.attribution;
  const record: CallRecord = {
    provider: call.provider,
    operation: call.adapter.operation,
    requestModel: call.requestModel,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cacheReadInputTokens: usage?.cacheReadInputTokens ?? 0,
    cacheCreationInputTokens: usage?.cacheCreationInputTokens ?? 0,
    pricingStatus: status ?? 'unpriced',
  };
  if (call.state.responseModel !== undefined) record.responseModel = call.state.responseModel;
  if (feature !== undefined) record.feature = feature;
  // The label: the pseudonym when user ids are hashed, so the exit summary never prints a raw id then.
  if (call.userLabel !== undefined) record.userId = call.userLabel;
  if (tier !== undefined) record.tier = tier;
  if (cost?.status === 'priced') {
    record.costUsd = cost.totalUsd;
    if (cost.totalFemtoUsd !== undefined) record.costExact = cost.totalFemtoUsd;
  }
  if (errorType !== undefined) record.errorType = errorType;
  return record;
}

function outputMessages(call: LlmCall): GenAiMessage[] {
  const { state } = call;
  if (state.outputMessages) return state.outputMessages;
  const out: GenAiMessage[] = [];
  state.text.forEach((text, i) => {
    if (text !== undefined) out.push(textMessage('assistant', text, state.finishReasons[i]));
  });
  return out;
}

/** Low-cardinality error type: the SDK error's class name (`RateLimitError`, `BudgetExceededError`, ...). */
export function errorTypeOf(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name.length > 0 && name !== 'Object') return name;
  }
  return '_OTHER';
}

/** The error's message for the span status; with hashed user ids, never the raw id (the pseudonym instead). */
function errorMessage(error: unknown, call: LlmCall): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { userId } = call.attribution;
  const label = call.userLabel;
  if (userId === undefined || label === undefined || label === userId || userId.length === 0)
    return error.message;
  return error.message.replaceAll(userId, label);
}
