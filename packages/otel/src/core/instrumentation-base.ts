import { createProviderResolver } from '@llmcost/pricing';
import type { Meter, Tracer } from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import { installStreamMetering } from '../metering/stream-metering.js';
import { UserIdLimiter } from '../metrics/user-id-limiter.js';
import { optsInToLatestGenAi } from '../semconv/stability-opt-in.js';
import type { LlmcostInstrumentationConfig } from '../types.js';
import type { CallHost } from './host.js';
import { patchMakeRequest } from './stainless/make-request-gate.js';

/** Instrumentation scope and meter name of every llmcost signal (metrics.md: meter `@llmcost/otel`). */
export const INSTRUMENTATION_NAME = '@llmcost/otel';
export const INSTRUMENTATION_VERSION = '0.1.0';

/** The method an llmcost wrapper replaced, on the wrapper (wrapMethod). */
export const ORIGINAL = Symbol.for('@llmcost/otel.original');

/** What OpenAI and Anthropic instrumentations share: config, tracer/meter access for the recorder, patch helpers. */
export abstract class LlmcostInstrumentation
  extends InstrumentationBase<LlmcostInstrumentationConfig>
  implements CallHost
{
  // `declare`: InstrumentationBase's constructor calls overridable methods before subclass fields would be set.
  declare private limiter: UserIdLimiter | undefined;

  constructor(config: LlmcostInstrumentationConfig = {}) {
    super(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, config);
    installStreamMetering();
  }

  override setConfig(config: LlmcostInstrumentationConfig = {}): void {
    // Resolved once here, so each call reads a boolean (the SDK constructor calls setConfig too).
    const latest =
      config.genAiLatestConventions ?? optsInToLatestGenAi(process.env.OTEL_SEMCONV_STABILITY_OPT_IN);
    super.setConfig({ ...config, genAiLatestConventions: latest });
    const limit = config.metricsUserIdLimit;
    this.limiter = typeof limit === 'number' && limit > 0 ? new UserIdLimiter(limit) : undefined;
  }

  llmTracer(): Tracer {
    return this.tracer;
  }

  llmMeter(): Meter {
    return this.meter;
  }

  userIdLimiter(): UserIdLimiter | undefined {
    return this.limiter;
  }

  declare private hostResolver:
    | { hosts: object | undefined; resolve: (baseURL: unknown) => string | undefined }
    | undefined;

  /** The provider behind a base URL: `providerByHost` (LLMCOST_PROVIDER_BY_HOST), the pricing file, known hosts. */
  providerOfHost(baseURL: unknown): string | undefined {
    const hosts = this.getConfig().providerByHost;
    let resolver = this.hostResolver;
    if (resolver === undefined || resolver.hosts !== hosts) {
      resolver = { hosts, resolve: createProviderResolver(new Map(Object.entries(hosts ?? {}))) };
      this.hostResolver = resolver;
    }
    return resolver.resolve(baseURL);
  }

  /**
   * Wraps a method on a prototype, once. An inherited method (AWS SDK clients' `send`) is wrapped as an own
   * property of `proto`, shadowing the parent's. Not through shimmer: @opentelemetry/instrumentation's `_wrap`
   * first unwraps whatever shimmer marks as wrapped (`isWrapped`), so an instrumentation enabled after llmcost on
   * the same method (contrib instrumentation-openai, OpenLLMetry) would remove llmcost's wrapper, and with it the
   * span, the cost and the budget gate. llmcost's wrapper carries its own mark instead; theirs goes around it.
   */
  protected wrapMethod(proto: object | undefined, name: string, wrapper: (original: any) => any): void {
    const target = proto as Record<string, any> | undefined;
    if (!target || typeof target[name] !== 'function') return;
    this.unwrapMethod(proto, name);
    const original = target[name];
    const wrapped = wrapper(original);
    Object.defineProperty(wrapped, ORIGINAL, { value: original, configurable: true });
    Object.defineProperty(target, name, {
      value: wrapped,
      configurable: true,
      writable: true,
      enumerable: Object.hasOwn(target, name) && Object.prototype.propertyIsEnumerable.call(target, name),
    });
  }

  /** Removes llmcost's wrapper of `proto`'s own, never one on a parent prototype; one another instrumentation
   * wrapped since stays (removing it would remove theirs too). */
  protected unwrapMethod(proto: object | undefined, name: string): void {
    const target = proto as Record<string, any> | undefined;
    if (!target || !Object.hasOwn(target, name)) return;
    const current = target[name];
    if (typeof current !== 'function' || !Object.hasOwn(current, ORIGINAL)) return;
    const original = current[ORIGINAL];
    // An inherited method was shadowed by the wrapper: removing the own property shows the parent's again.
    if (original === Object.getPrototypeOf(target)?.[name]) delete target[name];
    else Object.defineProperty(target, name, { value: original, configurable: true, writable: true });
  }

  /** The prototype in the client class's chain that defines `makeRequest` (the budget gate's hook). */
  protected static makeRequestOwner(clientClass: unknown): object | undefined {
    let proto = (clientClass as { prototype?: object } | undefined)?.prototype;
    while (proto && proto !== Object.prototype) {
      if (Object.hasOwn(proto, 'makeRequest')) return proto;
      proto = Object.getPrototypeOf(proto);
    }
    return undefined;
  }

  protected wrapMakeRequest(clientClass: unknown): void {
    const owner = LlmcostInstrumentation.makeRequestOwner(clientClass);
    if (owner === undefined) {
      this._diag.warn(
        'no makeRequest on this SDK client: a budget guard cannot hold calls before they are sent',
      );
      return;
    }
    this.wrapMethod(owner, 'makeRequest', patchMakeRequest);
  }

  protected unwrapMakeRequest(clientClass: unknown): void {
    this.unwrapMethod(LlmcostInstrumentation.makeRequestOwner(clientClass), 'makeRequest');
  }
}

/** The module's exports, whether loaded by require (CJS) or import (ESM namespace through import-in-the-middle). */
export function moduleExport(module: any, name: string): any {
  return module?.[name] ?? module?.default?.[name];
}
