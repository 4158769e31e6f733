import { ratePerMillionToFemto } from '../cost/money.js';
import type { PriceEntry, TokenRates } from '../types.js';
import { got, PricingFileError } from './pricing-file-error.js';

/** Rates in integer femto-USD per token, every default filled in. */
export interface CompiledRates {
  input: bigint;
  output: bigint;
  cacheRead: bigint;
  cacheWrite: bigint;
  cacheWrite1h: bigint;
  reasoning: bigint;
}

export interface CompiledEntry {
  readonly entry: Readonly<PriceEntry>;
  readonly base: CompiledRates;
  /** Sorted by threshold, highest first. */
  readonly longContext: ReadonlyArray<{ above: number; rates: CompiledRates }>;
  /** Parts per million kept for batch requests (500000 = half price), when the model has a batch price. */
  readonly batchKeepPpm?: bigint;
  readonly serviceTiers: ReadonlyMap<string, CompiledRates>;
  readonly fineTuned?: CompiledRates;
  readonly origin: 'built-in' | 'override';
}

const RATE_FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'reasoning'] as const;
const ENTRY_FIELDS = new Set<string>([
  ...RATE_FIELDS,
  'provider',
  'model',
  'aliases',
  'prefixes',
  'longContext',
  'batchDiscount',
  'serviceTiers',
  'fineTuned',
  'contextWindow',
  'maxOutputTokens',
  'asOf',
  'source',
  'notes',
  'reviewed',
]);
const RATE_HINT = 'must be a non-negative number of USD per 1M tokens';

interface Ctx {
  file: string;
  entry: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (ctx: Ctx, field: string | undefined, problem: string): never => {
  throw new PricingFileError(ctx.file, ctx.entry, field, problem);
};

function rate(ctx: Ctx, field: string, value: unknown, required: boolean): number | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return fail(ctx, field, `${RATE_HINT} ${got(value)}`);
  }
  return value;
}

function positiveInt(ctx: Ctx, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    return fail(ctx, field, `must be a positive whole number of tokens ${got(value)}`);
  }
  return value;
}

function stringList(ctx: Ctx, field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s.trim() === '')) {
    return fail(ctx, field, `must be a list of model id strings ${got(value)}`);
  }
  return value.map((s: string) => s.trim().toLowerCase());
}

/** Validates a rate block (the entry itself, a tier, a service tier, fine-tune rates). */
function rates(
  ctx: Ctx,
  prefix: string,
  obj: Record<string, unknown>,
  extra: ReadonlySet<string>,
): TokenRates {
  for (const key of Object.keys(obj)) {
    if (!(RATE_FIELDS as readonly string[]).includes(key) && !extra.has(key)) {
      fail(
        ctx,
        `${prefix}${key}`,
        `is not a known field; use one of ${[...RATE_FIELDS, ...extra].join(', ')}`,
      );
    }
  }
  const out: TokenRates = {
    input: rate(ctx, `${prefix}input`, obj.input, true)!,
    output: rate(ctx, `${prefix}output`, obj.output, true)!,
  };
  for (const f of RATE_FIELDS.slice(2)) {
    const v = rate(ctx, `${prefix}${f}`, obj[f], false);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

function compileRates(r: TokenRates): CompiledRates {
  const input = ratePerMillionToFemto(r.input);
  const output = ratePerMillionToFemto(r.output);
  const cacheWrite = r.cacheWrite === undefined ? input : ratePerMillionToFemto(r.cacheWrite);
  return {
    input,
    output,
    cacheRead: r.cacheRead === undefined ? input : ratePerMillionToFemto(r.cacheRead),
    cacheWrite,
    cacheWrite1h: r.cacheWrite1h === undefined ? cacheWrite : ratePerMillionToFemto(r.cacheWrite1h),
    reasoning: r.reasoning === undefined ? output : ratePerMillionToFemto(r.reasoning),
  };
}

const NO_EXTRA: ReadonlySet<string> = new Set();
const TIER_EXTRA: ReadonlySet<string> = new Set(['aboveInputTokens']);

/**
 * Checks one entry of our format and turns it into integer rates. `defaults` fills `asOf` / `source`
 * for user files, which may leave them out; the built-in table must carry both (its test checks).
 */
export function compileEntry(
  raw: unknown,
  index: number,
  file: string,
  origin: 'built-in' | 'override',
  defaults: { asOf?: string; source?: string } = {},
): CompiledEntry {
  const name = isObject(raw) && typeof raw.model === 'string' && raw.model.trim() ? raw.model : `#${index}`;
  const ctx: Ctx = { file, entry: name };
  if (!isObject(raw))
    fail(ctx, undefined, `must be an object with provider, model, input and output ${got(raw)}`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!ENTRY_FIELDS.has(key))
      fail(ctx, key, `is not a known field; use one of ${[...ENTRY_FIELDS].join(', ')}`);
  }
  if (typeof obj.model !== 'string' || obj.model.trim() === '') {
    fail(ctx, 'model', `must be the model id as the API reports it, e.g. "gpt-4o" ${got(obj.model)}`);
  }
  if (typeof obj.provider !== 'string' || obj.provider.trim() === '') {
    fail(
      ctx,
      'provider',
      `must be a gen_ai.provider.name value such as "openai" or "anthropic" ${got(obj.provider)}`,
    );
  }
  const base = rates(ctx, '', obj, ENTRY_FIELDS);
  const asOf = obj.asOf ?? defaults.asOf;
  if (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    fail(ctx, 'asOf', `must be the date the price was true, as YYYY-MM-DD ${got(asOf)}`);
  }
  const source = obj.source ?? defaults.source;
  if (typeof source !== 'string' || source.trim() === '') {
    fail(ctx, 'source', `must be the URL the price comes from ${got(source)}`);
  }
  const entry: PriceEntry = {
    provider: (obj.provider as string).trim(),
    model: (obj.model as string).trim().toLowerCase(),
    ...base,
    asOf: asOf as string,
    source: source as string,
  };
  const aliases = stringList(ctx, 'aliases', obj.aliases);
  if (aliases) entry.aliases = aliases;
  const prefixes = stringList(ctx, 'prefixes', obj.prefixes);
  if (prefixes) entry.prefixes = prefixes;

  const longContext: Array<{ above: number; rates: CompiledRates }> = [];
  if (obj.longContext !== undefined) {
    if (!Array.isArray(obj.longContext)) {
      fail(
        ctx,
        'longContext',
        `must be a list of {"aboveInputTokens": N, "input": ..., "output": ...} ${got(obj.longContext)}`,
      );
    }
    entry.longContext = (obj.longContext as unknown[]).map((t, i) => {
      const prefix = `longContext[${i}].`;
      if (!isObject(t))
        return fail(
          ctx,
          `longContext[${i}]`,
          `must be an object with aboveInputTokens, input and output ${got(t)}`,
        );
      const above = positiveInt(ctx, `${prefix}aboveInputTokens`, t.aboveInputTokens);
      if (above === undefined)
        return fail(
          ctx,
          `${prefix}aboveInputTokens`,
          `is required: the input size above which these rates apply ${got(undefined)}`,
        );
      const r = rates(ctx, prefix, t, TIER_EXTRA);
      longContext.push({ above, rates: compileRates(r) });
      return { aboveInputTokens: above, ...r };
    });
    longContext.sort((a, b) => b.above - a.above);
  }

  let batchKeepPpm: bigint | undefined;
  if (obj.batchDiscount !== undefined) {
    const d = obj.batchDiscount;
    if (typeof d !== 'number' || !(d >= 0 && d < 1)) {
      fail(
        ctx,
        'batchDiscount',
        `must be the fraction taken off for batch requests, 0 <= x < 1 (0.5 = half price) ${got(d)}`,
      );
    }
    entry.batchDiscount = d as number;
    batchKeepPpm = 1_000_000n - BigInt(Math.round((d as number) * 1_000_000));
  }

  const serviceTiers = new Map<string, CompiledRates>();
  if (obj.serviceTiers !== undefined) {
    if (!isObject(obj.serviceTiers)) {
      fail(
        ctx,
        'serviceTiers',
        `must map a tier name to its rates, e.g. {"flex": {"input": 0.625, "output": 5}} ${got(obj.serviceTiers)}`,
      );
    }
    entry.serviceTiers = {};
    for (const [tier, t] of Object.entries(obj.serviceTiers as Record<string, unknown>)) {
      if (!isObject(t))
        fail(ctx, `serviceTiers.${tier}`, `must be an object with input and output ${got(t)}`);
      const r = rates(ctx, `serviceTiers.${tier}.`, t as Record<string, unknown>, NO_EXTRA);
      entry.serviceTiers[tier.toLowerCase()] = r;
      serviceTiers.set(tier.toLowerCase(), compileRates(r));
    }
  }

  let fineTuned: CompiledRates | undefined;
  if (obj.fineTuned !== undefined) {
    if (!isObject(obj.fineTuned))
      fail(ctx, 'fineTuned', `must be an object with input and output ${got(obj.fineTuned)}`);
    entry.fineTuned = rates(ctx, 'fineTuned.', obj.fineTuned as Record<string, unknown>, NO_EXTRA);
    fineTuned = compileRates(entry.fineTuned);
  }

  const contextWindow = positiveInt(ctx, 'contextWindow', obj.contextWindow);
  if (contextWindow !== undefined) entry.contextWindow = contextWindow;
  const maxOutputTokens = positiveInt(ctx, 'maxOutputTokens', obj.maxOutputTokens);
  if (maxOutputTokens !== undefined) entry.maxOutputTokens = maxOutputTokens;
  if (obj.notes !== undefined) {
    if (typeof obj.notes !== 'string') fail(ctx, 'notes', `must be a string ${got(obj.notes)}`);
    entry.notes = obj.notes as string;
  }
  if (obj.reviewed !== undefined) {
    const r = obj.reviewed;
    if (!isObject(r) || Object.values(r).some((v) => typeof v !== 'string' || v.trim() === '')) {
      fail(
        ctx,
        'reviewed',
        `must map a reference to the reason its price differs, e.g. {"litellm:aws.bedrock": "..."} ${got(r)}`,
      );
    }
    entry.reviewed = { ...(r as Record<string, string>) };
  }

  return {
    entry: deepFreeze(entry),
    base: compileRates(base),
    longContext,
    ...(batchKeepPpm === undefined ? {} : { batchKeepPpm }),
    serviceTiers,
    ...(fineTuned ? { fineTuned } : {}),
    origin,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
