import { context, diag } from '@opentelemetry/api';
import { beginCall } from '../core/begin-call.js';
import { reserveBudget } from '../core/budget.js';
import type { GateOutcome, LlmCall } from '../core/call.js';
import type { CallHost } from '../core/host.js';
import type { ClientInfo, OperationAdapter } from '../core/types.js';
import { type ModelCall, withChange } from './model-call.js';

/** What a patched method needs: the Gemini adapter, and the request as that adapter reads it. */
export interface MethodSpec {
  adapter: OperationAdapter;
  view(call: ModelCall): object;
  /** `generateContentStream`: the result is `{ stream, response }`. */
  stream?: boolean;
}

/** The Gemini API (the SDK speaks no other): `requestOptions.baseUrl` of the call, else of the model. */
const clientInfo: ClientInfo = (target: any, view: { requestOptions?: any }) => ({
  provider: 'gcp.gemini',
  baseURL:
    view.requestOptions?.baseUrl ??
    target?._requestOptions?.baseUrl ??
    'https://generativelanguage.googleapis.com',
});

/**
 * A `GenerativeModel` method `(request, requestOptions?) => Promise<result>` through the lifecycle: the budget
 * gate awaited before the original is called (its promise carries nothing of its own, so nothing is lost by
 * returning ours), the call made in the span's suppressed context, the result read on a side branch and handed
 * back as it is. A stream's `{ stream, response }` is recorded from `response`, the SDK's aggregate of the
 * chunks (usage from the last one), which the SDK reads from its own branch of the stream whether or not the app
 * reads `stream` or `response`; so `time_to_first_chunk` is not recorded and stream metering cannot cut these
 * streams (the budget still settles to their actual cost).
 */
export function patchModelMethod(host: CallHost, spec: MethodSpec) {
  return (original: (...args: any[]) => Promise<any>) =>
    function llmcostGenerativeModel(this: any, ...args: any[]) {
      const call: ModelCall = { target: this, request: args[0], requestOptions: args[1] };
      let view: any;
      try {
        view = { ...spec.view(call), requestOptions: call.requestOptions };
      } catch (err) {
        diag.error(
          '@llmcost/otel: reading the @google/generative-ai request failed; it proceeds unobserved',
          err,
        );
        return original.apply(this, args);
      }
      const started = beginCall(host, spec.adapter, clientInfo, this, view);
      if (started === undefined) return original.apply(this, args);
      return run(started.call, call, args, original, spec.stream === true);
    };
}

async function run(
  llmCall: LlmCall,
  call: ModelCall,
  args: any[],
  original: (...args: any[]) => Promise<any>,
  stream: boolean,
): Promise<any> {
  let outcome: GateOutcome = {};
  try {
    const gate = reserveBudget(llmCall);
    if (gate !== undefined) outcome = await gate;
  } catch (err) {
    diag.error('@llmcost/otel: the budget gate failed; the call proceeds unbudgeted', err);
  }
  if ('error' in outcome) {
    llmCall.end(outcome.error);
    throw outcome.error;
  }
  let target = call.target;
  let sendArgs = args;
  if (outcome.change !== undefined) {
    try {
      const changed = withChange(call, outcome.change);
      target = changed.target;
      sendArgs = [changed.request, ...args.slice(1)];
    } catch (err) {
      diag.error('@llmcost/otel: applying the budget decision failed; the request is sent unchanged', err);
    }
  }
  let result: any;
  try {
    result = await context.with(llmCall.sdkCtx, () => original.apply(target, sendArgs));
  } catch (err) {
    llmCall.end(err);
    throw err;
  }
  observe(llmCall, result, stream);
  return result;
}

function observe(llmCall: LlmCall, result: any, stream: boolean): void {
  try {
    llmCall.resultSeen = true;
    if (!stream) {
      // generateContent resolves to `{ response }`; the embedding methods to the response body itself.
      llmCall.onResult(result?.response ?? result);
      llmCall.end();
      return;
    }
    const response = result?.response;
    if (typeof response?.then !== 'function') {
      llmCall.end();
      return;
    }
    response.then(
      (aggregated: unknown) => {
        llmCall.onResult(aggregated);
        llmCall.end();
      },
      (err: unknown) => llmCall.end(err),
    );
  } catch (err) {
    diag.error('@llmcost/otel: observing the @google/generative-ai result failed', err);
    llmCall.end();
  }
}
