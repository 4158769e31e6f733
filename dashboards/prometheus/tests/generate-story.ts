// Generates story.test.yml: the promtool replay of "14 quiet days, then one power user".
//   npx tsx dashboards/prometheus/tests/generate-story.ts   (rewrites the committed file)
// Test time 0 is 1970-01-01T00:00Z, a Thursday. Traffic has a daily curve (peak 14:00, trough 02:00),
// quieter weekends and 1%/day growth; rates are constant within each hour, written as one promtool
// expanding segment per hour (`start+stepx11` = 12 samples at 5m).
// On day 14 at 10:00 a user starts sending a 50,000-token document to claude-sonnet-4 every 3 minutes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const STEP_MIN = 5;
const STEPS_PER_HOUR = 60 / STEP_MIN;
const CLEAN_HOURS = 14 * 24 + 10;
const SPIKE_HOURS = 2;
const HOURS = CLEAN_HOURS + SPIKE_HOURS;

// Fixed story prices (USD per 1M tokens), deliberately independent of the shipped price table.
const SONNET = { input: 3, output: 15 };
const DOC = { inputTokens: 50_000, outputTokens: 800, perHour: 20 };
const DOC_COST = (DOC.inputTokens * SONNET.input + DOC.outputTokens * SONNET.output) / 1e6;
// Budgets: 50 USD/day globally (the per-user alert fires at 1% of it, 0.50 USD in an hour), 1600 USD/month.
const MONTH_LIMIT = 1600;
const USER_THRESHOLD = 0.5;

/** Traffic multiplier for hour `h` since t=0: daily curve x weekday/weekend x slow growth. */
const shape = (h: number): number => {
  const hourOfDay = h % 24;
  const day = Math.floor(h / 24);
  const dayOfWeek = (4 + day) % 7; // 0 = Sunday; 1970-01-01 was a Thursday
  const daily = 1 + 0.6 * Math.sin((2 * Math.PI * (hourOfDay - 8)) / 24);
  const weekly = dayOfWeek === 0 || dayOfWeek === 6 ? 0.6 : 1;
  return daily * weekly * (1 + 0.01 * (h / 24));
};
const spiking = (h: number) => h >= CLEAN_HOURS;

/** Per-hour increments of each series, in the unit of the series. */
const perHour = {
  chatCost: (h: number) => 0.4 * shape(h),
  summarizeCost: (h: number) => 0.8 * shape(h) + (spiking(h) ? DOC.perHour * DOC_COST : 0),
  chatStop: (h: number) => 240 * shape(h) * 0.99,
  chatLength: (h: number) => 240 * shape(h) * 0.01,
  summarizeEndTurn: (h: number) => 48 * shape(h) * 0.98 + (spiking(h) ? DOC.perHour : 0),
  summarizeMaxTokens: (h: number) => 48 * shape(h) * 0.02,
};

const fmt = (n: number) => String(Number(n.toPrecision(10)));

/** A counter (or month-to-date gauge) growing by `inc(h)` per hour, spread evenly over the hour's samples. */
const counter = (inc: (h: number) => number): string => {
  const segments: string[] = [];
  let value = 0;
  for (let h = 0; h < HOURS; h++) {
    const step = inc(h) / STEPS_PER_HOUR;
    segments.push(`${fmt(value)}+${fmt(step)}x${STEPS_PER_HOUR - 1}`);
    value += inc(h);
  }
  segments.push(fmt(value));
  return segments.join(' ');
};

/** The budget guard's per-user counter: absent until the user crosses 0.50 USD within an hour. */
const userSpendAlerts = (): string => {
  // documents go out at minutes 0, 3, 6, ...: the n-th one crosses the threshold
  const crossingMinute = (Math.ceil(USER_THRESHOLD / DOC_COST) - 1) * (60 / DOC.perHour);
  // the counter is exported with the next 5m sample after the crossing, then once more an hour later
  const firstStep = CLEAN_HOURS * STEPS_PER_HOUR + Math.ceil(crossingMinute / STEP_MIN);
  const totalSteps = HOURS * STEPS_PER_HOUR + 1;
  return `_x${firstStep} 1x${STEPS_PER_HOUR - 1} 2x${totalSteps - firstStep - STEPS_PER_HOUR - 1}`;
};

const common = 'job="demo", instance="demo-1"';
const series: Array<[string, string]> = [
  [
    `gen_ai_usage_cost_USD_sum{${common}, gen_ai_provider_name="openai", gen_ai_request_model="gpt-4o-mini", llmcost_feature="chat", llmcost_tier="free"}`,
    counter(perHour.chatCost),
  ],
  [
    `gen_ai_usage_cost_USD_sum{${common}, gen_ai_provider_name="anthropic", gen_ai_request_model="claude-sonnet-4", llmcost_feature="summarize", llmcost_tier="pro"}`,
    counter(perHour.summarizeCost),
  ],
  [
    `llmcost_calls_total{${common}, gen_ai_request_model="gpt-4o-mini", llmcost_feature="chat", llmcost_pricing_status="priced", gen_ai_response_finish_reason="stop"}`,
    counter(perHour.chatStop),
  ],
  [
    `llmcost_calls_total{${common}, gen_ai_request_model="gpt-4o-mini", llmcost_feature="chat", llmcost_pricing_status="priced", gen_ai_response_finish_reason="length"}`,
    counter(perHour.chatLength),
  ],
  [
    `llmcost_calls_total{${common}, gen_ai_request_model="claude-sonnet-4", llmcost_feature="summarize", llmcost_pricing_status="priced", gen_ai_response_finish_reason="end_turn"}`,
    counter(perHour.summarizeEndTurn),
  ],
  [
    `llmcost_calls_total{${common}, gen_ai_request_model="claude-sonnet-4", llmcost_feature="summarize", llmcost_pricing_status="priced", gen_ai_response_finish_reason="max_tokens"}`,
    counter(perHour.summarizeMaxTokens),
  ],
  [
    `llmcost_budget_spent_USD{${common}, llmcost_budget_scope="global", llmcost_budget_window="month"}`,
    counter((h) => perHour.chatCost(h) + perHour.summarizeCost(h)),
  ],
  [
    `llmcost_budget_limit_USD{${common}, llmcost_budget_scope="global", llmcost_budget_window="month"}`,
    `${MONTH_LIMIT}x${HOURS * STEPS_PER_HOUR}`,
  ],
  [`llmcost_user_spend_alerts_total{${common}, user_id="power-user-42"}`, userSpendAlerts()],
];

const duration = (hours: number, minutes = 0) => {
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return `${d}d${h}h${minutes}m`;
};
const alertLabels = 'service="llmcost", team="llm-platform"';

export function generateStory(): string {
  const spikeStart = duration(CLEAN_HOURS);
  const lines = [
    '# GENERATED by generate-story.ts: do not edit; run `npx tsx dashboards/prometheus/tests/generate-story.ts`.',
    '# 14 days and 10 hours of normal traffic (daily and weekly shape, 1%/day growth), then a power user',
    `# sending ${DOC.inputTokens}-token documents to claude-sonnet-4 every ${60 / DOC.perHour} minutes ` +
      `(${fmt(DOC_COST)} USD each) from ${spikeStart}.`,
    '# Asserted: no alert at all (not even pending) before the spike; LLMUserSpendSpike firing 15 minutes',
    '# after it starts and LLMCostSpike firing 60 minutes after; nothing else firing then.',
    'rule_files: [../llmcost-rules.yml]',
    'evaluation_interval: 5m',
    'tests:',
    '  - name: 14 quiet days then one power user',
    '    interval: 5m',
    '    input_series:',
    ...series.flatMap(([s, v]) => [`      - series: '${s}'`, `        values: "${v}"`]),
    '    promql_expr_test:',
    '      # ALERTS holds every pending and firing alert the rules produced during the replay',
    '      - expr: count by (alertname, alertstate) (count_over_time(ALERTS[15d]))',
    `        eval_time: ${spikeStart}`,
    '        exp_samples: []',
    '      - expr: ALERTS{alertname="LLMUserSpendSpike", alertstate="firing"}',
    `        eval_time: ${duration(CLEAN_HOURS, 15)}`,
    '        exp_samples:',
    `          - labels: 'ALERTS{alertname="LLMUserSpendSpike", alertstate="firing", severity="warning", user_id="power-user-42", ${alertLabels}}'`,
    '            value: 1',
    '      - expr: count by (alertname) (ALERTS{alertstate="firing"})',
    `        eval_time: ${duration(CLEAN_HOURS + 1)}`,
    '        exp_samples:',
    `          - { labels: '{alertname="LLMUserSpendSpike"}', value: 1 }`,
    `          - { labels: '{alertname="LLMCostSpike"}', value: 1 }`,
  ];
  return `${lines.join('\n')}\n`;
}

export const storyFile = fileURLToPath(new URL('./story.test.yml', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(storyFile, generateStory());
  console.log(`wrote ${storyFile}`);
}
