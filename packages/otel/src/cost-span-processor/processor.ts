import { readGenAiSpan } from '@llmcost/pricing';
import {
  type Attributes,
  type Baggage,
  type Context,
  diag,
  type MeterProvider,
  metrics,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { activeAiSdkHost } from '../ai-sdk/active-host.js';
import { warnOnSecondApiCopy } from '../bootstrap/api-copies.js';
import { BAGGAGE_KEYS, hashUserId, sanitizeAttributionValue } from '../context.js';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from '../core/instrumentation-base.js';
import type { PriceFunction } from '../recorder/price-models.js';
import { recordSpanCall } from '../recorder/record-span-call.js';
import { optsInToLatestGenAi } from '../semconv/stability-opt-in.js';
import { defaultPrice } from './default-price.js';
import { GENAI_START_KEYS } from './genai-span.js';

export type { PriceFunction } from '../recorder/price-models.js';

export interface CostSpanProcessorOptions {
  /** Cost function; default: `@llmcost/pricing` with the bundled (or LLMCOST_PRICING_FILE) table. */
  price?: PriceFunction;
  /** HMAC key: attribution from baggage is written as `user.hash` instead of `user.id`. */
  userIdHashKey?: string;
  /** Where the metrics of the calls it prices go; default: the global meter provider when a span ends (the one
   * NodeSDK or llmcost's register installs), under llmcost's meter `@llmcost/otel`. */
  meterProvider?: MeterProvider;
}

const OWN_SCOPE_PREFIX = '@llmcost/';
const MAX_OPEN_SPANS = 100_000;

/**
 * Makes GenAI spans of other instrumentations first-class: OpenLLMetry (`@traceloop/instrumentation-*`),
 * OpenInference (`@arizeai/openinference-instrumentation-*`), the contrib `@opentelemetry/instrumentation-openai`,
 * the Vercel AI SDK's telemetry and `@anthropic-ai/sdk` 1.x's own tracing. A span with token usage and no cost is
 * read by the one reader of GenAI attributes (`readGenAiSpan` of @llmcost/pricing, which `llmcost report` and the
 * collector's cost transform read by too) and recorded by llmcost's recorder (recorder/record-span-call.ts): cost
 * attributes, `llmcost.pricing.*`, and the same metrics as llmcost's own calls (`gen_ai.usage.cost`,
 * `gen_ai.client.token.usage`, `gen_ai.client.operation.duration`, `llmcost.calls`, `llmcost.tokens`,
 * `llmcost.cache.savings`). That happens in `onEnding`, while the span is still writable (sdk-trace 2.x).
 *
 * One priced GenAI span per call, as `llmcost report` counts (report/files/call-dedupe.ts): llmcost's span when
 * there is one, else the innermost.
 * - A GenAI span started inside one of llmcost's (`@anthropic-ai/sdk` 1.x's `anthropic.messages.create` under
 *   ours, any instrumentation patched beneath ours) is never priced.
 * - A GenAI span around one of llmcost's (an instrumentation that wrapped the SDK after llmcost did, the AI SDK's
 *   `ai.generateText.doGenerate` around the model call llmcost records) is never priced, nor is one around another
 *   priced span (OpenInference's LangChain LLM span around its OpenAI span, the AI SDK's spans around the contrib
 *   OpenAI span): a child ends before its parent, so the inner span is decided first.
 * - While llmcost's AI SDK instrumentation is on it records every AI SDK model call itself: the AI SDK's telemetry
 *   spans are then never priced, also those that do not contain ours (ai 7's @ai-sdk/otel opens the generateObject
 *   / embed spans outside the model call's context).
 * On start it copies attribution (`llmcost.feature`, `user.id` or its hash, `session.id`, `llmcost.tier`) from W3C
 * baggage onto such spans, so they can be grouped by feature and user like llmcost's own.
 */
export class CostSpanProcessor implements SpanProcessor {
  readonly #price: PriceFunction;
  readonly #userIdHashKey: string | undefined;
  readonly #meterProvider: MeterProvider | undefined;
  /** OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: the calls' metrics under the latest GenAI names. */
  readonly #latestGenAi: boolean;
  // By span id, not span object: OpenInference's tracer puts its own wrapper of the SDK span in the context, so
  // a parent from the context is not the object the processor sees. Entries are dropped when the span ends.
  /** Open spans' parent span ids: whether a call is nested in another is decided when it ends. */
  readonly #parentOf = new Map<string, string>();
  /** Open spans with llmcost's span or a priced span below them: a call inside was counted there. */
  readonly #covered = new Set<string>();
  /** Open spans of llmcost's own. */
  readonly #own = new Set<string>();
  /** Baggage at the start of spans that did not name a model call when they started. */
  readonly #startBaggage = new WeakMap<Span, Baggage>();

  constructor(options: CostSpanProcessorOptions = {}) {
    this.#price = options.price ?? defaultPrice;
    this.#userIdHashKey = options.userIdHashKey;
    this.#meterProvider = options.meterProvider;
    this.#latestGenAi = optsInToLatestGenAi(process.env.OTEL_SEMCONV_STABILITY_OPT_IN);
    // With the app's own SDK (README), this is where llmcost first meets it. Under the register, startSdk
    // has already checked as the registering side, and this does nothing.
    warnOnSecondApiCopy('app');
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const id = span.spanContext().spanId;
      const parent = trace.getSpan(parentContext)?.spanContext().spanId;
      if (parent !== undefined) {
        // Spans that never end must not grow the map without bound; nesting across the reset is not seen.
        if (this.#parentOf.size >= MAX_OPEN_SPANS) {
          this.#parentOf.clear();
          this.#covered.clear();
          this.#own.clear();
        }
        this.#parentOf.set(id, parent);
      }
      if (isOwnSpan(span)) {
        this.#own.add(id);
        this.#cover(parent);
        return;
      }
      const baggage = propagation.getBaggage(parentContext);
      if (baggage === undefined) return;
      if (isGenAiAtStart(span.attributes)) this.#copyBaggage(span, baggage);
      // OpenInference's tracer sets a span's attributes only after starting it: whether it is a model call is
      // known when it ends, and the attribution it must carry is the baggage of now.
      else this.#startBaggage.set(span, baggage);
    } catch (err) {
      diag.debug('llmcost: CostSpanProcessor.onStart failed', err);
    }
  }

  onEnding(span: Span): void {
    try {
      if (isOwnSpan(span)) return;
      const id = span.spanContext().spanId;
      const attrs = span.attributes;
      const priced =
        attrs['gen_ai.usage.cost'] !== undefined || attrs['llmcost.pricing.status'] !== undefined;
      if (priced || this.#covered.has(id)) {
        this.#cover(this.#parentOf.get(id));
        return;
      }
      if (recordedByOwnAiSdk(span)) return;
      const call = readGenAiSpan(attrs, span.instrumentationScope?.name);
      if (!call || this.#insideOwn(id)) return;
      this.#cover(this.#parentOf.get(id));
      this.#copyBaggage(span, this.#startBaggage.get(span));
      const meter = (this.#meterProvider ?? metrics.getMeterProvider()).getMeter(
        INSTRUMENTATION_NAME,
        INSTRUMENTATION_VERSION,
      );
      recordSpanCall(span, call, this.#price, meter, this.#latestGenAi);
    } catch (err) {
      diag.debug('llmcost: CostSpanProcessor.onEnding failed', err);
    }
  }

  /** Marks a span and its ancestors as holding a counted call (up to the first already marked). */
  #cover(id: string | undefined): void {
    while (id !== undefined && !this.#covered.has(id)) {
      this.#covered.add(id);
      id = this.#parentOf.get(id);
    }
  }

  /** Whether one of the span's open ancestors is llmcost's own span. */
  #insideOwn(id: string): boolean {
    for (let s = this.#parentOf.get(id); s !== undefined; s = this.#parentOf.get(s))
      if (this.#own.has(s)) return true;
    return false;
  }

  onEnd(span: ReadableSpan): void {
    const id = span.spanContext().spanId;
    this.#parentOf.delete(id);
    this.#covered.delete(id);
    this.#own.delete(id);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  #copyBaggage(span: Span, baggage: Baggage | undefined): void {
    if (!baggage) return;
    for (const [field, key] of Object.entries(BAGGAGE_KEYS)) {
      const value = sanitizeAttributionValue(baggage.getEntry(key)?.value);
      if (value === undefined) continue;
      if (field === 'userId' && this.#userIdHashKey !== undefined) {
        if (span.attributes['user.hash'] === undefined)
          span.setAttribute('user.hash', hashUserId(value, this.#userIdHashKey));
      } else if (span.attributes[key] === undefined) {
        span.setAttribute(key, value);
      }
    }
  }
}

/** A span that names a model call when it starts (before its usage is known). */
function isGenAiAtStart(attributes: Attributes): boolean {
  if (GENAI_START_KEYS.some((k) => attributes[k] !== undefined)) return true;
  // OpenInference: only LLM and EMBEDDING spans are model calls (CHAIN, TOOL, AGENT, ... are not).
  const kind = attributes['openinference.span.kind'];
  return kind === 'LLM' || kind === 'EMBEDDING';
}

/**
 * A span of the AI SDK's own telemetry (`ai.operationId` on every span of ai 5 and 6; the `gen_ai` tracer of
 * @ai-sdk/otel in ai 7) while the AI SDK instrumentation records those calls.
 */
function recordedByOwnAiSdk(span: Span): boolean {
  if (activeAiSdkHost() === undefined) return false;
  return span.attributes['ai.operationId'] !== undefined || span.instrumentationScope?.name === 'gen_ai';
}

/** A span of sdk-trace-base carries its scope; a non-recording or foreign-SDK span does not. */
function isOwnSpan(span: unknown): boolean {
  const scope = (span as Partial<ReadableSpan> | undefined)?.instrumentationScope;
  return typeof scope?.name === 'string' && scope.name.startsWith(OWN_SCOPE_PREFIX);
}
