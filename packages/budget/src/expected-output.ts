import type { BudgetConfig } from './config/types.js';
import type { ExpectedOutputTokens } from './plan.js';
import type { BudgetStore, OutputSample } from './store/types.js';

// Observations of a feature and model nobody called for a week are dropped.
const SAMPLE_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The output a call is expected to produce: a high quantile of the output tokens that completed calls of the
 * same feature and model produced recently, kept in the store so every process learns from every call; a
 * per-family default until there are enough of them.
 */
export class ExpectedOutput {
  private readonly families: [string, number][];

  constructor(
    private readonly config: BudgetConfig,
    private readonly store: BudgetStore,
  ) {
    // Longest prefix first, so `gpt-5` wins over `gpt` and everything over `default`.
    this.families = Object.entries(config.expectedOutput.defaultTokens)
      .filter(([family]) => family !== 'default')
      .sort((a, b) => b[0].length - a[0].length);
  }

  /** Reads the quantiles for the request's model and every model a downgrade rule may send it to. */
  async lookup(
    request: { feature?: string; model: string; stream?: boolean },
    nowMs: number,
  ): Promise<ExpectedOutputTokens> {
    const models = new Set([request.model]);
    for (const rule of this.config.downgrade) {
      if (request.feature !== undefined && rule.features.includes(request.feature)) models.add(rule.to);
    }
    const { minSamples } = this.config.expectedOutput;
    const metered = request.stream === true && this.config.metering.onCapMidStream === 'cut';
    const quantile = metered
      ? this.config.expectedOutput.streamQuantile
      : this.config.expectedOutput.quantile;
    const found = new Map<string, number>();
    await Promise.all(
      [...models].map(async (model) => {
        const q = await this.store.outputQuantile(this.key(request.feature, model), quantile, nowMs);
        found.set(
          model,
          q.tokens !== undefined && q.count >= minSamples ? Math.max(1, q.tokens) : this.defaultFor(model),
        );
      }),
    );
    return (model) => found.get(model) ?? this.defaultFor(model);
  }

  /** An observation for the settle script: only calls that completed with a usage report are worth one. */
  sample(feature: string | undefined, model: string, outputTokens: number): OutputSample {
    return {
      key: this.key(feature, model),
      tokens: Math.round(outputTokens),
      window: this.config.expectedOutput.window,
      ttlSeconds: SAMPLE_TTL_SECONDS,
    };
  }

  defaultFor(model: string): number {
    const id = model.toLowerCase();
    for (const [family, tokens] of this.families) if (id.startsWith(family.toLowerCase())) return tokens;
    return this.config.expectedOutput.defaultTokens.default ?? 1024;
  }

  private key(feature: string | undefined, model: string): string {
    return `${this.config.keyPrefix}:o:${encodeURIComponent(feature ?? '')}:${encodeURIComponent(model)}`;
  }
}
