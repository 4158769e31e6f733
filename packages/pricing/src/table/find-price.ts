import type { ModelLimits, PriceEntry } from '../types.js';
import { match } from './pricing-state.js';

const fineTuneViews = new WeakMap<object, PriceEntry>();

/** The row as a fine-tuned model sees it: the base row with its fine-tune rates, or the base rates. */
function fineTuneView(entry: Readonly<PriceEntry>): PriceEntry {
  const cached = fineTuneViews.get(entry);
  if (cached) return cached;
  const { fineTuned, serviceTiers: _s, longContext: _l, aliases: _a, prefixes: _p, ...rest } = entry;
  const view: PriceEntry = Object.freeze({ ...rest, ...(fineTuned ?? {}), model: `ft:${entry.model}` });
  fineTuneViews.set(entry, view);
  return view;
}

/**
 * The price-table row for a model as the provider reports it (`gpt-4o-2024-08-06`, `openai/gpt-4o`,
 * `us.anthropic.claude-3-5-sonnet-20241022-v2:0`, `claude-3-5-sonnet-v2@20241022`, `ft:gpt-4o-mini:org::id`, ...),
 * or `undefined` when no row prices it. `provider` is the gen_ai.provider.name of the call.
 */
export function findPrice(
  model: string,
  options: { provider?: string } = {},
): Readonly<PriceEntry> | undefined {
  if (typeof model !== 'string' || model.trim() === '') return undefined;
  const found = match(model, options.provider);
  if (!found) return undefined;
  return found.fineTuned ? fineTuneView(found.entry.entry) : found.entry.entry;
}

/**
 * Context window and maximum output tokens of a model. The budget guard takes `maxOutputTokens` as the
 * worst case when a request sets no `max_tokens`. `undefined` for an unknown model.
 */
export function getModelLimits(model: string, options: { provider?: string } = {}): ModelLimits | undefined {
  const entry = findPrice(model, options);
  if (!entry) return undefined;
  const limits: ModelLimits = {};
  if (entry.contextWindow !== undefined) limits.contextWindow = entry.contextWindow;
  if (entry.maxOutputTokens !== undefined) limits.maxOutputTokens = entry.maxOutputTokens;
  return limits;
}
