import { performance } from 'node:perf_hooks';
import type { BudgetDecision, Reservation } from '@llmcost/budget';
import {
  type Attributes,
  type Baggage,
  type Context,
  context,
  diag,
  propagation,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { getLlmContext, type LlmContext, userLabelOf } from '../context.js';
import { ATTR } from '../recorder/attributes.js';
import { serializeMessages } from '../recorder/content.js';
import { recordCall } from '../recorder/record-call.js';
import type { CallHost } from './host.js';
import { markNotRetryable } from './not-retryable.js';
import { addServerAttributes, type Server } from './server-attributes.js';
import type { BudgetChange, OperationAdapter, ProviderName, ResponseState } from './types.js';
import { streamCallEnded } from './unread-streams.js';

/** How a transport stops a stream it observes (see observed-iterator.ts). */
export interface StreamControl {
  /** Stops the provider stream through the SDK's own abort, and ends the consumer's iteration with `reason`. */
  abort(reason: Error): void;
}

export const DEFAULT_CONTENT_MAX_CHARS = 16_384;

export interface BudgetState {
  decision: 'allowed' | 'downgraded' | 'rejected';
  reservation?: Reservation;
}

/** The outcome the budget gate hands to the SDK's request: go (maybe with a changed body) or fail. */
export type GateOutcome = { error: Error } | { change?: BudgetChange };

/**
 * One instrumented LLM call, from the patched method to the recorded span and metrics: the provider-neutral
 * lifecycle. It knows nothing about SDK shapes; a transport (stainless/, async-method/, or a framework
 * integration calling it directly) creates it (begin-call.ts), awaits `reserveBudget` before any network I/O,
 * feeds it the result (`onResult`) or the stream's chunks (`onChunk`), and ends it once (`end`).
 */
export class LlmCall {
  readonly state: ResponseState = { finishReasons: [], text: [], received: false };
  readonly startTime = performance.now();
  readonly span: Span;
  readonly ctx: Context;
  /**
   * The context the SDK's own call runs in: `ctx` with tracing suppressed. Our span is the one GenAI span of the
   * call, so nothing nested is made under it (the HTTP client span of each attempt, @anthropic-ai/sdk 1.x's own
   * span of the same call), and no trace context or baggage goes to the provider (privacy/attribution-propagator.ts).
   */
  readonly sdkCtx: Context;
  readonly attribution: LlmContext;
  readonly stream: boolean;
  /** The user as telemetry may show it: the id, or its keyed hash when `userIdHashKey` is set. */
  userLabel?: string;
  requestModel: string;
  /** The service tier asked for (`openai.request.service_tier`): the price when the response names none. */
  requestedServiceTier?: string;
  /** Where the request goes (`server.address` / `server.port` on the span and on metric points). */
  server?: Server;
  firstChunkTime?: number;
  budget?: BudgetState;
  /** The parsed result (or the stream) has been handed to the observer. */
  resultSeen = false;
  /** Set by the transport while it observes a stream: how to stop it. */
  streamControl?: StreamControl;
  /**
   * Called after each stream chunk has been read into `state` (stream metering hooks in here: it can read
   * `state.text`, `state.usage` and call `abortStream`). Set once per call, never a closure per chunk.
   */
  chunkObserver?: (call: LlmCall, chunk: unknown) => void;
  private ended = false;

  constructor(
    readonly host: CallHost,
    readonly adapter: OperationAdapter,
    readonly provider: ProviderName,
    /** The params as sent to the SDK (a copy when the instrumentation changed them). */
    public params: any,
    requestModel: string | undefined,
    baseURL: unknown,
  ) {
    const config = host.getConfig();
    this.requestModel = requestModel ?? adapter.model(params);
    this.stream = adapter.isStream(params);
    const parent = context.active();
    this.attribution = attributionOf(parent);
    // One object, filled in place: startSpan copies it anyway (sdk-trace sanitizes its attributes).
    const attrs: Attributes = {
      [ATTR.operationName]: adapter.operation,
      [ATTR.providerName]: provider,
      [ATTR.requestModel]: this.requestModel,
    };
    this.server = addServerAttributes(baseURL, attrs);
    adapter.requestAttributes(params, attrs);
    const askedTier = attrs[ATTR.openaiRequestServiceTier];
    if (typeof askedTier === 'string') this.requestedServiceTier = askedTier;
    // openai.* belongs to provider openai only (semconv: provider-specific attributes match gen_ai.provider.name);
    // another host behind an OpenAI client still prices by the tier it was asked for.
    if (provider !== 'openai') for (const key of OPENAI_REQUEST_KEYS) delete attrs[key];
    const { feature, sessionId, tier } = this.attribution;
    if (feature !== undefined) attrs[ATTR.feature] = feature;
    if (tier !== undefined) attrs[ATTR.tier] = tier;
    if (sessionId !== undefined) attrs[ATTR.sessionId] = sessionId;
    const user = userLabelOf(this.attribution, config.userIdHashKey);
    if (user !== undefined) {
      this.userLabel = user.label;
      attrs[user.hashed ? ATTR.userHash : ATTR.userId] = user.label;
    }
    if (config.captureMessageContent) {
      attrs[ATTR.inputMessages] = serializeMessages(adapter.inputMessages(params), contentMaxChars(config));
    }
    this.span = host
      .llmTracer()
      .startSpan(
        `${adapter.operation} ${this.requestModel}`,
        { kind: SpanKind.CLIENT, attributes: attrs },
        parent,
      );
    this.ctx = trace.setSpan(parent, this.span);
    this.sdkCtx = suppressTracing(this.ctx);
  }

  /** The server learned after the span started (an AWS client resolves its endpoint on its first call). */
  setServer(baseURL: string): void {
    if (this.ended) return;
    const attrs: Attributes = {};
    this.server = addServerAttributes(baseURL, attrs);
    this.span.setAttributes(attrs);
  }

  onChunk(chunk: unknown): void {
    if (this.firstChunkTime === undefined) this.firstChunkTime = performance.now();
    this.state.received = true;
    try {
      this.adapter.readChunk(chunk, this.state);
      if (this.chunkObserver !== undefined) this.chunkObserver(this, chunk);
    } catch (err) {
      diag.debug('@llmcost/otel: unreadable stream chunk', err);
    }
  }

  /**
   * Stops the call's stream: the SDK's own abort (so the provider stops generating and billing), the consumer's
   * iteration ends with `reason`, and the call is recorded with what was seen. False when there is no stream
   * to stop (not a stream, not started yet, or already ended).
   */
  abortStream(reason: Error): boolean {
    if (this.ended || this.streamControl === undefined) return false;
    this.streamControl.abort(reason);
    return true;
  }

  onResult(result: unknown): void {
    this.state.received = true;
    try {
      this.adapter.readResult(result, this.state, this.host.getConfig().captureMessageContent === true);
    } catch (err) {
      diag.debug('@llmcost/otel: unreadable response', err);
    }
  }

  /** Applies the guard's decision to the span and says what the request must become. */
  /** The request's output limit could not be read (`"50"`, -5): the guard's clamp is not applied to it. */
  keepMaxOutputTokens = false;

  onBudgetDecision(decision: BudgetDecision): GateOutcome {
    if (decision.decision === 'rejected') {
      this.budget = { decision: 'rejected' };
      this.span.setAttribute(ATTR.budgetDecision, 'rejected');
      markNotRetryable(decision.error);
      return { error: decision.error };
    }
    this.budget = { decision: decision.decision, reservation: decision.reservation };
    const attrs: Attributes = {
      [ATTR.budgetDecision]: decision.decision,
      [ATTR.budgetReservedUsd]: decision.reservation.reservedUsd,
    };
    const change: BudgetChange = {};
    if (decision.maxOutputTokens !== undefined && !this.keepMaxOutputTokens) {
      change.maxOutputTokens = decision.maxOutputTokens;
      attrs[ATTR.requestMaxTokens] = decision.maxOutputTokens;
    }
    if (decision.decision === 'downgraded') {
      change.model = decision.model;
      attrs[ATTR.budgetDowngradedFrom] = decision.downgradedFrom;
      attrs[ATTR.requestModel] = decision.model;
      this.requestModel = decision.model;
      this.span.updateName(`${this.adapter.operation} ${decision.model}`);
    }
    this.span.setAttributes(attrs);
    return change.model === undefined && change.maxOutputTokens === undefined ? {} : { change };
  }

  /** Ends the call once: sets the response attributes, prices, records metrics, settles the budget. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    streamCallEnded(this);
    try {
      recordCall(this, error ?? this.state.failure);
    } catch (err) {
      diag.error('@llmcost/otel: recording the call failed', err);
      try {
        this.span.end();
      } catch {
        // the span is unusable; nothing more to do
      }
    }
  }

  get isEnded(): boolean {
    return this.ended;
  }
}

const OPENAI_REQUEST_KEYS = [ATTR.openaiApiType, ATTR.openaiRequestServiceTier];

const NO_ATTRIBUTION: LlmContext = Object.freeze({});
/** Baggage is immutable and an app's request reuses one instance for all its calls: sanitize its values once. */
const attributionByBaggage = new WeakMap<Baggage, LlmContext>();

/** The attribution in effect in `ctx` (getLlmContext), memoized per baggage instance. Treat as read-only. */
function attributionOf(ctx: Context): LlmContext {
  const baggage = propagation.getBaggage(ctx);
  if (baggage === undefined) return NO_ATTRIBUTION;
  let attribution = attributionByBaggage.get(baggage);
  if (attribution === undefined) {
    attribution = getLlmContext(ctx);
    attributionByBaggage.set(baggage, attribution);
  }
  return attribution;
}

export function contentMaxChars(config: { contentMaxChars?: number }): number {
  const n = config.contentMaxChars;
  return typeof n === 'number' && n > 0 ? n : DEFAULT_CONTENT_MAX_CHARS;
}
