import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { Redis, RedisOptions } from 'ioredis';
import { BudgetAlerts } from './alerts.js';
import { ConfigChecker } from './config/check.js';
import { loadBudgetConfig } from './config/load.js';
import { checkStore, parseBudgetConfig } from './config/parse.js';
import type { BudgetConfig } from './config/types.js';
import { type BudgetExceededDetails, BudgetExceededError } from './errors.js';
import { nanosToUsd, usdToNanos } from './money.js';
import { type CallPlan, lazyText, planCall } from './plan.js';
import { type BudgetPricing, defaultPricing } from './pricing.js';
import { ScopeKeys, type ScopeLine } from './scopes.js';
import { MemoryStore } from './store/memory-store.js';
import { RedisStore } from './store/redis-store.js';
import type { BudgetStore, ReserveResult } from './store/types.js';
import { BudgetTelemetry } from './telemetry.js';
import type { BudgetCheck, BudgetDecision, BudgetGuardLike, BudgetRequest, Reservation } from './types.js';

export interface BudgetGuardOptions {
  /** Epoch milliseconds; inject to test window rollover and reservation expiry. Default `Date.now`. */
  clock?: () => number;
  /** An ioredis client you manage, or ioredis options merged over the guard's (fail-fast) defaults. */
  redis?: Redis | Partial<RedisOptions>;
  /** Prices and token counts; default @llmcost/pricing. */
  pricing?: BudgetPricing;
  /** Environment read for `LLMCOST_REDIS_URL`; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

const HELD = Symbol('llmcost.budget.held');
const STORE_RETRY_SECONDS = 5;

interface Held {
  lines: ScopeLine[];
  amountNanos: number;
  settled: boolean;
  /** The user as store keys know them, and as telemetry may show them (the pseudonym when hashed). */
  user: UserRef | undefined;
}

interface UserRef {
  id: string;
  label: string;
}

/** The request's user; `userLabel` (the pseudonym) defaults to the id. */
function userOf(request: BudgetRequest): UserRef | undefined {
  if (request.userId === undefined) return undefined;
  return { id: request.userId, label: request.userLabel ?? request.userId };
}

type HeldReservation = Reservation & { [HELD]: Held };

type Evaluation =
  | { rejected: BudgetExceededDetails }
  | { plan: CallPlan; result: ReserveResult; lines: ScopeLine[]; nowMs: number; id: string };

/** Creates a guard from a parsed config, a config object written in code, or the path of a YAML/JSON file. */
export function createBudgetGuard(
  configOrPath: BudgetConfig | Record<string, unknown> | string,
  options: BudgetGuardOptions = {},
): BudgetGuard {
  const config =
    typeof configOrPath === 'string' ? loadBudgetConfig(configOrPath) : parseBudgetConfig(configOrPath);
  return new BudgetGuard(config, options);
}

/**
 * Enforces per-request, per-user, per-feature and global budgets before an LLM call is made. Implements
 * `BudgetGuardLike` for the instrumentation; usable on its own (see README.md). Never throws: failures
 * go to `diag` and the store-error policy decides.
 */
export class BudgetGuard implements BudgetGuardLike {
  readonly config: BudgetConfig;
  private readonly store: BudgetStore;
  private readonly clock: () => number;
  private readonly pricing: BudgetPricing;
  private readonly scopes: ScopeKeys;
  private readonly telemetry: BudgetTelemetry;
  private readonly idPrefix = randomBytes(6).toString('hex');
  private nextId = 0;
  private readonly alerts: BudgetAlerts;

  constructor(config: BudgetConfig, options: BudgetGuardOptions = {}) {
    const env = options.env ?? process.env;
    const storeUrl = env.LLMCOST_REDIS_URL || config.store;
    if (env.LLMCOST_REDIS_URL) checkStore(new ConfigChecker('environment'), storeUrl, 'LLMCOST_REDIS_URL');
    this.config = storeUrl === config.store ? config : Object.freeze({ ...config, store: storeUrl });
    this.clock = options.clock ?? Date.now;
    this.pricing = options.pricing ?? defaultPricing;
    this.scopes = new ScopeKeys(this.config);
    this.telemetry = new BudgetTelemetry(() => this.gaugeValues());
    const store: BudgetStore =
      storeUrl === 'memory'
        ? new MemoryStore()
        : new RedisStore({
            url: storeUrl,
            keyPrefix: this.config.keyPrefix,
            redis: options.redis,
            onError: (err) => this.telemetry.warn('store', `budget store error: ${(err as Error).message}`),
          });
    this.store = store;
    this.alerts = new BudgetAlerts(this.config, this.scopes, store, this.telemetry);
  }

  /** Would this call fit right now? Nothing is reserved and no counter is incremented. */
  async check(request: BudgetRequest): Promise<BudgetCheck> {
    try {
      this.telemetry.init();
      const outcome = await this.evaluate(request, true);
      if ('rejected' in outcome)
        return { decision: 'rejected', error: new BudgetExceededError(outcome.rejected) };
      return this.shape(request, outcome.plan, outcome.result, {
        worstCaseUsd: nanosToUsd(outcome.result.amountNanos),
      });
    } catch (err) {
      return this.onFailure(err, request, () => ({ decision: 'allowed', worstCaseUsd: 0 }));
    }
  }

  /** Reserves the call's worst-case cost in every applicable scope, or says why it cannot be made. */
  async reserve(request: BudgetRequest): Promise<BudgetDecision> {
    try {
      this.telemetry.init();
      const outcome = await this.evaluate(request, false);
      if ('rejected' in outcome) return this.reject(outcome.rejected);
      const { plan, result, lines, id } = outcome;
      const reservation = this.hold(id, lines, result.amountNanos, userOf(request));
      const decision = this.shape(request, plan, result, { reservation });
      if (decision.decision === 'downgraded') this.telemetry.downgraded(request.feature, request.model);
      return decision;
    } catch (err) {
      return this.onFailure(err, request, () => {
        // Fail open: the call goes ahead with a reservation the store never recorded; settling it still
        // adds the actual cost once the store is reachable.
        const nowMs = this.clock();
        const { lines } = this.scopes.linesFor(request, nowMs);
        return { decision: 'allowed', reservation: this.hold(this.newId(), lines, 0, userOf(request)) };
      });
    }
  }

  /**
   * Settles a reservation to the actual cost. `undefined` (unknown: an unpriced model, or usage never
   * reported) keeps the reserved amount as spent, so an unpriced call is never a silent $0; a call that
   * billed nothing (the API failed before answering) settles with an explicit 0. Idempotent.
   */
  async settle(reservation: Reservation, actualUsd: number | undefined): Promise<void> {
    const held = (reservation as Partial<HeldReservation>)[HELD];
    if (!held || held.settled) return;
    held.settled = true;
    // The span active when settle is called (the LLM call's), taken before any await.
    const span = trace.getActiveSpan();
    try {
      // A non-finite cost is a caller bug: treated as unknown (the conservative side), not as free.
      const actualNanos =
        actualUsd === undefined || !Number.isFinite(actualUsd)
          ? held.amountNanos
          : actualUsd > 0
            ? usdToNanos(actualUsd)
            : 0;
      const nowMs = this.clock();
      const after = await this.store.settle({
        id: reservation.id,
        nowMs,
        keys: held.lines.map((l) => l.key),
        ttlSeconds: held.lines.map((l) => l.ttlSeconds),
        reservedNanos: held.amountNanos,
        actualNanos,
      });
      if (after.length === held.lines.length)
        await this.alerts.afterSettle(span, held.user, held.lines, after, nowMs);
    } catch (err) {
      this.telemetry.warn('settle', `settle failed: ${(err as Error).message}`);
    }
  }

  /** Stops observing gauges and closes the store connection (a client passed in `redis` stays open). */
  async close(): Promise<void> {
    this.telemetry.close();
    await this.store.close();
  }

  private async evaluate(request: BudgetRequest, dryRun: boolean): Promise<Evaluation> {
    const text = lazyText(request);
    const nowMs = this.clock();
    const id = this.newId();
    const { lines, globalLines } = this.scopes.linesFor(request, nowMs);
    let planned = planCall(this.config, this.pricing, request, text, false);
    if ('rejected' in planned) return { rejected: planned.rejected };
    let result = await this.store.reserve(this.op(id, planned.plan, lines, globalLines, nowMs, dryRun));
    // The cheap bound did not fit: only now is the prompt tokenized, and the exact worst case tried.
    if (!result.ok && !planned.plan.exact) {
      planned = planCall(this.config, this.pricing, request, text, true);
      if ('rejected' in planned) return { rejected: planned.rejected };
      result = await this.store.reserve(this.op(id, planned.plan, lines, globalLines, nowMs, dryRun));
    }
    if (!result.ok)
      return { rejected: this.exceeded(lines[result.failedLine]!, result, nowMs, userOf(request)) };
    return { plan: planned.plan, result, lines, nowMs, id };
  }

  private newId(): string {
    return `${this.idPrefix}-${++this.nextId}`;
  }

  private op(
    id: string,
    plan: CallPlan,
    lines: ScopeLine[],
    globalLines: number[],
    nowMs: number,
    dryRun: boolean,
  ) {
    return {
      id,
      nowMs,
      expiresAtMs: nowMs + this.config.reservationTtlSeconds * 1000,
      lines,
      amountNanos: plan.amountNanos,
      variants: plan.variants,
      globalLines,
      dryRun,
    };
  }

  private hold(
    id: string,
    lines: ScopeLine[],
    amountNanos: number,
    user: UserRef | undefined,
  ): HeldReservation {
    return {
      id,
      reservedUsd: nanosToUsd(amountNanos),
      [HELD]: { lines, amountNanos, settled: false, user },
    };
  }

  private shape<T extends object>(request: BudgetRequest, plan: CallPlan, result: ReserveResult, extra: T) {
    const clamp = plan.clampTo !== undefined ? { maxOutputTokens: plan.clampTo } : {};
    const variant = result.variant >= 0 ? plan.variants[result.variant] : undefined;
    if (variant) {
      return {
        decision: 'downgraded' as const,
        model: variant.rule.to,
        downgradedFrom: request.model,
        ...extra,
        ...clamp,
      };
    }
    return { decision: 'allowed' as const, ...extra, ...clamp };
  }

  private exceeded(
    line: ScopeLine,
    result: ReserveResult,
    nowMs: number,
    user: UserRef | undefined,
  ): BudgetExceededDetails {
    const details: BudgetExceededDetails = {
      reason: `${line.window}_limit`,
      scope: line.scope === 'tier' ? 'user' : line.scope,
      window: line.window,
      limitUsd: nanosToUsd(line.limitNanos),
      spentUsd: nanosToUsd(result.spentNanos[(result as { failedLine: number }).failedLine] ?? 0),
      requestedUsd: nanosToUsd(result.amountNanos),
      retryAfterSeconds: Math.max(1, Math.ceil((line.endsAt - nowMs) / 1000)),
      resetsAt: line.endsAt,
    };
    // A user cap names the user as telemetry does (the pseudonym when ids are hashed): the error's message
    // ends up in logs and on the span, where the raw id must not appear.
    const subject = line.scope === 'user' && user !== undefined ? user.label : line.subject;
    if (subject !== undefined) details.subject = subject;
    return details;
  }

  private reject(details: BudgetExceededDetails): BudgetDecision {
    this.telemetry.rejected(details.scope, details.reason);
    return { decision: 'rejected', error: new BudgetExceededError(details) };
  }

  private onFailure<T>(
    err: unknown,
    request: BudgetRequest,
    open: () => T,
  ): T | { decision: 'rejected'; error: Error } {
    this.telemetry.warn(
      'reserve',
      `budget check failed for ${request.model} (${this.config.onStoreError === 'open' ? 'allowing' : 'rejecting'}): ${(err as Error).message}`,
    );
    if (this.config.onStoreError === 'closed') {
      const details: BudgetExceededDetails = {
        reason: 'store_unavailable',
        scope: 'store',
        retryAfterSeconds: STORE_RETRY_SECONDS,
      };
      this.telemetry.rejected('store', 'store_unavailable');
      return { decision: 'rejected', error: new BudgetExceededError(details) };
    }
    return open();
  }

  private async gaugeValues(): Promise<{ line: ScopeLine; spentNanos: number }[]> {
    const nowMs = this.clock();
    const lines = this.scopes.gaugeLines(nowMs);
    const values = await this.store.read(
      lines.map((l) => l.key),
      nowMs,
    );
    return lines.map((line, i) => ({ line, spentNanos: values[i] ?? 0 }));
  }
}
