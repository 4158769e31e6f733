import { ConfigChecker } from './check.js';
import { parseReservePolicy } from './parse-reserve.js';
import type { BudgetConfig, DowngradeRule, FeatureCaps, UserCaps } from './types.js';

const TOP_KEYS = [
  'store',
  'onStoreError',
  'keyPrefix',
  'perRequest',
  'users',
  'features',
  'global',
  'downgrade',
  'userSpike',
  'reservationTtlSeconds',
  'unpricedModelUsd',
  'reserve',
  'expectedOutput',
  'metering',
] as const;
const USER_KEYS = ['hourUsd', 'dayUsd', 'monthUsd'] as const;
const FEATURE_KEYS = ['dayUsd', 'monthUsd'] as const;
const DEFAULT_ALERT_AT = [0.8, 0.9, 1.0];

/**
 * USD reserved per call to a model the price table does not know, and kept as spent when the call settles
 * without a cost: an unknown model is marked unpriced, never silently $0. A flat amount rather than "the
 * most expensive model of the same provider": the usual unpriced model is self-hosted or brand new, whose
 * provider the table often does not know at all, and a flat number is one the budget file can state and
 * a reader can predict. $1.00 is above the worst case of a large call to today's mainstream flagships
 * (100k input + 16,384 output tokens: gpt-4o about $0.41, claude-sonnet-4-5 about $0.55), though premium
 * reasoning models (o1-pro) cost more; with the usual per-user hourly caps it errs towards rejecting.
 * Set `unpricedModelUsd` to your own estimate of such a call.
 */
export const DEFAULT_UNPRICED_MODEL_USD = 1;

/**
 * Validates a budget configuration (as read from YAML/JSON, or written in code) and returns it frozen.
 * `sourceName` starts every error message, e.g. `budget file ./budget.yaml`.
 */
export function parseBudgetConfig(input: unknown, sourceName = 'budget config'): BudgetConfig {
  const c: ConfigChecker = new ConfigChecker(sourceName);
  const root = c.object(input ?? {}, '(top level)');
  c.keys(root, '', TOP_KEYS);

  const store = root.store === undefined ? 'memory' : c.string(root.store, 'store');
  checkStore(c, store, 'store');
  const keyPrefix = root.keyPrefix === undefined ? '{llmcost}' : c.string(root.keyPrefix, 'keyPrefix');

  const perRequestIn = c.object(root.perRequest ?? {}, 'perRequest');
  c.keys(perRequestIn, 'perRequest', ['maxInputTokens', 'maxOutputTokens', 'onMaxOutputTokens']);

  const usersIn = c.object(root.users ?? {}, 'users');
  c.keys(usersIn, 'users', ['default', 'tiers', 'anonymous']);
  const defaultCaps = userCaps(c, usersIn.default ?? {}, 'users.default');
  const tiersIn = c.object(usersIn.tiers ?? {}, 'users.tiers');
  const tiers: Record<string, UserCaps> = {};
  for (const [tier, caps] of Object.entries(tiersIn)) tiers[tier] = userCaps(c, caps, `users.tiers.${tier}`);

  const featuresIn = c.object(root.features ?? {}, 'features');
  const features: Record<string, FeatureCaps> = {};
  for (const [feature, caps] of Object.entries(featuresIn)) {
    const key = `features.${feature}`;
    const obj = c.object(caps, key);
    c.keys(obj, key, FEATURE_KEYS);
    features[feature] = strip({
      dayUsd: c.usd(obj.dayUsd, `${key}.dayUsd`),
      monthUsd: c.usd(obj.monthUsd, `${key}.monthUsd`),
    });
  }

  const globalIn = c.object(root.global ?? {}, 'global');
  c.keys(globalIn, 'global', ['monthUsd', 'dayUsd', 'alertAt']);
  const monthUsd = c.usd(globalIn.monthUsd, 'global.monthUsd');
  const dayUsd = c.usd(globalIn.dayUsd, 'global.dayUsd');
  let alertAt = DEFAULT_ALERT_AT;
  if (globalIn.alertAt !== undefined) {
    if (!Array.isArray(globalIn.alertAt))
      c.fail('global.alertAt', 'must be a list of fractions like [0.8, 0.9, 1.0]', globalIn.alertAt);
    alertAt = globalIn.alertAt.map((v, i) => c.fraction(v, `global.alertAt[${i}]`, 10));
    alertAt.sort((a, b) => a - b);
  }

  const downgradeIn = root.downgrade ?? [];
  if (!Array.isArray(downgradeIn))
    c.fail(
      'downgrade',
      'must be a list of rules { whenGlobalUtilisationAbove, features, from, to }',
      downgradeIn,
    );
  const downgrade = downgradeIn.map((rule, i) => downgradeRule(c, rule, `downgrade[${i}]`));
  if (downgrade.length > 0 && monthUsd === undefined && dayUsd === undefined) {
    c.fail('downgrade', 'needs global.monthUsd or global.dayUsd to measure utilisation against (add one)');
  }

  const spikeIn = c.object(root.userSpike ?? {}, 'userSpike');
  c.keys(spikeIn, 'userSpike', ['usdPerHour', 'shareOfGlobalDay']);

  const ttl = root.reservationTtlSeconds ?? 300;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1) {
    return c.fail('reservationTtlSeconds', 'must be a whole number of seconds, at least 1', ttl);
  }

  const config: BudgetConfig = {
    store,
    onStoreError: c.oneOf(root.onStoreError, 'onStoreError', ['open', 'closed'], 'open'),
    keyPrefix,
    perRequest: strip({
      maxInputTokens: c.tokens(perRequestIn.maxInputTokens, 'perRequest.maxInputTokens'),
      maxOutputTokens: c.tokens(perRequestIn.maxOutputTokens, 'perRequest.maxOutputTokens'),
      onMaxOutputTokens: c.oneOf(
        perRequestIn.onMaxOutputTokens,
        'perRequest.onMaxOutputTokens',
        ['reject', 'clamp'],
        'reject',
      ),
    }),
    users: {
      default: defaultCaps,
      tiers,
      anonymous:
        usersIn.anonymous === undefined ? defaultCaps : userCaps(c, usersIn.anonymous, 'users.anonymous'),
    },
    features,
    global: strip({ monthUsd, dayUsd, alertAt }),
    downgrade,
    userSpike: strip({
      usdPerHour: c.usd(spikeIn.usdPerHour, 'userSpike.usdPerHour'),
      shareOfGlobalDay:
        spikeIn.shareOfGlobalDay === undefined
          ? 0.01
          : c.fraction(spikeIn.shareOfGlobalDay, 'userSpike.shareOfGlobalDay'),
    }),
    reservationTtlSeconds: ttl,
    unpricedModelUsd: c.usd(root.unpricedModelUsd, 'unpricedModelUsd') ?? DEFAULT_UNPRICED_MODEL_USD,
    ...parseReservePolicy(c, root),
  };
  return deepFreeze(config);
}

/** Validates a store value (from the file or from `LLMCOST_REDIS_URL`). */
export function checkStore(c: ConfigChecker, store: string, key: string): void {
  if (store === 'memory') return;
  let url: URL | undefined;
  try {
    url = new URL(store);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) {
    c.fail(key, 'must be "memory" or a redis:// or rediss:// URL', store);
  }
}

function userCaps(c: ConfigChecker, value: unknown, key: string): UserCaps {
  const obj = c.object(value, key);
  c.keys(obj, key, USER_KEYS);
  return strip({
    hourUsd: c.usd(obj.hourUsd, `${key}.hourUsd`),
    dayUsd: c.usd(obj.dayUsd, `${key}.dayUsd`),
    monthUsd: c.usd(obj.monthUsd, `${key}.monthUsd`),
  });
}

function downgradeRule(c: ConfigChecker, value: unknown, key: string): DowngradeRule {
  const obj = c.object(value, key);
  c.keys(obj, key, ['whenGlobalUtilisationAbove', 'features', 'from', 'to']);
  if (obj.whenGlobalUtilisationAbove === undefined)
    c.fail(`${key}.whenGlobalUtilisationAbove`, 'is required (e.g. 0.9 for 90%)');
  const threshold = c.fraction(obj.whenGlobalUtilisationAbove, `${key}.whenGlobalUtilisationAbove`);
  if (!Array.isArray(obj.features) || obj.features.length === 0) {
    c.fail(`${key}.features`, 'must be a non-empty list of feature names', obj.features);
  }
  const features = obj.features.map((f, i) => c.string(f, `${key}.features[${i}]`));
  const from = c.string(obj.from, `${key}.from`);
  const to = c.string(obj.to, `${key}.to`);
  if (from === to) c.fail(`${key}.to`, 'must name a different (cheaper) model than from', to);
  return { whenGlobalUtilisationAbove: threshold, features, from, to };
}

function strip<T extends object>(obj: T): T {
  for (const k of Object.keys(obj) as (keyof T)[]) if (obj[k] === undefined) delete obj[k];
  return obj;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
