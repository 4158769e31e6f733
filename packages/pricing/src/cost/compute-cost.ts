import type { CompiledEntry, CompiledRates } from '../table/compile-entry.js';
import { getPricingVersion, match } from '../table/pricing-state.js';
import type { CostOptions, CostResult, Usage } from '../types.js';
import { femtoToDecimalString, femtoToUsd, formatScaled } from './money.js';
import { PricedCost } from './priced-cost.js';

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
  else {
    for (const t of c.longContext) {
      if (inputTokens > t.above) {
        rates = t.rates;
        break;
      }
    }
  }
  if (options.batch && c.batchKeepPpm !== undefined) rates = batched(rates, c.batchKeepPpm);
  return rates;
}

/**
 * The cost of one call. `usage` has semantic-convention meaning (input includes cached, output includes
 * reasoning). Cached reads are billed at the cache-read rate and taken out of the full-rate input; cache
 * creation at the write rate (Anthropic 1-hour writes at the 1h rate); reasoning at the reasoning rate when the
 * model has one, else as output. An unknown model, or usage that is not valid token counts (see
 * `isValidUsage`), is `unpriced`, with no dollar figure: never a silent $0.
 */
export function computeCost(usage: Usage, model: string, options: CostOptions = {}): CostResult {
  const pricingVersion = getPricingVersion();
  const found = typeof model === 'string' && model.trim() !== '' ? match(model, options.provider) : undefined;
  if (!found || !isValidUsage(usage)) return { status: 'unpriced', pricingVersion };
  const u = usage;
  const pricingModel = found.fineTuned ? `ft:${found.entry.entry.model}` : found.entry.entry.model;
  const r = ratesFor(found.entry, found.fineTuned, countNumber(u.inputTokens), options);
  return (
    costInNumbers(u, r, pricingModel, pricingVersion) ?? costInBigInts(u, r, pricingModel, pricingVersion)
  );
}

const OPTIONAL_COUNTS = [
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
  'cacheCreation1hInputTokens',
  'reasoningOutputTokens',
] as const;

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/**
 * Usage we can price: an object whose input and output counts are non-negative finite numbers, and whose optional
 * counts are absent or the same. Anything else (null, a string, NaN, a negative count) says the usage was not
 * read correctly, so pricing it would be a made-up figure, usually a silent $0.
 */
function isValidUsage(usage: unknown): usage is Usage {
  if (typeof usage !== 'object' || usage === null) return false;
  const u = usage as Record<string, unknown>;
  if (!isCount(u.inputTokens) || !isCount(u.outputTokens)) return false;
  return OPTIONAL_COUNTS.every((k) => u[k] === undefined || isCount(u[k]));
}

/** The reference computation, in BigInt: exact at any size. Exported for the test that compares the paths. */
export function costInBigInts(
  u: Partial<Usage>,
  r: CompiledRates,
  pricingModel: string,
  pricingVersion: string,
): CostResult {
  const input = count(u.inputTokens);
  const output = count(u.outputTokens);
  const read = count(u.cacheReadInputTokens);
  const write = count(u.cacheCreationInputTokens);
  const write1h = min(count(u.cacheCreation1hInputTokens), write);
  const reasoning = min(count(u.reasoningOutputTokens), output);
  const uncached = input - read - write > 0n ? input - read - write : 0n;

  const inputF = uncached * r.input;
  const cacheReadF = read * r.cacheRead;
  const cacheWriteF = (write - write1h) * r.cacheWrite + write1h * r.cacheWrite1h;
  const outputF = (output - reasoning) * r.output + reasoning * r.reasoning;
  const total = inputF + cacheReadF + cacheWriteF + outputF;
  const savings = r.input > r.cacheRead ? read * (r.input - r.cacheRead) : 0n;
  return new PricedCost(
    {
      status: 'priced',
      totalUsd: femtoToUsd(total),
      inputUsd: femtoToUsd(inputF),
      outputUsd: femtoToUsd(outputF),
      cacheReadUsd: femtoToUsd(cacheReadF),
      cacheWriteUsd: femtoToUsd(cacheWriteF),
      pricingModel,
      pricingVersion,
      totalUsdExact: femtoToDecimalString(total),
      cacheSavingsUsd: femtoToUsd(savings),
    },
    total,
    savings,
  );
}

/** Past this, integer arithmetic in doubles stops being exact. */
const EXACT = 2 ** 53;
/** Token counts below this keep every sum and difference of counts exact in doubles. */
const SMALL_COUNT = 2 ** 40;

interface NumberRates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
  reasoning: number;
}
const numberRates = new WeakMap<CompiledRates, NumberRates | null>();
function ratesAsNumbers(r: CompiledRates): NumberRates | undefined {
  let n = numberRates.get(r);
  if (n === undefined) {
    const all = [r.input, r.output, r.cacheRead, r.cacheWrite, r.cacheWrite1h, r.reasoning];
    n = all.every((v) => v >= 0n && v < BigInt(EXACT))
      ? {
          input: Number(r.input),
          output: Number(r.output),
          cacheRead: Number(r.cacheRead),
          cacheWrite: Number(r.cacheWrite),
          cacheWrite1h: Number(r.cacheWrite1h),
          reasoning: Number(r.reasoning),
        }
      : null;
    numberRates.set(r, n);
  }
  return n ?? undefined;
}

/** `count` as a double. */
function countNumber(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/**
 * The same computation as `costInBigInts` in doubles, for a typical call: it allocates no BigInt. Exact, hence identical: every count and rate is an integer below 2^53, all terms are
 * non-negative, so when the (monotonically rounded) total stays below 2^53 no product or sum ever left the range
 * where doubles hold integers exactly. Otherwise undefined, and the BigInt path prices the call.
 */
function costInNumbers(
  u: Partial<Usage>,
  rates: CompiledRates,
  pricingModel: string,
  pricingVersion: string,
): CostResult | undefined {
  const r = ratesAsNumbers(rates);
  if (r === undefined) return undefined;
  const input = countNumber(u.inputTokens);
  const output = countNumber(u.outputTokens);
  const read = countNumber(u.cacheReadInputTokens);
  const write = countNumber(u.cacheCreationInputTokens);
  const write1h = Math.min(countNumber(u.cacheCreation1hInputTokens), write);
  const reasoning = Math.min(countNumber(u.reasoningOutputTokens), output);
  if (input >= SMALL_COUNT || output >= SMALL_COUNT || read >= SMALL_COUNT || write >= SMALL_COUNT)
    return undefined;
  const uncached = Math.max(input - read - write, 0);

  const inputF = uncached * r.input;
  const cacheReadF = read * r.cacheRead;
  const cacheWriteF = (write - write1h) * r.cacheWrite + write1h * r.cacheWrite1h;
  const outputF = (output - reasoning) * r.output + reasoning * r.reasoning;
  const total = inputF + cacheReadF + cacheWriteF + outputF;
  const savings = r.input > r.cacheRead ? read * (r.input - r.cacheRead) : 0;
  if (!(total < EXACT && savings < EXACT)) return undefined;
  // Below 2^53 a femto amount and 1e15 are exact doubles: one division, as femtoToUsd does.
  return new PricedCost(
    {
      status: 'priced',
      totalUsd: total / 1e15,
      inputUsd: inputF / 1e15,
      outputUsd: outputF / 1e15,
      cacheReadUsd: cacheReadF / 1e15,
      cacheWriteUsd: cacheWriteF / 1e15,
      pricingModel,
      pricingVersion,
      totalUsdExact: formatScaled(total, 15),
      cacheSavingsUsd: savings / 1e15,
    },
    total,
    savings,
  );
}
