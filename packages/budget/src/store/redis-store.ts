import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import { OutputQuantileCache } from './output-quantile-cache.js';
import { METER_LUA, RESERVE_LUA, SETTLE_LUA } from './redis-scripts.js';
import type {
  BudgetStore,
  MeterOp,
  MeterResult,
  OutputQuantile,
  ReserveOp,
  ReserveResult,
  SettleOp,
} from './types.js';

/** The store could not be reached; the guard applies `onStoreError`. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`budget store unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  /** An ioredis client you manage (not closed by `close()`), or options merged over the defaults below. */
  redis?: Redis | Partial<RedisOptions>;
  /** Every connection or command error, for throttled logging. */
  onError: (err: unknown) => void;
}

const MAX_PENDING_SETTLES = 10_000;

// Fail fast instead of queueing: while Redis is down, commands are rejected at once (no offline queue
// growing with every call) and the guard applies `onStoreError`; ioredis keeps reconnecting in the background.
const DEFAULTS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 1000,
  commandTimeout: 1000,
  enableAutoPipelining: true,
  retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
};

type ScriptClient = Redis & {
  llmcostReserve(...args: (string | number)[]): Promise<(string | number)[]>;
  llmcostSettle(...args: (string | number)[]): Promise<number[]>;
  llmcostMeter(...args: (string | number)[]): Promise<number[]>;
};

// ioredis is an optional peer dependency: only a Redis store needs it. createRequire works in both builds (see
// @llmcost/pricing's load-encoder.ts for why import.meta.url comes first).
const load = createRequire((import.meta as { url?: string }).url ?? __filename);

function ioredis(): typeof import('ioredis') {
  try {
    return load('ioredis') as typeof import('ioredis');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new Error(
      'llmcost: a Redis budget store needs ioredis, which is not installed: npm install ioredis@5',
    );
  }
}

/** Budget counters in Redis, shared by every process that points at it. */
export class RedisStore implements BudgetStore {
  private readonly client: ScriptClient;
  private readonly owned: boolean;
  private readonly openKey: string;
  // Once the first connection attempt has ended (ready or failed), calls never wait for a connection.
  private attempted = false;
  private closed = false;
  // Settlements that could not reach Redis; replayed when the connection is back, so spend made during an
  // outage is still counted (the reservation itself is gone if Redis restarted without persistence).
  private pending: SettleOp[] = [];
  // Commands this store is waiting for. An owned connection holds the process open only while this is
  // above zero: an app under `--import @llmcost/otel/register` must still reach `beforeExit` (which
  // flushes telemetry and closes the guard) once its own work is done.
  private inFlight = 0;
  private readonly refWhenConnected = new WeakMap<object, boolean>();
  private readonly quantiles = new OutputQuantileCache((key) =>
    this.held(async () => {
      await this.ready();
      return this.client.lrange(key, 0, -1);
    }),
  );

  constructor(private readonly options: RedisStoreOptions) {
    this.openKey = `${options.keyPrefix}:open`;
    const { Redis: RedisClient } = ioredis();
    if (options.redis instanceof RedisClient) {
      this.client = options.redis as ScriptClient;
      this.owned = false;
    } else {
      this.client = new RedisClient(options.url, { ...DEFAULTS, ...options.redis }) as ScriptClient;
      this.owned = true;
    }
    this.attempted = this.client.status === 'ready';
    // Without an 'error' listener, ioredis would emit an unhandled 'error' event and crash the process.
    this.client.on('error', (err) => {
      this.attempted = true;
      options.onError(err);
    });
    this.client.on('close', () => {
      this.attempted = true;
    });
    this.client.on('ready', () => {
      this.attempted = true;
      void this.replay();
      if (this.inFlight === 0) this.setRef(false);
    });
    // ioredis's reconnect timer must not keep an idle process alive while Redis is down either.
    this.client.on('reconnecting', () => {
      // Emitted on the next tick, after ioredis armed the timer (a private field, hence the cast).
      const timer = (this.client as unknown as { reconnectTimeout?: NodeJS.Timeout | null }).reconnectTimeout;
      if (this.owned && this.inFlight === 0) timer?.unref?.();
    });
    this.client.defineCommand('llmcostReserve', { lua: RESERVE_LUA });
    this.client.defineCommand('llmcostSettle', { lua: SETTLE_LUA });
    this.client.defineCommand('llmcostMeter', { lua: METER_LUA });
  }

  reserve(op: ReserveOp): Promise<ReserveResult> {
    return this.held(() => this.reserveHeld(op));
  }

  private async reserveHeld(op: ReserveOp): Promise<ReserveResult> {
    await this.ready();
    const args: (string | number)[] = [op.lines.length + 1, this.openKey];
    for (const line of op.lines) args.push(line.key);
    args.push(op.nowMs, op.dryRun ? '1' : '0', op.id, op.expiresAtMs, op.amountNanos, op.variants.length);
    for (const v of op.variants) args.push(v.threshold, v.amountNanos);
    args.push(op.globalLines.length);
    for (const i of op.globalLines) args.push(i + 1);
    for (const line of op.lines) args.push(line.limitNanos, line.ttlSeconds);
    let reply: (string | number)[];
    try {
      reply = await this.client.llmcostReserve(...args);
    } catch (err) {
      if (!op.dryRun) this.releaseUnanswered(op);
      throw new StoreUnavailableError(err);
    }
    const spentNanos = reply.slice(4).map(Number);
    const variant = Number(reply[2]);
    const amountNanos = Number(reply[3]);
    return reply[0] === 1
      ? { ok: true, variant, amountNanos, spentNanos }
      : { ok: false, failedLine: Number(reply[1]), variant, amountNanos, spentNanos };
  }

  async settle(op: SettleOp): Promise<number[]> {
    if (this.client.status !== 'ready') {
      this.enqueue(op);
      return [];
    }
    try {
      return await this.held(() => this.runSettle(op));
    } catch (err) {
      this.options.onError(err);
      this.enqueue(op);
      return [];
    }
  }

  meter(op: MeterOp): Promise<MeterResult> {
    return this.held(async () => {
      await this.ready();
      const args: (string | number)[] = [op.lines.length + 1, this.openKey];
      for (const line of op.lines) args.push(line.key);
      args.push(
        op.id,
        op.heldNanos,
        op.toNanos - op.heldNanos,
        op.toNanos,
        op.expiresAtMs,
        op.force ? '1' : '0',
      );
      for (const line of op.lines) args.push(line.limitNanos, line.ttlSeconds);
      let reply: number[];
      try {
        reply = await this.client.llmcostMeter(...args);
      } catch (err) {
        throw new StoreUnavailableError(err);
      }
      return { ok: reply[0] === 1, failedLine: Number(reply[1]), spentNanos: reply.slice(2).map(Number) };
    });
  }

  outputQuantile(key: string, q: number, nowMs: number): Promise<OutputQuantile> {
    return this.quantiles.get(key, q, nowMs);
  }

  async read(keys: readonly string[]): Promise<number[]> {
    if (keys.length === 0) return [];
    return this.held(async () => {
      await this.ready();
      const values = await this.client.mget(...keys);
      return values.map((v) => (v === null ? 0 : Number(v)));
    });
  }

  markOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return this.held(async () => {
      await this.ready();
      return (await this.client.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.owned) return;
    try {
      if (this.client.status === 'ready') await this.client.quit();
      else this.client.disconnect();
    } catch {
      this.client.disconnect();
    }
  }

  /** Calls made while the first connection is being opened wait for it (up to the connect timeout);
   * after that, an unreachable Redis fails every call at once. */
  private async ready(): Promise<void> {
    const status = this.client.status;
    if (status === 'ready') return;
    if (this.attempted || this.closed || !['wait', 'connecting', 'connect'].includes(status)) {
      throw new StoreUnavailableError(new Error(`connection is ${status}`));
    }
    if (status === 'wait') this.client.connect().catch(() => {});
    const timeoutMs = this.client.options.connectTimeout ?? 1000;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        this.client.off('end', onEnd);
        this.client.off('error', onError);
        if (err) reject(new StoreUnavailableError(err));
        else resolve();
      };
      const onReady = () => done();
      const onEnd = () => done(new Error('connection closed'));
      const onError = (err: Error) => done(err);
      const timer = setTimeout(() => done(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
      this.client.once('ready', onReady);
      this.client.once('end', onEnd);
      this.client.once('error', onError);
    });
  }

  /** Runs `fn` with the connection holding the process open (see `inFlight`). */
  private async held<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inFlight++ === 0) this.setRef(true);
    try {
      return await fn();
    } finally {
      if (--this.inFlight === 0) this.setRef(false);
    }
  }

  private setRef(ref: boolean): void {
    if (!this.owned) return; // a client you manage keeps whatever you chose
    const stream = this.client.stream as
      | {
          ref?: () => void;
          unref?: () => void;
          destroyed?: boolean;
          pending?: boolean;
          once?: (e: string, f: () => void) => void;
        }
      | undefined;
    if (stream === undefined || stream.destroyed === true) return; // a lost connection holds nothing
    if (stream.pending === true && typeof stream.once === 'function') {
      // On a socket not connected yet (ioredis reconnecting), Node's ref() / unref() each queue a 'connect'
      // listener: every call in an outage added one (MaxListenersExceededWarning after 10). One listener per
      // socket instead, applying the last wish.
      const queued = this.refWhenConnected.has(stream);
      this.refWhenConnected.set(stream, ref);
      if (!queued) {
        stream.once('connect', () => {
          const wanted = this.refWhenConnected.get(stream);
          this.refWhenConnected.delete(stream);
          if (wanted) stream.ref?.();
          else stream.unref?.();
        });
      }
      return;
    }
    if (ref) stream.ref?.();
    else stream.unref?.();
  }

  private runSettle(op: SettleOp): Promise<number[]> {
    const { sample } = op;
    const keys = sample ? [...op.keys, sample.key] : op.keys;
    return this.client.llmcostSettle(
      keys.length + 1,
      this.openKey,
      ...keys,
      op.id,
      op.reservedNanos,
      op.actualNanos - op.reservedNanos,
      op.actualNanos,
      sample ? sample.tokens : '',
      sample?.window ?? 0,
      sample?.ttlSeconds ?? 0,
      ...op.ttlSeconds,
    );
  }

  /**
   * A reservation whose reply never came (a slow Redis: `commandTimeout`) may still have been written: the
   * script runs when Redis gets to it. The guard has moved on (its `onStoreError` decision), so that reservation
   * would hold budget nobody settles until its TTL. Release it with a settlement of 0, sent after the reserve on
   * the same connection (or replayed on reconnect); a settlement of a reservation never made changes nothing.
   * The amount is part of the reservation's identity and the script may have picked a variant: one per amount.
   */
  private releaseUnanswered(op: ReserveOp): void {
    const keys = op.lines.map((l) => l.key);
    const ttlSeconds = op.lines.map((l) => l.ttlSeconds);
    const amounts = new Set([op.amountNanos, ...op.variants.map((v) => v.amountNanos)]);
    for (const reservedNanos of amounts) {
      void this.settle({ id: op.id, nowMs: op.nowMs, keys, ttlSeconds, reservedNanos, actualNanos: 0 });
    }
  }

  private enqueue(op: SettleOp): void {
    if (op.keys.length === 0 || this.closed) return;
    if (this.pending.length >= MAX_PENDING_SETTLES) this.pending.shift();
    this.pending.push(op);
  }

  private async replay(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    for (const op of batch) {
      try {
        await this.held(() => this.runSettle(op));
      } catch (err) {
        this.options.onError(err);
        this.enqueue(op);
      }
    }
  }

  /** Settlements waiting for Redis to come back (for tests and diagnostics). */
  get pendingSettles(): number {
    return this.pending.length;
  }
}
