import {
  type Baggage,
  type Context,
  propagation,
  SpanKind,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { BAGGAGE_KEYS, hashUserId, sanitizeAttributionValue } from '../context.js';
import { HostMatcher } from './host-pattern.js';

const ATTRIBUTION_KEYS: readonly string[] = Object.values(BAGGAGE_KEYS);

export interface AttributionBaggagePropagatorOptions {
  /** Hosts that may receive the attribution entries (see `LlmcostOptions.propagateBaggageTo`). */
  propagateTo?: readonly string[];
  /** When user ids are hashed: the HMAC key. A `user.id` entry then leaves as `user.hash` only. */
  userIdHashKey?: string;
}

/**
 * W3C baggage propagation that keeps llmcost's attribution (`user.id`, `user.hash`, `session.id`,
 * `llmcost.feature`, `llmcost.tier`) inside your own services: those entries are written only into requests to a
 * host listed in `propagateTo`, and there, when user ids are hashed, the user travels as its `user.hash`
 * pseudonym, never as the raw id. Every other baggage entry, and extraction, are plain W3C baggage.
 *
 * The destination is read from the client span of the request being sent (the HTTP instrumentations start it,
 * with `server.address` / `server.port` or their older names, before they inject): a request with no such span
 * (tracing suppressed, a non-recording span, a manual `inject`) gets no attribution entries.
 */
export class AttributionBaggagePropagator implements TextMapPropagator {
  readonly #inner = new W3CBaggagePropagator();
  readonly #hosts: HostMatcher;
  readonly #hashKey: string | undefined;

  constructor(options: AttributionBaggagePropagatorOptions = {}) {
    this.#hosts = new HostMatcher(options.propagateTo ?? []);
    this.#hashKey = options.userIdHashKey;
  }

  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const baggage = propagation.getBaggage(ctx);
    if (baggage === undefined || !ATTRIBUTION_KEYS.some((k) => baggage.getEntry(k) !== undefined)) {
      this.#inner.inject(ctx, carrier, setter);
      return;
    }
    const destination = this.#hosts.empty ? undefined : destinationOf(ctx);
    const allowed = destination !== undefined && this.#hosts.matches(destination.host, destination.port);
    const out = allowed ? this.#pseudonymised(baggage) : withoutAttribution(baggage);
    this.#inner.inject(propagation.setBaggage(ctx, out), carrier, setter);
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.#inner.extract(ctx, carrier, getter);
  }

  fields(): string[] {
    return this.#inner.fields();
  }

  #pseudonymised(baggage: Baggage): Baggage {
    const key = this.#hashKey;
    const raw = baggage.getEntry(BAGGAGE_KEYS.userId)?.value;
    if (key === undefined || raw === undefined) return baggage;
    const id = sanitizeAttributionValue(raw);
    const out = baggage.removeEntry(BAGGAGE_KEYS.userId);
    return id === undefined ? out : out.setEntry(BAGGAGE_KEYS.userHash, { value: hashUserId(id, key) });
  }
}

function withoutAttribution(baggage: Baggage): Baggage {
  return baggage.removeEntries(...ATTRIBUTION_KEYS);
}

type ClientSpanView = {
  kind?: SpanKind;
  attributes?: Record<string, unknown>;
};

/** Host and port of the request whose client span is active in `ctx`, from its attributes. */
function destinationOf(ctx: Context): { host: string; port: number | undefined } | undefined {
  const span = trace.getSpan(ctx) as ClientSpanView | undefined;
  if (span?.kind !== SpanKind.CLIENT || span.attributes === undefined) return undefined;
  const a = span.attributes;
  const host = str(a['server.address']) ?? str(a['net.peer.name']);
  const port = num(a['server.port']) ?? num(a['net.peer.port']);
  if (host !== undefined) return { host, port };
  const url = str(a['url.full']) ?? str(a['http.url']);
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    const defaultPort = u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : undefined;
    return { host: u.hostname, port: u.port === '' ? defaultPort : Number(u.port) };
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
