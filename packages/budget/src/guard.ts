import { randomBytes } from 'node:crypto';
import { TokenizerMissingError, tokenizerInstalled } from '@llmcost/pricing';
import { trace } from '@opentelemetry/api';
import type { Redis, RedisOptions } from 'ioredis';
import { BudgetAlerts } from './alerts.js';
import { capExceeded } from './cap-details.js';
import { ConfigChecker } from './config/check.js';
import { loadBudgetConfig } from './config/load.js';
import { checkStore, parseBudgetConfig } from './config/parse.js';
import type { BudgetConfig } from './config/types.js';
import { type BudgetExceededDetails, BudgetExceededError } from './errors.js';
import { ExpectedOutput } from './expected-output.js';
import { growReservation, type MeterDeps } from './grow-reservation.js';
import { type CallShape, HELD, type Held, type HeldReservation, heldOf, type UserRef } from './held.js';
import { nanosToUsd, usdToNanos, usdToNanosCeil } from './money.js';
import { addOvershoot } from './overshoot.js';
import { type CallPlan, type ExpectedOutputTokens, lazyText, planCall } from './plan.js';
import { type BudgetPricing, defaultPricing } from './pricing.js';
import { ScopeKeys, type ScopeLine } from './scopes.js';
import { MemoryStore } from './store/memory-store.js';
import { RedisStore } from './store/redis-store.js';
import type { BudgetStore, ReserveResult } from './store/types.js';
import { UnavailableStore } from './store/unavailable-store.js';
import { StreamMeter } from './stream-meter.js';
import { BudgetTelemetry } from './telemetry.js';
import type {
  BudgetCheck,
  BudgetDecision,
  BudgetGuardLike,
  BudgetRequest,
  MeterDecision,
  Reservation,
  SettleOutcome,
} from './types.js';

export interface BudgetGuardOptions {
  /** Epoch milliseconds; inject to test window rollover and reservation expiry. Default `Date.now`. */
  clock?: () => number;
  /** An ioredis client you manage, or ioredis options merged over the guard's (fail-fast) defaults. */
  redis?: Redis | Partial<RedisOptions>;
  /** Prices and token counts; default @llmcost/pricing. */
  pricing?: BudgetPricing;
  /** Environment read for `LLMCOST_REDIS_URL`; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The store cannot be set up, for this reason (one line, no secrets): every call then fails the store check and
   * `onStoreError` decides, as with an unreachable Redis. For a bootstrap that found a bad store setting.
   */
  storeUnavailable?: string;
}

const STORE_RETRY_SECONDS = 5;

/** The request's user; `userLabel` (the pseudonym) defaults to the id. */
function userOf(request: BudgetRequest): UserRef | undefined {
  if (request.userId === undefined) return undefined;
  return { id: request.userId, label: request.userLabel ?? request.userId };
}

type Evaluation =
  | { rejected: BudgetExceededDetails }
  | {
      plan: CallPlan;
      result: ReserveResult;
      lines: ScopeLine[];
      nowMs: number;
      id: string;
      text: () => string;
    };

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
  /** Undefined under `reserve: worst-case`. */
  private readonly expected: ExpectedOutput | undefined;
  private readonly meterDeps: MeterDeps;

  constructor(config: BudgetConfig, options: BudgetGuardOptions = {}) {
    // gpt-tokenizer is optional for @llmcost/pricing; the default pricing counts a prompt exactly when its byte
    // bound does not fit, and meters streams by their tokens: said now, not at the first tight call.
    if (options.pricing === undefined && !tokenizerInstalled()) {
      throw new TokenizerMissingError('a budget guard with the default pricing');
    }
    const env = options.env ?? process.env;
    const storeUrl =
      options.storeUnavailable !== undefined ? config.store : env.LLMCOST_REDIS_URL || config.store;
    if (env.LLMCOST_REDIS_URL && options.storeUnavailable === undefined)
      checkStore(new ConfigChecker('environment'), storeUrl, 'LLMCOST_REDIS_URL');
    this.config = storeUrl === config.store ? config : Object.freeze({ ...config, store: storeUrl });
    this.clock = options.clock ?? Date.now;
    this.pricing = options.pricing ?? defaultPricing;
    this.scopes = new ScopeKeys(this.config);
    this.telemetry = new BudgetTelemetry(() => this.gaugeValues());
    const store: BudgetStore =
      options.storeUnavailable !== undefined
        ? new UnavailableStore(options.storeUnavailable)
        : storeUrl === 'memory'
          ? new MemoryStore()
          : new RedisStore({
              url: storeUrl,
              keyPrefix: this.config.keyPrefix,
              redis: options.redis,
              onError: (err) => this.telemetry.warn('store', `budget store error: ${(err as Error).message}`),
            });
    this.store = store;
    this.alerts = new BudgetAlerts(this.config, this.scopes, store, this.telemetry);
    if (this.config.reserve === 'expected') this.expected = new ExpectedOutput(this.config, store);
    this.meterDeps = { config: this.config, store, clock: this.clock, telemetry: this.telemetry };
  }

  /** Would this call fit right now? Nothing is reserved and no counter is incremented. */
  async check(request: BudgetRequest): Promise<BudgetCheck> {
    try {
      this.telemetry.init();
      const outcome = await this.evaluate(request, true);
      if ('rejected' in outcome)
        return { decision: 'rejected', error: new BudgetExceededError(outcome.rejected) };
      const { plan, result } = outcome;
      const variant = result.variant >= 0 ? plan.variants[result.variant] : undefined;
      return this.shape(request, plan, result, {
        reserveUsd: nanosToUsd(result.amountNanos),
        worstCaseUsd: nanosToUsd(variant ? variant.worstNanos : plan.worstNanos),
      });
    } catch (err) {
      return this.onFailure(err, request, () => ({ decision: 'allowed', reserveUsd: 0, worstCaseUsd: 0 }));
    }
  }

  /**
   * Reserves the call's expected cost (or its worst case under `reserve: worst-case`) in every applicable
   * scope, or says why it cannot be made.
   */
  async reserve(request: BudgetRequest): Promise<BudgetDecision> {
    try {
      this.telemetry.init();
      const outcome = await this.evaluate(request, false);
      if ('rejected' in outcome) return this.reject(outcome.rejected);
      const { plan, result, lines, id, nowMs, text } = outcome;
      const variant = result.variant >= 0 ? plan.variants[result.variant] : undefined;
      const call: CallShape = {
        provider: request.provider,
        model: variant ? variant.rule.to : request.model,
        feature: request.feature,
        inputTokens: plan.inputTokens,
        exact: plan.exact,
        text,
      };
      const reservation = this.hold(id, lines, result.amountNanos, userOf(request), nowMs, call);
      const decision = this.shape(request, plan, result, { reservation });
      if (decision.decision === 'downgraded') this.telemetry.downgraded(request.feature, request.model);
      return decision;
    } catch (err) {
      return this.onFailure(err, request, () => {
        // Fail open: the call goes ahead with a reservation the store never recorded; settling it still
        // adds the actual cost once the store is reachable.
        const nowMs = this.clock();
        const { lines } = this.scopes.linesFor(request, nowMs);
        const held = this.hold(this.newId(), lines, 0, userOf(request), nowMs, undefined);
        return { decision: 'allowed', reservation: held };
      });
    }
  }

  /**
   * Settles a reservation to the actual cost. `undefined` (unknown: an unpriced model, or usage never
   * reported) keeps the reserved amount as spent, so an unpriced call is never a silent $0; a call that
   * billed nothing (the API failed before answering) settles with an explicit 0. Idempotent.
   * `outcome.outputTokens`, for a call that ran to its natural end, teaches the expected-cost policy.
   */
  async settle(
    reservation: Reservation,
    actualUsd: number | undefined,
    outcome: SettleOutcome = {},
  ): Promise<void> {
    const held = heldOf(reservation);
    if (!held || held.settled) return;
    held.settled = true;
    // The span active when settle is called (the LLM call's), taken before any await.
    const span = trace.getActiveSpan();
    try {
      // A metering write still in flight goes first, so the store adjusts the amount it really holds.
      if (held.metering !== undefined) await held.metering.catch(() => {});
      // A non-finite cost is a caller bug: treated as unknown (the conservative side), not as free.
      const actualNanos =
        actualUsd === undefined || !Number.isFinite(actualUsd)
          ? held.amountNanos
          : actualUsd > 0
            ? usdToNanos(actualUsd)
            : 0;
      const nowMs = this.clock();
      const { outputTokens } = outcome;
      const sample =
        this.expected !== undefined &&
        held.call !== undefined &&
        typeof outputTokens === 'number' &&
        Number.isFinite(outputTokens) &&
        outputTokens >= 0
          ? this.expected.sample(held.call.feature, held.call.model, outputTokens)
          : undefined;
      const after = await this.store.settle({
        id: reservation.id,
        nowMs,
        keys: held.lines.map((l) => l.key),
        ttlSeconds: held.lines.map((l) => l.ttlSeconds),
        reservedNanos: held.amountNanos,
        actualNanos,
        ...(sample ? { sample } : {}),
      });
      if (after.length === held.lines.length) {
        addOvershoot(held, after, actualNanos - held.amountNanos);
        this.telemetry.overshoot(span, held.lines, held.overshootNanos);
        await this.alerts.afterSettle(span, held.user, held.lines, after, nowMs);
      }
    } catch (err) {
      this.telemetry.warn('settle', `settle failed: ${(err as Error).message}`);
    }
  }

  /**
   * A running stream has cost `partialCostUsd` so far. Within its reservation nothing is debited (the call
   * only pushes the reservation's expiry out). Past it, the reservation grows to that amount in every scope
   * at once; or, when a capped scope has no room left and `metering.onCapMidStream` is `cut`, nothing is
   * written and the answer is `cut` with a `BudgetExceededError` carrying the partial cost (`finish` debits
   * past the cap and counts the overshoot). Calls for one reservation run one after the other. Never throws:
   * a store failure answers `continue`.
   */
  meter(reservation: Reservation, partialCostUsd: number): Promise<MeterDecision> {
    const held = heldOf(reservation);
    if (!held || held.settled || !Number.isFinite(partialCostUsd))
      return Promise.resolve({ decision: 'continue' });
    const partialNanos = usdToNanosCeil(partialCostUsd);
    const run = (): Promise<MeterDecision> =>
      held.settled
        ? Promise.resolve({ decision: 'continue' })
        : growReservation(this.meterDeps, held, reservation.id, Math.max(held.amountNanos, partialNanos));
    const prior = held.metering;
    const write: Promise<MeterDecision> = prior ? prior.then(run, run) : run();
    held.metering = write;
    const clear = () => {
      if (held.metering === write) held.metering = undefined;
    };
    write.then(clear, clear);
    return write;
  }

  /**
   * A meter for a streamed call: feed it the streamed text; it prices the tokens and calls `meter` at most
   * every `metering.everyTokens` tokens or `everyMs` ms once the stream is past its reservation. Undefined
   * under `reserve: worst-case` (the reservation already covers any output) or for a reservation the store
   * never recorded (it failed open).
   */
  streamMeter(reservation: Reservation): StreamMeter | undefined {
    const held = heldOf(reservation);
    if (!held || held.settled || held.call === undefined || this.expected === undefined) return undefined;
    return new StreamMeter(held, held.call, this.config, this.pricing, this.clock, (usd) =>
      this.meter(reservation, usd),
    );
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
    const expected: ExpectedOutputTokens | undefined = await this.expected?.lookup(request, nowMs);
    let planned = planCall(this.config, this.pricing, request, text, false, expected);
    if ('rejected' in planned) return { rejected: planned.rejected };
    let result = await this.store.reserve(this.op(id, planned.plan, lines, globalLines, nowMs, dryRun));
    // The cheap bound did not fit: only now is the prompt tokenized, and the exact amount tried.
    if (!result.ok && !planned.plan.exact) {
      planned = planCall(this.config, this.pricing, request, text, true, expected);
      if ('rejected' in planned) return { rejected: planned.rejected };
      result = await this.store.reserve(this.op(id, planned.plan, lines, globalLines, nowMs, dryRun));
    }
    if (!result.ok)
      return {
        rejected: capExceeded(
          lines[result.failedLine]!,
          result.spentNanos[result.failedLine] ?? 0,
          result.amountNanos,
          nowMs,
          userOf(request),
          this.config.reserve,
        ),
      };
    return { plan: planned.plan, result, lines, nowMs, id, text };
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
    nowMs: number,
    call: CallShape | undefined,
  ): HeldReservation {
    const held: Held = {
      lines,
      amountNanos,
      settled: false,
      user,
      overshootNanos: lines.map(() => 0),
      touchedAtMs: nowMs,
    };
    if (call !== undefined) held.call = call;
    return { id, reservedUsd: nanosToUsd(amountNanos), [HELD]: held };
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
