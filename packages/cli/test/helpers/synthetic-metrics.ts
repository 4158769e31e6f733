/**
 * A few weeks of llmcost metrics as the collector would store them (the Prometheus names of the public contract, ARCHITECTURE.md), written
 * as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`, together with the per-hour events they
 * were made from, so tests can compute what a report over any window must say.
 *
 * Every series starts at 0 and has a sample on every hour up to `end`, so increase() over windows that start
 * and end on the hour has nothing to extrapolate: the report's numbers must equal sums of the events.
 */
export const HOUR = 3600;
export const DAY = 86_400;

export interface SeriesSpec {
  provider: string;
  model: string;
  feature: string;
  tier: string;
  /** USD per call; undefined means unpriced (no cost points, as the instrumentation does). */
  costPerCall?: (t: number) => number;
  inputTokens: number;
  outputTokens: number;
  /** Unix seconds of the series' first sample (value 0); default: the data start. */
  startsAt?: number;
  cacheSavingsPerCall: number;
  /** `user_id` label: the app opted in to users on metrics. */
  userId?: string;
}

export interface HourEvent {
  t: number;
  spec: SeriesSpec;
  calls: number;
  truncated: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheSavingsUsd: number;
}

export interface GaugeSeries {
  labels: Record<string, string>;
  value: (t: number) => number;
}

export interface SyntheticData {
  start: number;
  end: number;
  events: HourEvent[];
  spent: GaugeSeries[];
  limit: GaugeSeries[];
  openMetrics: string;
}

/** `end` is a whole hour in unix seconds; data covers `days` days before it. */
export function generate(end: number, days: number): SyntheticData {
  const start = end - days * DAY;
  const lastWeek = end - 7 * DAY;
  const specs: SeriesSpec[] = [
    {
      provider: 'openai',
      model: 'gpt-4o',
      feature: 'chat',
      tier: 'pro',
      costPerCall: () => 0.0125,
      inputTokens: 1200,
      outputTokens: 300,
      cacheSavingsPerCall: 0.0008,
    },
    // Summaries got twice as expensive in the last week: the biggest mover.
    {
      provider: 'openai',
      model: 'gpt-4o-mini',
      feature: 'summarize',
      tier: 'free',
      costPerCall: (t) => (t > lastWeek ? 0.0018 : 0.0009),
      inputTokens: 3000,
      outputTokens: 150,
      cacheSavingsPerCall: 0,
    },
    {
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      feature: 'search',
      tier: 'pro',
      costPerCall: () => 0.018,
      inputTokens: 2000,
      outputTokens: 500,
      cacheSavingsPerCall: 0.0021,
    },
    // A feature launched three days before the end: week over week it is "new".
    {
      provider: 'openai',
      model: 'gpt-4o',
      feature: 'agent',
      tier: 'enterprise',
      costPerCall: () => 0.031,
      inputTokens: 5000,
      outputTokens: 900,
      startsAt: end - 3 * DAY,
      cacheSavingsPerCall: 0,
      userId: 'agent-runner',
    },
    // A model the price table does not know: calls and tokens, never a cost.
    {
      provider: 'openai',
      model: 'mystery-model-x',
      feature: 'chat',
      tier: 'pro',
      inputTokens: 700,
      outputTokens: 200,
      cacheSavingsPerCall: 0,
    },
  ];

  const events: HourEvent[] = [];
  specs.forEach((spec, k) => {
    for (let t = (spec.startsAt ?? start) + HOUR; t <= end; t += HOUR) {
      const h = Math.round((t - start) / HOUR);
      const calls = 2 + ((h * 7 + k * 3) % 5);
      const truncated = (h + k) % 6 === 0 ? 1 : 0;
      events.push({
        t,
        spec,
        calls,
        truncated,
        costUsd: spec.costPerCall ? calls * spec.costPerCall(t) : 0,
        inputTokens: calls * spec.inputTokens,
        outputTokens: calls * spec.outputTokens,
        cacheSavingsUsd: calls * spec.cacheSavingsPerCall,
      });
    }
  });

  const spent: GaugeSeries[] = [
    {
      labels: { llmcost_budget_scope: 'global', llmcost_budget_window: 'month' },
      value: (t) => 150 + (t - start) / HOUR / 10,
    },
    {
      labels: { llmcost_budget_scope: 'feature', llmcost_budget_window: 'day', llmcost_feature: 'chat' },
      value: (t) => 17 + ((t / HOUR) % 24) / 100,
    },
  ];
  const limit: GaugeSeries[] = [
    { labels: { llmcost_budget_scope: 'global', llmcost_budget_window: 'month' }, value: () => 400 },
    {
      labels: { llmcost_budget_scope: 'feature', llmcost_budget_window: 'day', llmcost_feature: 'chat' },
      value: () => 20,
    },
  ];

  return {
    start,
    end,
    events,
    spent,
    limit,
    openMetrics: toOpenMetrics(specs, events, spent, limit, start, end),
  };
}

function toOpenMetrics(
  specs: SeriesSpec[],
  events: HourEvent[],
  spent: GaugeSeries[],
  limit: GaugeSeries[],
  start: number,
  end: number,
): string {
  const out: string[] = [];
  const bySpec = new Map<SeriesSpec, HourEvent[]>(specs.map((s) => [s, events.filter((e) => e.spec === s)]));
  const base = (s: SeriesSpec) => ({
    gen_ai_provider_name: s.provider,
    gen_ai_operation_name: 'chat',
    gen_ai_request_model: s.model,
    gen_ai_response_model: s.model,
    llmcost_feature: s.feature,
    llmcost_tier: s.tier,
    ...(s.userId ? { user_id: s.userId } : {}),
  });
  /** Emits one cumulative series: a 0 at its start, then the running sum of `inc` at every event. */
  const counter = (
    name: string,
    labels: Record<string, string>,
    s: SeriesSpec,
    inc: (e: HourEvent) => number,
  ) => {
    let total = 0;
    out.push(`${name}${fmt(labels)} 0 ${s.startsAt ?? start}`);
    for (const e of bySpec.get(s)!) {
      total += inc(e);
      out.push(`${name}${fmt(labels)} ${total} ${e.t}`);
    }
  };

  out.push('# TYPE llmcost_calls counter');
  for (const s of specs) {
    const status = s.costPerCall ? 'priced' : 'unpriced';
    counter(
      'llmcost_calls_total',
      { ...base(s), llmcost_pricing_status: status, llmcost_finish_reason: 'stop' },
      s,
      (e) => e.calls - e.truncated,
    );
    counter(
      'llmcost_calls_total',
      { ...base(s), llmcost_pricing_status: status, llmcost_finish_reason: 'length' },
      s,
      (e) => e.truncated,
    );
  }

  out.push('# TYPE gen_ai_usage_cost_USD histogram');
  for (const s of specs.filter((x) => x.costPerCall)) {
    const labels = { ...base(s), llmcost_pricing_status: 'priced' };
    histogram(
      'gen_ai_usage_cost_USD',
      labels,
      s,
      bySpec.get(s)!,
      (e) => e.costUsd,
      [0.01, 0.05],
      (e) => e.costUsd / e.calls,
      start,
      out,
    );
  }

  out.push('# TYPE gen_ai_client_token_usage histogram');
  for (const s of specs) {
    for (const type of ['input', 'output'] as const) {
      const tokens = (e: HourEvent) => (type === 'input' ? e.inputTokens : e.outputTokens);
      const labels = { ...base(s), gen_ai_token_type: type };
      histogram(
        'gen_ai_client_token_usage',
        labels,
        s,
        bySpec.get(s)!,
        tokens,
        [1024, 4096],
        (e) => tokens(e) / e.calls,
        start,
        out,
      );
    }
  }

  out.push('# TYPE llmcost_tokens counter');
  for (const s of specs) {
    counter('llmcost_tokens_total', { ...base(s), llmcost_token_type: 'input' }, s, (e) => e.inputTokens);
    counter('llmcost_tokens_total', { ...base(s), llmcost_token_type: 'output' }, s, (e) => e.outputTokens);
  }

  out.push('# TYPE llmcost_cache_savings_USD counter');
  for (const s of specs.filter((x) => x.cacheSavingsPerCall > 0)) {
    counter('llmcost_cache_savings_USD_total', base(s), s, (e) => e.cacheSavingsUsd);
  }

  for (const [name, series] of [
    ['llmcost_budget_spent_USD', spent],
    ['llmcost_budget_limit_USD', limit],
  ] as const) {
    out.push(`# TYPE ${name} gauge`);
    for (const g of series) {
      for (let t = start; t <= end; t += HOUR) out.push(`${name}${fmt(g.labels)} ${g.value(t)} ${t}`);
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

function histogram(
  name: string,
  labels: Record<string, string>,
  s: SeriesSpec,
  events: HourEvent[],
  sumOf: (e: HourEvent) => number,
  bounds: number[],
  perCall: (e: HourEvent) => number,
  start: number,
  out: string[],
) {
  const buckets = bounds.map(() => 0);
  let inf = 0;
  let sum = 0;
  const point = (t: number) => {
    bounds.forEach((le, i) => {
      out.push(`${name}_bucket${fmt({ ...labels, le: String(le) })} ${buckets[i]} ${t}`);
    });
    out.push(`${name}_bucket${fmt({ ...labels, le: '+Inf' })} ${inf} ${t}`);
    out.push(`${name}_sum${fmt(labels)} ${sum} ${t}`);
    out.push(`${name}_count${fmt(labels)} ${inf} ${t}`);
  };
  point(s.startsAt ?? start);
  for (const e of events) {
    bounds.forEach((le, i) => {
      if (perCall(e) <= le) buckets[i]! += e.calls;
    });
    inf += e.calls;
    sum += sumOf(e);
    point(e.t);
  }
}

function fmt(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}
