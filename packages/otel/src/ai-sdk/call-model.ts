import { context, createContextKey, diag } from '@opentelemetry/api';
import { beginCall } from '../core/begin-call.js';
import { reserveBudget } from '../core/budget.js';
import type { GateOutcome, LlmCall } from '../core/call.js';
import type { CallHost } from '../core/host.js';
import { observeReadableStream } from '../core/observed-readable-stream.js';
import type { ClientInfo, OperationAdapter } from '../core/types.js';
import { embeddingModelAdapter } from './embedding-adapter.js';
import { languageModelAdapter } from './language-model-adapter.js';
import { type AiSdkModel, baseURLOf, modelIdOf, providerOf, withModelId } from './model-info.js';

/**
 * The AI SDK transport: one model call (`doGenerate`, `doStream`, `doEmbed`) through the provider-neutral
 * lifecycle, for both ways in (the model wrapper of the zero-code path, and `llmcostMiddleware()`):
 * attribution and span (beginCall), the budget gate awaited before the provider is called, the result or the
 * stream's parts read, the call ended once. `original` is the call as the AI SDK would make it; when the guard
 * changes the request, the (possibly downgraded) model's same method is called with the changed options instead.
 */
type Method = 'doGenerate' | 'doStream' | 'doEmbed';

/** Set while a model call runs inside an llmcost AI SDK call: a nested wrapper (the explicit middleware under the
 * zero-code one) then records nothing, so each provider call has one span. */
const IN_CALL = createContextKey('llmcost ai-sdk call');

/**
 * Provider, model and server of an AI SDK model. @ai-sdk/openai pointed at an OpenAI-compatible host (Groq,
 * DeepSeek, OpenRouter, a local Ollama ...) is that host's provider, as for the `openai` client.
 */
function clientInfo(host: CallHost): ClientInfo {
  return (model: AiSdkModel) => {
    const baseURL = baseURLOf(model);
    let provider = providerOf(model);
    if (provider === 'openai') provider = host.providerOfHost?.(baseURL) ?? provider;
    return { provider, model: modelIdOf(model), baseURL };
  };
}

export function callGenerate<R>(
  host: CallHost | undefined,
  model: AiSdkModel,
  options: any,
  original: () => PromiseLike<R>,
): Promise<R> {
  const params = { options, stream: false, modelId: modelIdOf(model) };
  return run(host, languageAdapter(model), model, params, original, 'doGenerate', recordResult);
}

export function callStream<R extends { stream: ReadableStream<unknown> }>(
  host: CallHost | undefined,
  model: AiSdkModel,
  options: any,
  original: () => PromiseLike<R>,
): Promise<R> {
  const params = { options, stream: true, modelId: modelIdOf(model) };
  return run(host, languageAdapter(model), model, params, original, 'doStream', observeStream);
}

export function callEmbed<R>(
  host: CallHost | undefined,
  model: AiSdkModel,
  options: any,
  original: () => PromiseLike<R>,
): Promise<R> {
  const params = { options, modelId: modelIdOf(model) };
  return run(host, embeddingModelAdapter, model, params, original, 'doEmbed', recordResult);
}

async function run<R>(
  host: CallHost | undefined,
  adapter: OperationAdapter | undefined,
  model: AiSdkModel,
  params: { options: any },
  original: () => PromiseLike<R>,
  method: Method,
  finish: (call: LlmCall, result: R) => R,
): Promise<R> {
  const call = start(host, adapter, model, params);
  if (call === undefined) return original();
  return finish(call, await send(call, model, params, original, method));
}

function recordResult<R>(call: LlmCall, result: R): R {
  call.onResult(result);
  call.end();
  return result;
}

/** The doStream result with its stream observed: a copy of the result object (a ReadableStream has one reader). */
function observeStream<R extends { stream: ReadableStream<unknown> }>(call: LlmCall, result: R): R {
  try {
    call.resultSeen = true;
    return { ...result, stream: observeReadableStream(result.stream, call) };
  } catch (err) {
    diag.error('@llmcost/otel: observing the AI SDK stream failed', err);
    call.end();
    return result;
  }
}

function start(
  host: CallHost | undefined,
  adapter: OperationAdapter | undefined,
  model: AiSdkModel,
  params: object,
): LlmCall | undefined {
  if (host === undefined || adapter === undefined || context.active().getValue(IN_CALL) === true)
    return undefined;
  return beginCall(host, adapter, clientInfo(host), model, params)?.call;
}

function languageAdapter(model: AiSdkModel): OperationAdapter | undefined {
  try {
    return languageModelAdapter(providerOf(model));
  } catch (err) {
    diag.error('@llmcost/otel: reading the AI SDK model failed; the call proceeds unobserved', err);
    return undefined;
  }
}

/** Awaits the gate, sends the request (changed when the guard says so) in the call's context, ends on errors. */
async function send<R>(
  call: LlmCall,
  model: AiSdkModel,
  params: { options: any },
  original: () => PromiseLike<R>,
  method: Method,
): Promise<R> {
  let outcome: GateOutcome = {};
  try {
    const gate = reserveBudget(call);
    if (gate !== undefined) outcome = await gate;
  } catch (err) {
    diag.error('@llmcost/otel: the budget gate failed; the call proceeds unbudgeted', err);
  }
  if ('error' in outcome) {
    call.end(outcome.error);
    throw outcome.error;
  }
  const changed = outcome.change === undefined ? undefined : applyChange(call, model, params, outcome);
  const ctx = call.sdkCtx.setValue(IN_CALL, true);
  try {
    return await context.with(ctx, () =>
      changed === undefined ? original() : (changed.model as any)[method](changed.params.options),
    );
  } catch (err) {
    call.end(err);
    throw err;
  }
}

function applyChange(
  call: LlmCall,
  model: AiSdkModel,
  params: { options: any },
  outcome: GateOutcome,
): { model: AiSdkModel; params: { options: any } } | undefined {
  if (!('change' in outcome) || outcome.change === undefined) return undefined;
  const { change } = outcome;
  let target = model;
  let sendParams = params;
  try {
    sendParams = call.adapter.applyBudget(params, change);
    if (change.model !== undefined) {
      const downgraded = withModelId(model, change.model);
      if (downgraded === undefined)
        diag.warn(
          `@llmcost/otel: the budget guard downgraded ${modelIdOf(model)} to ${change.model}, but this AI SDK model` +
            ' cannot be rebuilt under another id; the request is sent unchanged',
        );
      else target = downgraded;
    }
  } catch (err) {
    diag.error('@llmcost/otel: applying the budget decision failed; the request is sent unchanged', err);
    return undefined;
  }
  return target === model && sendParams === params ? undefined : { model: target, params: sendParams };
}
