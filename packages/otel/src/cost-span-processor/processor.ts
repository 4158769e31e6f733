import type { CostOptions, CostResult, Usage } from '@llmcost/pricing';
import { type Context, diag, propagation, trace } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { activeAiSdkHost } from '../ai-sdk/active-host.js';
import { warnOnSecondApiCopy } from '../bootstrap/api-copies.js';
import { BAGGAGE_KEYS, hashUserId, sanitizeAttributionValue } from '../context.js';
import { ATTR, setCostAttributes } from '../recorder/attributes.js';
import { defaultPrice } from './default-price.js';
import { readForeignGenAiCall } from './read-usage.js';

/** Same shape as `computeCost` of @llmcost/pricing. */
export type PriceFunction = (usage: Usage, model: string, options: CostOptions) => CostResult;

export interface CostSpanProcessorOptions {
  /** Cost function; default: `@llmcost/pricing` with the bundled (or LLMCOST_PRICING_FILE) table. */
  price?: PriceFunction;
  /** HMAC key: attribution from baggage is written as `user.hash` instead of `user.id`. */
  userIdHashKey?: string;
}

const OWN_SCOPE_PREFIX = '@llmcost/';
// Attributes by which a span is recognised as a GenAI call when it starts (before usage is known).
const GENAI_START_KEYS = ['gen_ai.operation.name', 'gen_ai.system', 'gen_ai.provider.name', 'ai.model.id'];

/**
 * Prices GenAI spans made by other instrumentations (`@opentelemetry/instrumentation-openai`, the Vercel
 * AI SDK, ...) that carry token usage but no cost: sets `gen_ai.usage.cost`, `llmcost.cost.*` and
 * `llmcost.pricing.*` in `onEnding`, when the span is still writable (sdk-trace 2.x calls `onEnding`
 * before it marks the span ended). Spans already priced (llmcost's own) are left alone, and so are GenAI
 * spans started INSIDE one of llmcost's spans: `@anthropic-ai/sdk` 1.x traces its own calls
 * (`anthropic.messages.create`, scope `com.anthropic.sdk.typescript`) as children of ours, with the same
 * usage; pricing them too would count every call twice in a per-trace sum. The same holds the other way round:
 * a GenAI span that CONTAINS one of llmcost's spans is not priced either. The Vercel AI SDK's telemetry
 * (`experimental_telemetry` in `ai` 5 and 6, @ai-sdk/otel in 7) opens `ai.generateText.doGenerate` / `doStream`
 * spans with the call's tokens around the model call that llmcost records as its own span. And while llmcost's AI
 * SDK instrumentation is on, it records every AI SDK model call itself: the AI SDK's telemetry spans are then never
 * priced, also those that do not contain ours (ai 7's @ai-sdk/otel opens the generateObject / embed spans outside
 * the model call's context). On start it also
 * copies attribution (`llmcost.feature`, `user.id`, `session.id`, `llmcost.tier`) from W3C baggage onto
 * such spans, so they can be grouped by feature and user like llmcost's own.
 */
export class CostSpanProcessor implements SpanProcessor {
  readonly #price: PriceFunction;
  readonly #userIdHashKey: string | undefined;
  /** Foreign GenAI spans whose parent is llmcost's own span of the same call: never priced. */
  readonly #insideOwn = new WeakSet<Span>();
  /** Foreign spans that are the parent of one of llmcost's own spans: the priced call is below them. */
  readonly #aroundOwn = new WeakSet<object>();

  constructor(options: CostSpanProcessorOptions = {}) {
    this.#price = options.price ?? defaultPrice;
    this.#userIdHashKey = options.userIdHashKey;
    // With the app's own SDK (README), this is where llmcost first meets it. Under the register, startSdk
    // has already checked as the registering side, and this does nothing.
    warnOnSecondApiCopy('app');
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      if (isOwnSpan(span)) {
        const parent = trace.getSpan(parentContext);
        if (parent !== undefined && !isOwnSpan(parent)) this.#aroundOwn.add(parent);
        return;
      }
      if (!GENAI_START_KEYS.some((k) => span.attributes[k] !== undefined)) return;
      if (isOwnSpan(trace.getSpan(parentContext))) this.#insideOwn.add(span);
      const baggage = propagation.getBaggage(parentContext);
      if (!baggage) return;
      for (const [field, key] of Object.entries(BAGGAGE_KEYS)) {
        const value = sanitizeAttributionValue(baggage.getEntry(key)?.value);
        if (value === undefined) continue;
        if (field === 'userId' && this.#userIdHashKey !== undefined) {
          if (span.attributes['user.hash'] === undefined) {
            span.setAttribute('user.hash', hashUserId(value, this.#userIdHashKey));
          }
        } else if (span.attributes[key] === undefined) {
          span.setAttribute(key, value);
        }
      }
    } catch (err) {
      diag.debug('llmcost: CostSpanProcessor.onStart failed', err);
    }
  }

  onEnding(span: Span): void {
    try {
      const attrs = span.attributes;
      if (attrs['gen_ai.usage.cost'] !== undefined || attrs['llmcost.pricing.status'] !== undefined) return;
      if (this.#insideOwn.has(span) || this.#aroundOwn.has(span) || recordedByOwnAiSdk(span)) return;
      const call = readForeignGenAiCall(attrs);
      if (!call) return;
      const options: CostOptions = call.provider !== undefined ? { provider: call.provider } : {};
      const cost = this.#price(call.usage, call.model, options);
      setCostAttributes(span, cost);
      span.setAttribute(ATTR.pricingStatus, cost.status);
    } catch (err) {
      diag.debug('llmcost: CostSpanProcessor.onEnding failed', err);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
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
