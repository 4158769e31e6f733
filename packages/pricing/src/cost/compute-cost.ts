import type { CompiledEntry, CompiledRates } from '../table/compile-entry.js';
import { getPricingVersion, match } from '../table/pricing-state.js';
import type { CostOptions, CostResult, Usage } from '../types.js';
import { femtoToDecimalString, femtoToUsd } from './money.js';

/** A token count as a BigInt; anything that is not a non-negative finite number counts as 0. */
function count(n: unknown): bigint {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? BigInt(Math.floor(n)) : 0n;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);

const PPM = 1_000_000n;
/** Batch rates per rate block, computed once: compiled blocks live as long as their table. */
const batchRates = new WeakMap<CompiledRates, CompiledRates>();
function batched(r: CompiledRates, keepPpm: bigint): CompiledRates {
  let b = batchRates.get(r);
  if (!b) {
    b = scale(r, keepPpm);
    batchRates.set(r, b);
  }
  return b;
}

function scale(r: CompiledRates, keepPpm: bigint): CompiledRates {
  // Rounded half up to a whole femto-USD per token; exact for every built-in rate (checked by the table test).
  const s = (v: bigint) => (v * keepPpm + PPM / 2n) / PPM;
  return {
    input: s(r.input),
    output: s(r.output),
    cacheRead: s(r.cacheRead),
    cacheWrite: s(r.cacheWrite),
    cacheWrite1h: s(r.cacheWrite1h),
    reasoning: s(r.reasoning),
  };
}

/**
 * The rates of one call: fine-tune rates for a fine-tune; else the service tier's (OpenAI `flex`/`priority`)
 * when the model has that tier and the call is not a batch; else the highest long-context tier the input
 * (cached included) exceeds, since those providers bill the whole request at that tier; then the batch
 * discount on top (Anthropic and Google apply batch pricing to every tier).
 */
export function ratesFor(
  c: CompiledEntry,
  fineTuned: boolean,
  inputTokens: number,
  options: CostOptions,
): CompiledRates {
  let rates = c.base;
  const tier = options.serviceTier?.toLowerCase();
  if (fineTuned && c.fineTuned) rates = c.fineTuned;
  else if (!options.batch && tier !== undefined && c.serviceTiers.has(tier))
    rates = c.serviceTiers.get(tier)!;
  else rates = c.longContext.find((t) => inputTokens > t.above)?.rates ?? c.base;
  if (options.batch && c.batchKeepPpm !== undefined) rates = batched(rates, c.batchKeepPpm);
  return rates;
}

/**
 * The cost of one call. `usage` has semantic-convention meaning (input includes cached, output includes
 * reasoning). Cached reads are billed at the cache-read rate and taken out of the full-rate input; cache
 * creation at the write rate (Anthropic 1-hour writes at the 1h rate); reasoning at the reasoning rate when the
 * model has one, else as output. An unknown model is `unpriced`, with no dollar figure: never a silent $0.
 */
export function computeCost(usage: Usage, model: string, options: CostOptions = {}): CostResult {
  const pricingVersion = getPricingVersion();
  const found = typeof model === 'string' && model.trim() !== '' ? match(model, options.provider) : undefined;
  if (!found) return { status: 'unpriced', pricingVersion };
  const u = (typeof usage === 'object' && usage !== null ? usage : {}) as Partial<Usage>;
  const input = count(u.inputTokens);
  const output = count(u.outputTokens);
  const read = count(u.cacheReadInputTokens);
  const write = count(u.cacheCreationInputTokens);
  const write1h = min(count(u.cacheCreation1hInputTokens), write);
  const reasoning = min(count(u.reasoningOutputTokens), output);
  const uncached = input - read - write > 0n ? input - read - write : 0n;

  const r = ratesFor(found.entry, found.fineTuned, Number(input), options);
  const inputF = uncached * r.input;
  const cacheReadF = read * r.cacheRead;
  const cacheWriteF = (write - write1h) * r.cacheWrite + write1h * r.cacheWrite1h;
  const outputF = (output - reasoning) * r.output + reasoning * r.reasoning;
  const total = inputF + cacheReadF + cacheWriteF + outputF;
  const savings = r.input > r.cacheRead ? read * (r.input - r.cacheRead) : 0n;
  const result: CostResult = {
    status: 'priced',
    totalUsd: femtoToUsd(total),
    inputUsd: femtoToUsd(inputF),
    outputUsd: femtoToUsd(outputF),
    cacheReadUsd: femtoToUsd(cacheReadF),
    cacheWriteUsd: femtoToUsd(cacheWriteF),
    pricingModel: found.fineTuned ? `ft:${found.entry.entry.model}` : found.entry.entry.model,
    pricingVersion,
    totalUsdExact: femtoToDecimalString(total),
    cacheSavingsUsd: femtoToUsd(savings),
  };
  // BigInt fields are not enumerable: JSON.stringify throws on a BigInt, and a result is logged and sent
  // around. `totalUsdExact` (a string) carries the exact amount through JSON and spreads.
  Object.defineProperties(result, {
    totalFemtoUsd: { value: total, enumerable: false },
    cacheSavingsFemtoUsd: { value: savings, enumerable: false },
  });
  return result;
}
