// The workload of bench/budget-replay.bench.mjs: deterministic (seeded), so every policy and every process
// replays the same calls. Several features with their own models, prompt sizes and long-tailed output
// lengths (log-normal), users on a free and a pro tier with a heavy-tailed share of the calls (Zipf), 20% of
// the calls without max_tokens, most chat and code calls streamed.

/** USD per million tokens, the built-in price table's rates for these models. */
export const MODELS = {
  'gpt-4o-mini': { provider: 'openai', input: 0.15, output: 0.6 },
  'gpt-4o': { provider: 'openai', input: 2.5, output: 10 },
  'gpt-5': { provider: 'openai', input: 1.25, output: 10 },
  'claude-sonnet-4-5': { provider: 'anthropic', input: 3, output: 15 },
};

// Output tokens: median and log-normal sigma (p95 = median * e^(1.645 sigma)).
export const FEATURES = {
  chat: {
    model: 'gpt-4o-mini',
    medianOut: 250,
    sigma: 0.8,
    prompt: [300, 1500],
    maxTokens: 1024,
    stream: 0.8,
  },
  summarize: {
    model: 'gpt-4o',
    medianOut: 180,
    sigma: 0.5,
    prompt: [800, 3000],
    maxTokens: 512,
    stream: 0.2,
  },
  code: {
    model: 'claude-sonnet-4-5',
    medianOut: 500,
    sigma: 1.0,
    prompt: [500, 2500],
    maxTokens: 4096,
    stream: 0.9,
  },
  'deep-analysis': {
    model: 'gpt-5',
    medianOut: 1200,
    sigma: 0.7,
    prompt: [2000, 6000],
    maxTokens: 8192,
    stream: 0.5,
  },
};

const MIX = {
  free: [
    ['chat', 0.7],
    ['summarize', 0.2],
    ['code', 0.1],
  ],
  pro: [
    ['chat', 0.4],
    ['summarize', 0.2],
    ['code', 0.25],
    ['deep-analysis', 0.15],
  ],
};

export const BUDGET = {
  users: {
    default: { hourUsd: 0.05 },
    tiers: { free: { hourUsd: 0.05, dayUsd: 0.2 }, pro: { hourUsd: 1, dayUsd: 5 } },
  },
  features: { 'deep-analysis': { dayUsd: 10 } },
  global: { dayUsd: 100, monthUsd: 2000 },
  reservationTtlSeconds: 300,
};

/** Words that are one o200k token each (checked with countTokens): the streamed text and the prompts. */
export const WORDS =
  ' the cost of this model is measured in tokens and every user pays for what they use report data time value'
    .split(' ')
    .filter(Boolean)
    .map((w) => ` ${w}`);
/** A 105-token block; a prompt is `k` of them. */
export const BLOCK = WORDS.join('').repeat(5);
export const BLOCK_TOKENS = 105;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rand, weighted) {
  let r = rand();
  for (const [value, w] of weighted) {
    r -= w;
    if (r <= 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

function normal(rand) {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * `n` calls. Each: user, tier, feature, model, prompt blocks, whether it streams, max_tokens (absent for
 * 20%), and the output the model produces (cut by max_tokens when set, as the API does).
 */
export function workload(n, seed = 13, users = 200, freeShare = 0.75) {
  const rand = mulberry32(seed);
  // Zipf(0.9) over users: a few heavy users, a long tail of light ones.
  const weights = Array.from({ length: users }, (_, i) => 1 / (i + 1) ** 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  const userPick = weights.map((w, i) => [i, w / total]);
  const tierOf = (u) => ((((u * 2654435761) >>> 0) % 1000) / 1000 < freeShare ? 'free' : 'pro');
  const calls = [];
  for (let i = 0; i < n; i++) {
    const u = pick(rand, userPick);
    const tier = tierOf(u);
    const feature = pick(rand, MIX[tier]);
    const f = FEATURES[feature];
    const promptTokens = f.prompt[0] + rand() * (f.prompt[1] - f.prompt[0]);
    const blocks = Math.max(1, Math.round(promptTokens / BLOCK_TOKENS));
    const natural = Math.max(1, Math.round(f.medianOut * Math.exp(f.sigma * normal(rand))));
    const maxTokens = rand() < 0.2 ? undefined : f.maxTokens;
    const output = maxTokens === undefined ? natural : Math.min(natural, maxTokens);
    calls.push({
      i,
      userId: `user-${u}`,
      tier,
      feature,
      model: f.model,
      provider: MODELS[f.model].provider,
      blocks,
      inputTokens: blocks * BLOCK_TOKENS,
      stream: rand() < f.stream,
      maxTokens,
      output,
      truncated: output < natural,
    });
  }
  return calls;
}

/** USD of a call with these token counts. */
export function costUsd(model, inputTokens, outputTokens) {
  const p = MODELS[model];
  return (inputTokens * p.input + outputTokens * p.output) / 1e6;
}
