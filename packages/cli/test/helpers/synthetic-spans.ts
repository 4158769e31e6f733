/**
 * Five weeks of span data for the report's time-series parts (hourly baseline, anomalies, week-over-week,
 * projection), made from the REAL spans of test/fixtures/otlp/real-calls.jsonl: each synthetic call is a copy
 * of a real `@llmcost/otel` span with a new end time, new ids and a synthetic user, written as OTLP JSON lines
 * like the collector's file exporter. Deterministic (seeded), generated into a temp dir at test time.
 *
 * Shape: calls per hour follow a daily curve (night ~30% of the afternoon peak) and a weekly one (weekends at
 * 40%), with +-8% seeded noise; each hour is filled with calls taken in turn from a fixed cycle of real spans
 * until its cost reaches its target, so every hour has the usual mix and follows the shape within one call. The spike (optional) adds `spikeCalls` deep-analysis calls of `power-user-42` in one hour.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REAL_CALLS = fileURLToPath(
  new URL('../../../../test/fixtures/otlp/real-calls.jsonl', import.meta.url),
);
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: AnyValue }>;
  [k: string]: unknown;
}
export interface SpanEntry {
  resource: unknown;
  scope: { name: string; version?: string };
  span: OtlpSpan;
  line: number;
}

/** Every span of an OTLP JSON lines file, with its resource, scope and 1-based line number. */
export function readOtlpSpans(path: string = REAL_CALLS): SpanEntry[] {
  const out: SpanEntry[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      const body = JSON.parse(text);
      for (const rs of body.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const span of ss.spans ?? [])
            out.push({ resource: rs.resource, scope: ss.scope, span, line: i + 1 });
    });
  return out;
}

/** An attribute as a plain value (intValue as a number). */
export function attr(span: OtlpSpan, key: string): unknown {
  const v = span.attributes.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map((x) => x.stringValue ?? x.intValue);
  return undefined;
}

/** mulberry32: a tiny seeded PRNG, so the series is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SyntheticOptions {
  /** First hour (UTC, on the hour); default Monday 2026-10-12. */
  startMs?: number;
  days?: number;
  /** Calls in the busiest weekday hour (15:00 UTC) before noise; default 40. */
  peakCallsPerHour?: number;
  /** Multiplicative noise on each hour's cost target, +-; default 0.08. */
  noise?: number;
  /** Add the spike; default true. */
  spike?: boolean;
  /** Hour of the spike; default day 30 (a Tuesday) 14:00 UTC. */
  spikeHourMs?: number;
  spikeCalls?: number;
  seed?: number;
  /** Spans per OTLP line; default 50. */
  spansPerLine?: number;
}

export interface SyntheticSeries {
  file: string;
  startMs: number;
  untilMs: number;
  spikeHourMs: number | null;
  spikeUser: string;
  spikeFeature: string;
  /** Dense hourly sums of `gen_ai.usage.cost`, index i = hour startMs + i h (computed while writing). */
  hourlyCostUsd: number[];
  spans: number;
}

/** Writes the series to `${dir}/synthetic-<spike|clean>.jsonl` and returns what went into it. */
export function writeSyntheticSeries(dir: string, options: SyntheticOptions = {}): SyntheticSeries {
  const startMs = options.startMs ?? Date.UTC(2026, 9, 12);
  const days = options.days ?? 35;
  const peak = options.peakCallsPerHour ?? 40;
  const noise = options.noise ?? 0.08;
  const spike = options.spike ?? true;
  const spikeHourMs = spike ? (options.spikeHourMs ?? startMs + 29 * DAY_MS + 14 * HOUR_MS) : null;
  const spikeCalls = options.spikeCalls ?? 12;
  const perLine = options.spansPerLine ?? 50;
  const random = rng(options.seed ?? 42);

  // templates: top-level llmcost spans (the Anthropic SDK's own nested spans are left out: one span per call).
  // The usual traffic cycles through every non-deep-analysis call of the fixture except the cheapest
  // gpt-4o-mini ones (kept once each): spans of similar cost, so an hour's cost follows its target closely.
  const own = readOtlpSpans().filter((e) => e.scope.name.startsWith('@llmcost/'));
  const heavy = own.filter((e) => attr(e.span, 'llmcost.feature') === 'deep-analysis');
  const seen = new Set<string>();
  const cycle = own.filter((e) => {
    if (attr(e.span, 'llmcost.feature') === 'deep-analysis') return false;
    const key = `${attr(e.span, 'gen_ai.request.model')}|${attr(e.span, 'llmcost.pricing.status')}`;
    const cheap = ((attr(e.span, 'gen_ai.usage.cost') as number | undefined) ?? 0) < 0.0001;
    if (cheap && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (cycle.length === 0 || heavy.length === 0) throw new Error(`${REAL_CALLS}: no template spans`);
  const costOf = (e: SpanEntry) => (attr(e.span, 'gen_ai.usage.cost') as number | undefined) ?? 0;
  const cycleCost = cycle.reduce((s, e) => s + costOf(e), 0);
  const resource = own[0]?.resource;
  const scope = own[0]?.scope;

  const hours = days * 24;
  const hourlyCostUsd = new Array<number>(hours).fill(0);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const spans: OtlpSpan[] = [];
  const emit = (template: SpanEntry, hourIndex: number, user: string) => {
    const endMs = startMs + hourIndex * HOUR_MS + Math.floor(random() * HOUR_MS);
    const t = template.span;
    const durationNs = BigInt(t.endTimeUnixNano) - BigInt(t.startTimeUnixNano);
    const endNs = BigInt(endMs) * 1_000_000n + BigInt(Math.floor(random() * 1_000_000));
    const attributes = t.attributes.map((a) =>
      a.key === 'user.id' ? { key: a.key, value: { stringValue: user } } : a,
    );
    spans.push({
      ...t,
      traceId: hex(32),
      spanId: hex(16),
      startTimeUnixNano: String(endNs - durationNs),
      endTimeUnixNano: String(endNs),
      attributes,
    });
    hourlyCostUsd[hourIndex] = (hourlyCostUsd[hourIndex] ?? 0) + costOf(template);
  };

  // Each hour gets calls from the cycle (continuing where the last hour stopped) until its cost is as close
  // as one call allows to its target: peak x daily x weekly shape x (1 +- noise).
  const peakUsd = peak * (cycleCost / cycle.length);
  let next = 0;
  for (let h = 0; h < hours; h++) {
    const ms = startMs + h * HOUR_MS;
    const hourOfDay = new Date(ms).getUTCHours();
    const weekday = new Date(ms).getUTCDay();
    const daily = 0.65 - 0.35 * Math.cos((2 * Math.PI * (hourOfDay - 3)) / 24); // low at 03:00, peak at 15:00
    const weekly = weekday === 0 || weekday === 6 ? 0.4 : 1;
    const target = peakUsd * daily * weekly * (1 - noise + 2 * noise * random());
    let cost = 0;
    for (;;) {
      const template = cycle[next % cycle.length] as SpanEntry;
      if (cost + costOf(template) / 2 >= target) break;
      emit(template, h, `user-${String(1 + Math.floor(random() * 30)).padStart(2, '0')}`);
      cost += costOf(template);
      next++;
    }
    if (spikeHourMs === ms)
      for (let c = 0; c < spikeCalls; c++) emit(heavy[c % heavy.length] as SpanEntry, h, 'power-user-42');
  }
  spans.sort((a, b) => (BigInt(a.endTimeUnixNano) < BigInt(b.endTimeUnixNano) ? -1 : 1));

  const lines: string[] = [];
  for (let i = 0; i < spans.length; i += perLine)
    lines.push(
      JSON.stringify({
        resourceSpans: [{ resource, scopeSpans: [{ scope, spans: spans.slice(i, i + perLine) }] }],
      }),
    );
  const file = join(dir, `synthetic-${spike ? 'spike' : 'clean'}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return {
    file,
    startMs,
    untilMs: startMs + hours * HOUR_MS,
    spikeHourMs,
    spikeUser: 'power-user-42',
    spikeFeature: 'deep-analysis',
    hourlyCostUsd,
    spans: spans.length,
  };
}

/** A copy of an OTLP JSON lines file with every span moved in time so the last one ends at `lastEndMs`. */
export function writeShiftedCopy(source: string, dest: string, lastEndMs: number): void {
  const lines = readFileSync(source, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  let last = 0n;
  for (const e of readOtlpSpans(source))
    if (BigInt(e.span.endTimeUnixNano) > last) last = BigInt(e.span.endTimeUnixNano);
  const shift = BigInt(lastEndMs) * 1_000_000n - last;
  const moved = lines.map((line) => {
    const body = JSON.parse(line);
    for (const rs of body.resourceSpans ?? [])
      for (const ss of rs.scopeSpans ?? [])
        for (const s of ss.spans ?? []) {
          s.startTimeUnixNano = String(BigInt(s.startTimeUnixNano) + shift);
          s.endTimeUnixNano = String(BigInt(s.endTimeUnixNano) + shift);
        }
    return JSON.stringify(body);
  });
  writeFileSync(dest, `${moved.join('\n')}\n`);
}
