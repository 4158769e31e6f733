// A day of llmcost metrics as the collector's remote write stores them (one sample a minute per series), from
// individual calls: three features with their own prompt and answer sizes, streamed chat, cached input,
// truncated answers, failed calls, an unknown model, budget gauges, rejections and downgrades. Written as
// OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
import {
  COST_BUCKETS,
  DURATION_BUCKETS,
  TOKEN_BUCKETS,
} from '../../packages/otel/src/metrics/instruments.js';
import { random } from '../prometheus/scenarios/random.js';
import { expectedShape } from '../prometheus/scenarios/workload.js';

// Time to first chunk has the same semconv bucket advice as durations.
const TTFC_BUCKETS = DURATION_BUCKETS;

interface Feature {
  name: string;
  model: string;
  provider: string;
  tier: string;
  /** Calls per hour at the week's mean. */
  callsPerHour: number;
  /** Median input and output tokens (log-normal), the largest prompt, the output cap (max_tokens). */
  input: { median: number; sigma: number; max: number };
  output: { median: number; sigma: number; max: number };
  /** USD per million tokens; cached input at a tenth. */
  price: { input: number; output: number };
  streamed: boolean;
  cachedShare: number;
  reasons: [string, string];
}

const FEATURES: Feature[] = [
  {
    name: 'chat',
    model: 'gpt-4o-mini',
    provider: 'openai',
    tier: 'free',
    callsPerHour: 600,
    input: { median: 900, sigma: 0.7, max: 16_000 },
    output: { median: 180, sigma: 0.6, max: 1024 },
    price: { input: 0.15, output: 0.6 },
    streamed: true,
    cachedShare: 0.2,
    reasons: ['stop', 'length'],
  },
  {
    name: 'summarize',
    model: 'claude-sonnet-4',
    provider: 'anthropic',
    tier: 'pro',
    callsPerHour: 120,
    // the demo: the largest call had about 67.5k input tokens
    input: { median: 12_000, sigma: 0.9, max: 67_500 },
    output: { median: 600, sigma: 0.5, max: 2048 },
    price: { input: 3, output: 15 },
    streamed: false,
    cachedShare: 0.5,
    reasons: ['end_turn', 'max_tokens'],
  },
  {
    name: 'search',
    model: 'gpt-4o',
    provider: 'openai',
    tier: 'pro',
    callsPerHour: 200,
    input: { median: 3000, sigma: 0.6, max: 24_000 },
    output: { median: 300, sigma: 0.6, max: 4096 },
    price: { input: 2.5, output: 10 },
    streamed: false,
    cachedShare: 0,
    reasons: ['stop', 'length'],
  },
];
const UNPRICED_MODEL = 'acme-llm-2';

/** A cumulative histogram series set (buckets, sum, count) for one label set. */
class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array(bounds.length + 1).fill(0);
  }
  observe(v: number): void {
    const i = this.bounds.findIndex((b) => v <= b);
    this.counts[i < 0 ? this.bounds.length : i]!++;
    this.sum += v;
    this.count++;
  }
}

export interface History {
  /** OpenMetrics text, one sample per minute per series. */
  openMetrics: string;
  /** Unix seconds of the first sample, and of the end of the history (a whole minute after the last sample). */
  startSeconds: number;
  endSeconds: number;
  /** Per feature: the largest call (input tokens, USD), to judge the p95 panels. */
  largest: Map<string, { inputTokens: number; costUsd: number }>;
}

const q = (v: string) => v.replace(/[\\"]/g, (c) => `\\${c}`);
const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${q(v)}"`)
    .join(',');

/**
 * The exporter's phase: an app exports every 60 s from whenever it started, so samples never sit on whole
 * minutes (where a query step lands and a 60-second window would catch two by its inclusive ends).
 */
const PHASE_SECONDS = 17.3;

/** `minutes` minutes of traffic, the last sample just before `endSeconds`. */
export function buildHistory(endSeconds: number, minutes: number, seed = 1): History {
  const rng = random(seed);
  const startSeconds = endSeconds - minutes * 60 - 60 + PHASE_SECONDS;
  // family -> series key -> [labels, lines]
  const families = new Map<string, { type: string; series: Map<string, string[]> }>();
  const emit = (
    family: string,
    type: string,
    name: string,
    labels: Record<string, string>,
    v: number,
    t: number,
  ) => {
    let f = families.get(family);
    if (!f) {
      f = { type, series: new Map() };
      families.set(family, f);
    }
    const key = `${name}{${labelText(labels)}}`;
    let lines = f.series.get(key);
    if (!lines) {
      lines = [];
      f.series.set(key, lines);
    }
    lines.push(`${key} ${v} ${t}`);
  };
  const base = { job: 'llmcost-demo', instance: 'demo-1' };
  const state = new Map<string, Histogram | { value: number }>();
  const hist = (key: string, bounds: readonly number[]) => {
    let h = state.get(key) as Histogram | undefined;
    if (!h) {
      h = new Histogram(bounds);
      state.set(key, h);
    }
    return h;
  };
  const counter = (key: string) => {
    let c = state.get(key) as { value: number } | undefined;
    if (!c) {
      c = { value: 0 };
      state.set(key, c);
    }
    return c;
  };
  const largest = new Map<string, { inputTokens: number; costUsd: number }>();
  const logNormal = (median: number, sigma: number, max: number) =>
    Math.max(1, Math.min(max, Math.round(median * Math.exp(sigma * rng.normal()))));
  let monthSpent = 4000;

  for (let minute = 0; minute <= minutes; minute++) {
    const t = startSeconds + minute * 60;
    const shape = expectedShape(Math.floor(t / 60) % (7 * 1440), { growthPerDay: 0, dayNoise: 0 });
    for (const f of FEATURES) {
      const labels = {
        ...base,
        gen_ai_request_model: f.model,
        llmcost_feature: f.name,
        llmcost_tier: f.tier,
      };
      const calls = rng.poisson((f.callsPerHour * shape) / 60);
      for (let c = 0; c < calls; c++) {
        const input = logNormal(f.input.median, f.input.sigma, f.input.max);
        const output = logNormal(f.output.median, f.output.sigma, f.output.max);
        const cached = rng.uniform() < f.cachedShare ? Math.round(input * 0.6) : 0;
        const cost =
          ((input - cached) * f.price.input + cached * f.price.input * 0.1 + output * f.price.output) / 1e6;
        monthSpent += cost;
        const top = largest.get(f.name) ?? { inputTokens: 0, costUsd: 0 };
        largest.set(f.name, {
          inputTokens: Math.max(top.inputTokens, input),
          costUsd: Math.max(top.costUsd, cost),
        });
        const failed = rng.uniform() < 0.005;
        const duration = 0.3 + output * 0.012 * (0.7 + 0.6 * rng.uniform());
        hist(JSON.stringify(['dur', labels, failed]), DURATION_BUCKETS).observe(duration);
        if (failed) {
          counter(JSON.stringify(['calls', labels, '', 'priced', 'RateLimitError'])).value++;
          continue;
        }
        hist(JSON.stringify(['tok', labels, 'input']), TOKEN_BUCKETS).observe(input);
        hist(JSON.stringify(['tok', labels, 'output']), TOKEN_BUCKETS).observe(output);
        hist(JSON.stringify(['cost', labels]), COST_BUCKETS).observe(cost);
        if (f.streamed)
          hist(JSON.stringify(['ttfc', labels]), TTFC_BUCKETS).observe(0.15 + 0.4 * rng.uniform());
        const reason = output >= f.output.max ? f.reasons[1] : f.reasons[0];
        counter(JSON.stringify(['calls', labels, reason, 'priced', ''])).value++;
        counter(JSON.stringify(['tokens', labels, 'input'])).value += input;
        counter(JSON.stringify(['tokens', labels, 'output'])).value += output;
        counter(JSON.stringify(['tokens', labels, 'cache_read'])).value += cached;
        counter(JSON.stringify(['savings', labels])).value += (cached * f.price.input * 0.9) / 1e6;
      }
    }
    // an unknown model now and then, a rejected call of the free tier, a downgrade
    if (minute % 10 === 3) {
      const labels = {
        ...base,
        gen_ai_request_model: UNPRICED_MODEL,
        llmcost_feature: 'experimental',
        llmcost_tier: 'pro',
      };
      counter(JSON.stringify(['calls', labels, 'stop', 'unpriced', ''])).value++;
    }
    if (minute % 7 === 0) counter(JSON.stringify(['rejected', 'user', 'hour_limit'])).value++;
    if (minute % 30 === 0) counter(JSON.stringify(['downgraded', 'global', 'global_utilisation'])).value++;

    // every series' sample at t, as the collector writes each export
    for (const [key, s] of state) {
      const [kind, a, b, c2, d] = JSON.parse(key) as [
        string,
        Record<string, string>,
        unknown,
        string,
        string,
      ];
      if (s instanceof Histogram) {
        const family = {
          dur: 'gen_ai_client_operation_duration_seconds',
          tok: 'gen_ai_client_token_usage',
          cost: 'gen_ai_usage_cost_USD',
          ttfc: 'gen_ai_client_operation_time_to_first_chunk_seconds',
        }[kind as 'dur' | 'tok' | 'cost' | 'ttfc'];
        const labels: Record<string, string> = { ...a };
        if (kind === 'tok') labels.gen_ai_token_type = b as string;
        if (kind === 'dur' && b) labels.error_type = 'RateLimitError';
        let cumulative = 0;
        s.bounds.forEach((bound, i) => {
          cumulative += s.counts[i]!;
          emit(family, 'histogram', `${family}_bucket`, { ...labels, le: String(bound) }, cumulative, t);
        });
        emit(family, 'histogram', `${family}_bucket`, { ...labels, le: '+Inf' }, s.count, t);
        emit(family, 'histogram', `${family}_sum`, labels, s.sum, t);
        emit(family, 'histogram', `${family}_count`, labels, s.count, t);
      } else if (kind === 'calls') {
        const labels: Record<string, string> = {
          ...a,
          llmcost_pricing_status: c2,
          gen_ai_provider_name: 'openai',
        };
        if (b) labels.llmcost_finish_reason = b as string;
        if (d) labels.error_type = d;
        emit('llmcost_calls', 'counter', 'llmcost_calls_total', labels, s.value, t);
      } else if (kind === 'tokens') {
        emit(
          'llmcost_tokens',
          'counter',
          'llmcost_tokens_total',
          { ...a, llmcost_token_type: b as string },
          s.value,
          t,
        );
      } else if (kind === 'savings') {
        emit('llmcost_cache_savings_USD', 'counter', 'llmcost_cache_savings_USD_total', a, s.value, t);
      } else {
        const family = kind === 'rejected' ? 'llmcost_budget_rejections' : 'llmcost_budget_downgrades';
        const labels = {
          ...base,
          llmcost_budget_scope: a as unknown as string,
          llmcost_budget_reason: b as string,
        };
        emit(family, 'counter', `${family}_total`, labels, s.value, t);
      }
    }
    const budget = { ...base, llmcost_budget_scope: 'global', llmcost_budget_window: 'month' };
    emit('llmcost_budget_spent_USD', 'gauge', 'llmcost_budget_spent_USD', budget, monthSpent, t);
    emit('llmcost_budget_limit_USD', 'gauge', 'llmcost_budget_limit_USD', budget, 20_000, t);
  }

  const out: string[] = [];
  for (const [family, f] of families) {
    out.push(`# TYPE ${family} ${f.type}`);
    for (const lines of f.series.values()) out.push(...lines);
  }
  out.push('# EOF', '');
  return { openMetrics: out.join('\n'), startSeconds, endSeconds, largest };
}
