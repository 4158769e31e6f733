import { context, diag } from '@opentelemetry/api';
import { beginCall } from '../begin-call.js';
import { reserveBudget } from '../budget.js';
import type { GateOutcome, LlmCall } from '../call.js';
import type { CallHost } from '../host.js';
import type { ClientInfo, OperationAdapter } from '../types.js';
import { withServerAttributes } from './client-endpoint.js';
import { observeEventStream } from './event-stream-output.js';

/** How one AWS SDK command is observed. */
export interface AwsCommandSpec {
  /** The adapter for the command's input (InvokeModel's depends on the model's body), or undefined: not observed. */
  adapter(input: any): OperationAdapter | undefined;
  /** The output member that carries the event stream of a streaming command (`stream`, `body`). */
  streamMember?: string;
}

/** The observed commands, by command class. */
export type AwsCommandSpecs = ReadonlyMap<unknown, AwsCommandSpec>;

/**
 * The AWS SDK v3 transport: wraps a client class's `send(command, options?, callback?)`, for any AWS SDK v3 GenAI
 * client (Bedrock Runtime today). Wrapping `send` rather than adding a middleware to the client's stack because:
 * - the budget gate must run before ANY network I/O, and the stack's own steps already do some (credential
 *   providers call STS / IMDS / SSO, endpoint discovery): awaiting the gate before `send` starts holds all of it;
 * - cutting a stream (stream metering) needs the request's `abortSignal`, which only `send`'s options carry to the
 *   HTTP handler (a middleware cannot add one);
 * - a downgrade sends a copy of the command with another input (below), never touching the caller's command, and
 *   without adding anything to the caller's client or command middleware stacks.
 * The SDK's own promise (or callback) gets the SDK's own output object; event streams are observed in place.
 */
export function patchSend(host: CallHost, specs: AwsCommandSpecs, clientInfo: ClientInfo) {
  return (original: (...args: any[]) => any) =>
    function patchedSend(this: any, ...args: any[]) {
      const [command, optionsOrCb, cb] = args;
      const spec =
        command === null || typeof command !== 'object' ? undefined : specs.get(command.constructor);
      if (spec === undefined) return original.apply(this, args);
      let adapter: OperationAdapter | undefined;
      try {
        adapter = spec.adapter(command.input);
      } catch (err) {
        diag.debug('@llmcost/otel: unreadable AWS SDK command input; the call proceeds unobserved', err);
      }
      const started = adapter && beginCall(host, adapter, clientInfo, this, command.input);
      if (!started) return original.apply(this, args);
      const { call } = started;
      const callback =
        typeof optionsOrCb === 'function' ? optionsOrCb : typeof cb === 'function' ? cb : undefined;
      let options = typeof optionsOrCb === 'function' ? undefined : (optionsOrCb as Record<string, unknown>);
      let cancel: (() => void) | undefined;
      let gate: Promise<GateOutcome> | undefined;
      try {
        withServerAttributes(this, (baseURL) => call.setServer(baseURL));
        if (call.stream) ({ options, cancel } = withAbortSignal(options));
        gate = reserveBudget(call);
      } catch (err) {
        diag.error('@llmcost/otel: preparing the call failed; it proceeds unbudgeted', err);
      }
      const send = (input: unknown) =>
        context.with(call.ctx, () =>
          original.call(this, input === command.input ? command : withInput(command, input), options),
        );
      let result: Promise<unknown>;
      if (gate === undefined) {
        try {
          result = send(started.params);
        } catch (err) {
          call.end(err);
          throw err;
        }
      } else {
        result = gate.then((outcome) => {
          if ('error' in outcome) throw outcome.error;
          return send(
            outcome.change === undefined ? started.params : applyBudget(call, started.params, outcome),
          );
        });
      }
      try {
        observeOutput(result, call, spec.streamMember, cancel);
      } catch (err) {
        diag.error('@llmcost/otel: observing the call failed', err);
      }
      if (callback === undefined) return result;
      // The SDK's callback form: the output or the error, and a throwing callback is the app's own business.
      result
        .then(
          (output) => (callback as (err: unknown, out?: unknown) => void)(null, output),
          (err) => (callback as (err: unknown) => void)(err),
        )
        .catch(() => {});
      return undefined;
    };
}

/**
 * The caller's command with another input: an object whose prototype IS the command, so the SDK resolves the same
 * schema, serializer and command middleware (also any the app added to it) and reads the new `input`. The
 * caller's command and its input are never changed.
 */
function withInput(command: object, input: unknown): object {
  return Object.create(command, {
    input: { value: input, enumerable: true, writable: true, configurable: true },
  });
}

/**
 * `send` options with an AbortSignal the instrumentation can fire (`LlmCall.abortStream`: the HTTP stream stops,
 * and Bedrock stops generating), combined with the app's own signal. A non-standard signal of the app's (the
 * deprecated @aws-sdk/abort-controller) is left alone: the stream is then stopped through its iterator.
 */
function withAbortSignal(options: Record<string, unknown> | undefined): {
  options: Record<string, unknown> | undefined;
  cancel: (() => void) | undefined;
} {
  const own = options?.abortSignal;
  if (own !== undefined && !(own instanceof AbortSignal)) return { options, cancel: undefined };
  const controller = new AbortController();
  const abortSignal = own === undefined ? controller.signal : AbortSignal.any([own, controller.signal]);
  return { options: { ...options, abortSignal }, cancel: () => controller.abort() };
}

function applyBudget(call: LlmCall, params: unknown, outcome: GateOutcome): unknown {
  if (!('change' in outcome) || outcome.change === undefined) return params;
  try {
    return call.adapter.applyBudget(params, outcome.change);
  } catch (err) {
    diag.error('@llmcost/otel: applying the budget decision failed; the request is sent unchanged', err);
    return params;
  }
}

/** Side branch, registered before the app's own `then`: a stream is observed before the app iterates it. */
function observeOutput(
  result: Promise<unknown>,
  call: LlmCall,
  streamMember: string | undefined,
  cancel: (() => void) | undefined,
): void {
  result.then(
    (output) => {
      if (call.isEnded || call.resultSeen) return;
      call.resultSeen = true;
      try {
        if (call.stream && streamMember !== undefined) observeEventStream(output, streamMember, call, cancel);
        else {
          call.onResult(output);
          call.end();
        }
      } catch (err) {
        diag.error('@llmcost/otel: observing the result failed', err);
        call.end();
      }
    },
    (err: unknown) => call.end(err),
  );
}
